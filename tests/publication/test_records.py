"""Publication records are opened by the decision itself, with the deadline and period the rules give."""

from __future__ import annotations

import datetime as dt

from sanxiang.publication.models import Record, RecordState
from sanxiang.recordlog.models import Entry
from tests.publication.conftest import ORGANISATION, PERSON


def test_a_penalty_decision_opens_a_draft_due_in_7_working_days(world, decided):
    record = decided()
    assert record.state == RecordState.DRAFT
    assert record.entered_by == world.user("head")  # the head decided: 谁办案谁录入谁负责
    # Decided Monday 2 March 2026: 7 working days → Wednesday 11 March (the 20-day rules lose).
    assert record.decided_on == dt.date(2026, 3, 2)
    assert record.due == dt.date(2026, 3, 11)
    assert record.due_rule == "A-14" and "118号" in record.due_citation
    assert record.summary["party"] == ORGANISATION["name"]
    assert record.summary["penalty"].endswith("罚款人民币1000.00元") or "1000" in record.summary["penalty"]
    assert Entry.objects.filter(kind="publication.created", subject_id=str(record.pk)).exists()


def test_the_public_period_is_3_months_for_a_low_fine_and_3_years_otherwise(world, decided):
    low = decided(fine="1000")
    assert low.public_until == dt.date(2026, 6, 2)
    high = decided(fine="60000")
    assert high.public_until == dt.date(2029, 3, 2)
    assert "publication.period_months" in high.period_rule


def test_an_inspection_result_is_due_in_20_working_days(world, open_case, act):
    case = open_case(procedure="inspection")
    act(case, "start_inspection")
    act(case, "record_result", result="no_problem", findings="未发现问题")
    record = Record.objects.get(case=case)
    assert record.decision_kind == "inspection" and record.due_rule == "A-13"
    assert record.due == dt.date(2026, 3, 30)


def test_a_minor_is_never_published(world, decided):
    minor = {"kind": "natural_person", "name": "李小测", "id_number": _id("110105201001011234")}
    record = decided(parties=[minor])
    assert record.state == RecordState.WITHHELD and "未成年人" in record.withheld_reason


def test_the_market_regulation_policy_skips_warnings(world, decided):
    _set_policy(world, "publication.scope", "market_regulation")
    warned = decided(kinds=["warning"], fine="")
    assert warned.state == RecordState.WITHHELD and "警告" in warned.withheld_reason
    fined = decided(parties=[PERSON])
    assert fined.state == RecordState.DRAFT


def _set_policy(world, key, value):
    from sanxiang.core.actions import record_policy_value

    record_policy_value(
        actor=world.user("admin"), key=key, scope=f"agency:{world.agency.pk}", value=value, reason="测试"
    )


def _id(body: str) -> str:
    from sanxiang.publication.scan import ID_CHECK, ID_WEIGHTS

    body17 = body[:17]
    return body17 + ID_CHECK[sum(int(d) * w for d, w in zip(body17, ID_WEIGHTS, strict=True)) % 11]


def test_a_decision_beyond_the_entered_calendar_is_not_blocked(world, open_case, act, clock):
    """7 working days after 24 December 2026 need the 2027 calendar, not entered in the test world:
    the decision goes through, the record waits for the calendar with its rule named."""
    clock.move_to(dt.datetime(2026, 12, 24, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    case = open_case(facts="当事人经营超过保质期的食品。")
    act(case, "file", who="head")
    act(case, "start_investigation")
    act(case, "close_investigation", kinds=["fine"], fine="1000")
    act(case, "serve_prior_notice")
    act(case, "waive_rights")
    act(case, "decide", who="head", kinds=["fine"], fine="1000")
    record = Record.objects.get(case=case)
    assert record.due is None and record.due_rule == "A-14" and "日历" in record.due_explanation


def test_it_names_the_fine_once_with_its_amount(decided):
    record = decided()
    penalty = record.summary["penalty"]
    assert penalty.count("罚款") == 1 and "罚款人民币" in penalty, penalty
