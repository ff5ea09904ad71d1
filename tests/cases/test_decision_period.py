"""The 90-day decision period (处罚法 Art. 60): the head's one extension, a further one only after
the heads' collective discussion, and time not counted (hearing, appraisal, announcement,
suspension) by acts that stop and resume it — each recorded and explained in the deadline."""

from __future__ import annotations

import datetime as dt

from sanxiang.cases.enums import DeadlineStatus
from sanxiang.cases.models import CaseDeadline
from sanxiang.core.actions import record_policy_value
from sanxiang.core.errors import Invalid
from sanxiang.recordlog.models import Entry
from tests.cases.test_gates import refused


def running(case):
    return CaseDeadline.objects.get(case=case, rule_id="penalty.decision", status=DeadlineStatus.OPEN)


def test_the_head_extends_once_by_at_most_the_policy_days(world, open_case, act):
    case = open_case()
    act(case, "file", who="head")
    error = refused(
        lambda: act(case, "extend_decision_period", who="head", days="31", reason="案情复杂"),
        "extension_too_long",
        "第六十条",
    )
    assert isinstance(error, Invalid) and error.field == "days"
    act(case, "extend_decision_period", who="head", days="30", reason="案情复杂")
    assert running(case).due == dt.date(2026, 6, 30)  # 2 March + 120 days, a Tuesday
    assert "延长30日" in running(case).explanation
    refused(
        lambda: act(case, "extend_decision_period", who="head", days="10", reason="再延"),
        "extension_needs_collective_discussion",
        "集体讨论",
    )


def test_a_further_extension_needs_the_collective_discussion_record(world, open_case, act):
    case = open_case()
    act(case, "file", who="head")
    refused(
        lambda: act(
            case, "extend_by_collective_discussion", who="head", days="30", participants="甲、乙", reason="x"
        ),
        "extension_first_by_head",
    )
    act(case, "extend_decision_period", who="head", days="30", reason="案情复杂")
    done = act(
        case,
        "extend_by_collective_discussion",
        who="head",
        days="30",
        participants="局长、副局长",
        reason="涉案金额大，需补充鉴定",
        records=["collective_discussion_record", "extension_approval"],
    )
    assert case.decision_extension_days == 60
    assert done.data["participants"] == "局长、副局长"
    assert {r.name for r in done.records.all()} == {"collective_discussion_record", "extension_approval"}
    assert "延长60日" in running(case).explanation


def test_a_pause_stops_the_period_and_resuming_adds_the_days(world, open_case, act, clock):
    case = open_case()
    act(case, "file", who="head")
    assert running(case).due == dt.date(2026, 6, 1)
    act(case, "start_investigation")
    clock.shift(dt.timedelta(days=10))  # 12 March: samples sent for testing
    act(case, "pause_decision_period", reason="appraisal", records=["pause_approval"])
    assert not CaseDeadline.objects.filter(case=case, rule_id="penalty.decision", status="open").exists()
    refused(
        lambda: act(case, "extend_decision_period", who="head", days="10", reason="x"),
        "decision_period_paused",
    )
    clock.shift(dt.timedelta(days=20))  # 1 April: the report is back
    resumed = act(case, "resume_decision_period")
    assert resumed.data["days_not_counted"] == 20 and resumed.data["reason"] == "appraisal"
    assert case.decision_paused_days == 20 and case.decision_paused_on is None
    period = running(case)
    assert period.days == 110
    assert period.due == dt.date(2026, 6, 22)  # 20 days later than 1 June (21 June is a Sunday)
    assert "20日" in period.explanation and "检测" in period.explanation
    refused(lambda: act(case, "resume_decision_period"), "decision_period_not_paused")
    kinds = set(Entry.objects.filter(kind__startswith="case.").values_list("kind", flat=True))
    assert {"case.pause_decision_period", "case.resume_decision_period"} <= kinds


def test_no_decision_while_the_period_is_paused(world, open_case, act, clock):
    case = open_case()
    act(case, "file", who="head")
    act(case, "start_investigation")
    act(case, "close_investigation", kinds=["warning"])
    act(case, "serve_prior_notice")
    act(case, "waive_rights")
    act(case, "pause_decision_period", reason="announcement")
    refused(lambda: act(case, "decide", who="head", kinds=["warning"]), "decision_period_paused", "第六十条")
    clock.shift(dt.timedelta(days=3))
    act(case, "resume_decision_period")
    act(case, "decide", who="head", kinds=["warning"])
    assert case.state == "decided"


def test_warning_points_come_from_the_policy(world, open_case, act, clock):
    from sanxiang.cases import queries

    case = open_case()
    act(case, "file", who="head")
    assert queries.decision_warning(case, dt.date(2026, 4, 30)) is None  # day 59
    warning = queries.decision_warning(case, dt.date(2026, 5, 2))  # 30 days left
    assert warning is not None and warning["point"] == 60 and warning["left"] == 30
    assert queries.decision_warning(case, dt.date(2026, 5, 23))["point"] == 80  # 9 days left
    record_policy_value(
        actor=world.user("admin"),
        key="cases.decision_warning_days",
        scope=f"agency:{world.agency.pk}",
        value="45",
        reason="本局",
    )
    assert queries.decision_warning(case, dt.date(2026, 4, 17))["point"] == 45
