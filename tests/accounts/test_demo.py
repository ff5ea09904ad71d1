from django.core.management import call_command

from sanxiang.accounts.models import User
from sanxiang.catalog.enums import EffectiveStatus
from sanxiang.catalog.models import Agency, Certificate, Officer
from sanxiang.core import clock


def test_demo_is_created_once_and_has_every_role(db, capsys):
    call_command("demo")
    first = capsys.readouterr().out
    counts = (
        Agency.objects.count(),
        Officer.objects.count(),
        Certificate.objects.count(),
        User.objects.count(),
    )
    call_command("demo")
    second = capsys.readouterr().out
    assert (
        Agency.objects.count(),
        Officer.objects.count(),
        Certificate.objects.count(),
        User.objects.count(),
    ) == counts
    assert "已存在" in second
    assert "sanxiang-demo-2026" in first
    assert set(User.objects.values_list("role", flat=True)) == {
        "officer",
        "head",
        "legal_reviewer",
        "publication_officer",
        "supervisor",
        "admin",
    }
    assert 20 <= Officer.objects.count() <= 25
    statuses = {c.effective_status(clock.today()) for c in Certificate.objects.all()}
    assert {EffectiveStatus.VALID, EffectiveStatus.REVOKED, EffectiveStatus.EXPIRED} <= statuses
    assert Agency.objects.filter(kind="entrusted").exclude(entrustment_letter="").exists()


def test_demo_signs_a_checkpoint_that_verifies(db, capsys, settings, tmp_path):
    from sanxiang.recordlog import queries
    from sanxiang.recordlog.verify import verify_log

    settings.RECORDLOG_SIGNING_KEY_FILE = tmp_path / "demo.key"
    call_command("demo")
    out = capsys.readouterr().out
    assert "记录日志签名密钥已生成" in out
    checkpoint = queries.latest_checkpoint()
    assert checkpoint is not None
    assert checkpoint.tree_size == queries.tree_size() > 50
    report = verify_log()
    assert not report.problems
