"""`sanxiang demo` ends with the demo's closed general case sealed: its photo, audio and video from
the investigation, archived and verifiable; run twice, nothing is duplicated."""

from __future__ import annotations

from django.core.management import call_command

from sanxiang.casefiles.demo import TITLE
from sanxiang.casefiles.verify import verify_package
from sanxiang.cases.models import Case
from sanxiang.evidence import blobs
from sanxiang.evidence.models import Blob, Evidence
from sanxiang.recordlog.models import Entry


def test_the_demo_has_an_archived_full_case_file_and_stays_idempotent(db, settings, tmp_path, capsys):
    settings.RECORDLOG_SIGNING_KEY_FILE = tmp_path / "demo.key"
    call_command("demo")
    case = Case.objects.get(title=TITLE)
    assert case.state == "closed" and case.archived_at is not None
    investigation = case.acts.get(act="start_investigation")
    assert set(Evidence.objects.filter(case=case).values_list("act", flat=True)) == {investigation.pk}
    mimes = sorted(Evidence.objects.filter(case=case).values_list("mime", flat=True))
    assert any(m.startswith("image/") for m in mimes) and any(m.startswith("video/") for m in mimes)
    assert any(m.startswith("audio/") for m in mimes)
    package = tmp_path / "demo.zip"
    package.write_bytes(b"".join(blobs.iter_blob(case.archive_digest)))
    report = verify_package(package)
    assert report.ok, report.problems
    assert report.summary["evidence"] == 4  # 2 photos, audio, video
    # 11 documents issued at their steps while the demo replayed the case, each as PDF and Word.
    assert report.summary["documents"] == 22
    assert report.summary["logged_files"] == 4 + 22
    assert Case.objects.filter(archived_at__isnull=False).count() == 1

    counts = (Case.objects.count(), Evidence.objects.count(), Blob.objects.count())
    entries = Entry.objects.count()
    call_command("demo")
    capsys.readouterr()
    assert (Case.objects.count(), Evidence.objects.count(), Blob.objects.count()) == counts
    assert Entry.objects.count() == entries  # no file or seal was recorded twice
