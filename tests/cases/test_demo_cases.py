"""`sanxiang demo` runs one case of each procedure to its end through the real engine, leaves one
general case open with a decision due in the next days, stays idempotent, and its record log still
verifies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from sanxiang.cases.enums import CaseState, DeadlineStatus
from sanxiang.cases.models import Act, Case, CaseDeadline
from sanxiang.cases.procedures.engine import PROCEDURES
from sanxiang.core import clock
from sanxiang.recordlog.models import Entry


@pytest.fixture
def demo(db, settings, tmp_path, capsys):
    settings.RECORDLOG_SIGNING_KEY_FILE = tmp_path / "demo.key"
    call_command("demo")
    capsys.readouterr()


def test_the_demo_has_one_closed_case_per_procedure(demo):
    closed = Case.objects.filter(state=CaseState.CLOSED)
    assert set(closed.values_list("procedure", flat=True)) == set(PROCEDURES)
    general = closed.get(procedure="general", number="市场监管立〔2026〕1号")
    assert general.number == "市场监管立〔2026〕1号"
    assert list(general.acts.values_list("act", flat=True)) == [
        "open",
        "file",
        "start_investigation",
        "close_investigation",
        "serve_prior_notice",
        "waive_rights",
        "decide",
        "serve_decision",
        "record_execution",
        "close",
    ]
    investigation = general.acts.get(act="start_investigation")
    assert len([o for o in investigation.officers if o["certificate"]]) == 2
    assert general.filed_on == dt.date(2026, 3, 2) and general.decided_fine == 50000
    for case in closed:
        assert not case.deadlines.filter(status=DeadlineStatus.OPEN).exists()
        assert case.acts.order_by("occurred_at").last().occurred_at.year == 2026
    assert closed.get(procedure="simple").number.startswith("市场监管简〔2026〕")
    assert closed.get(procedure="inspection").number.startswith("市场监管检〔2026〕")


def test_one_general_case_is_left_open_with_a_deadline_due_soon(demo):
    case = Case.objects.get(procedure="general", state=CaseState.PRIOR_NOTICE_SERVED)
    decision = CaseDeadline.objects.get(case=case, rule_id="penalty.decision", status=DeadlineStatus.OPEN)
    today = clock.today()
    assert today <= decision.due <= today + dt.timedelta(days=3)
    assert "立案起90日" in decision.explanation


def test_the_workbench_lists_the_open_case_as_due_soon(demo, client):
    from sanxiang.accounts.models import User

    client.force_login(
        User.objects.get(username="scjg_officer"), backend="django.contrib.auth.backends.ModelBackend"
    )
    page = client.get("/cases/").content.decode()
    assert "青溪县鲜果坊食品店经营超过保质期的食品案" in page
    assert "due-soon" in page and "市场监管立〔2026〕2号" in page


def test_the_demo_cases_are_added_once_and_the_log_verifies(demo, capsys):
    counts = (Case.objects.count(), Act.objects.count(), Entry.objects.count())
    call_command("demo")
    assert (Case.objects.count(), Act.objects.count()) == counts[:2]
    call_command("recordlog", "verify")  # raises CommandError on any discrepancy
    assert "记录日志校验通过" in capsys.readouterr().out


def test_without_next_years_calendar_the_open_case_keeps_to_2026(db, settings, tmp_path, capsys):
    import time_machine

    settings.RECORDLOG_SIGNING_KEY_FILE = tmp_path / "demo.key"
    with time_machine.travel(dt.datetime(2027, 3, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))):
        call_command("demo")
    capsys.readouterr()
    # general, simple, inspection, transfer, and the granted and refused licences
    assert Case.objects.filter(state=CaseState.CLOSED).count() == 6
    case = Case.objects.get(state=CaseState.PRIOR_NOTICE_SERVED)
    assert case.filed_on == dt.date(2026, 9, 1)


def test_the_demo_has_a_transfer_case_handed_to_the_police(demo):
    case = Case.objects.get(title="青溪县佳美日化商行销售假冒注册商标的商品案")
    assert case.state == CaseState.CLOSED
    acts = list(case.acts.values_list("act", flat=True))
    assert acts[-4:] == ["propose_transfer", "approve_transfer", "hand_over", "close"]
    hand_over = CaseDeadline.objects.get(case=case, rule_id="transfer.hand_over")
    assert hand_over.status == DeadlineStatus.MET


def test_the_demo_has_a_hearing_case_whose_fine_is_overdue(demo):
    from sanxiang.cases import execution

    case = Case.objects.get(title="青溪县康源食品批发有限公司经营标签不符合规定的预包装食品案")
    assert case.state == CaseState.REMINDER_SERVED and case.hearing_chair_id is not None
    assert case.hearing_chair_id not in set(case.assignments.values_list("officer_id", flat=True))
    assert case.decision_paused_days == 23  # the hearing, 23 September to 16 October
    surcharge = execution.surcharge(case, dt.date(2026, 11, 26))
    assert surcharge is not None and surcharge.running and surcharge.amount > 0
