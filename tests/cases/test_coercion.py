"""先行登记保存证据 (处罚法 Art. 56) and 查封、扣押 (行政强制法 Arts. 18-28) as acts within the
investigation: each gate refuses with its article, the 7-working-day and 30-day periods are kept
and explained, the seizure is extended once by at most 30 days and ended by its release; the case
stays in its stage and every act is in the record log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sanxiang.cases.enums import DeadlineStatus
from sanxiang.cases.models import CaseDeadline
from sanxiang.cases.procedures.engine import allowed_acts
from sanxiang.core.errors import Invalid
from sanxiang.evidence import actions as evidence_actions
from sanxiang.recordlog.models import Entry
from tests.cases.test_gates import refused
from tests.fingerprint import database_fingerprint as fingerprint

ITEMS = "过期奶粉 20箱 东湖路仓库"


def investigating(case: Any, act: Any) -> Any:
    act(case, "file", who="head", records=["filing_approval"])
    act(case, "start_investigation")
    return case


def exempt_seizure(world: Any, case: Any) -> None:
    """seal_or_seize is mandatory on the default 音像记录事项清单: these tests of the periods use
    the head's written exemption (the recording itself is tested in tests/evidence)."""
    exemption = evidence_actions.request_exemption(
        actor=world.user("officer"), case=case, step="seal_or_seize", reason="执法记录仪故障，书面说明附卷"
    )
    evidence_actions.approve_exemption(actor=world.user("head"), exemption=exemption)


def row(case: Any, rule_id: str) -> CaseDeadline:
    return CaseDeadline.objects.filter(case=case, rule_id=rule_id).order_by("-id").first()


# --- 先行登记保存证据 ----------------------------------------------------------------------------


def test_preservation_needs_the_heads_approval_first(world, open_case, act):
    case = investigating(open_case(), act)
    before = fingerprint()
    refused(lambda: act(case, "preserve_evidence", items=ITEMS), "preservation_not_approved", "第五十六条")
    assert fingerprint() == before
    act(case, "approve_preservation", who="head", reason="证据可能灭失")
    act(case, "preserve_evidence", items=ITEMS)
    # One approval covers one preservation.
    refused(lambda: act(case, "preserve_evidence", items=ITEMS), "preservation_not_approved", "第五十六条")


def test_preservation_needs_two_certified_officers(world, open_case, act):
    case = open_case(officers=1)
    act(case, "file", who="head", records=["filing_approval"])
    case.state = "investigating"
    case.save(update_fields=["state"])
    act(case, "approve_preservation", who="head", reason="证据可能灭失")
    refused(lambda: act(case, "preserve_evidence", items=ITEMS), "officers_certified", "第四十二条")


def test_preserved_items_are_decided_within_seven_working_days(world, open_case, act, clock):
    case = investigating(open_case(), act)
    act(case, "approve_preservation", who="head", reason="证据可能灭失")
    done = act(case, "preserve_evidence", items=ITEMS, records=["preservation_notice"])
    assert done.from_state == done.to_state == "investigating"
    period = row(case, "evidence.preservation")
    assert period.mode == "working_days" and period.days == 7
    assert period.due == dt.date(2026, 3, 11)  # Mon 2 March + 7 working days
    assert "7个工作日" in period.explanation and "第五十六条" in period.citation
    # The investigation does not close over undecided items.
    refused(
        lambda: act(case, "close_investigation", kinds=["warning"]), "preserved_items_undecided", "第五十六条"
    )
    clock.shift(dt.timedelta(days=8))  # Tuesday 10 March: in time
    act(case, "decide_preserved_items", who="head", disposal="送检后予以扣押")
    period.refresh_from_db()
    assert period.status == DeadlineStatus.MET
    refused(
        lambda: act(case, "decide_preserved_items", who="head", disposal="再次处理"),
        "no_preservation_pending",
        "第五十六条",
    )
    act(case, "close_investigation", kinds=["warning"])


def test_a_late_decision_on_preserved_items_is_recorded_as_missed(world, open_case, act, clock):
    case = investigating(open_case(), act)
    act(case, "approve_preservation", who="head", reason="证据可能灭失")
    act(case, "preserve_evidence", items=ITEMS)
    clock.shift(dt.timedelta(days=10))  # Thursday 12 March: the 8th working day
    act(case, "decide_preserved_items", who="head", disposal="退还当事人")
    assert row(case, "evidence.preservation").status == DeadlineStatus.MISSED


# --- 查封、扣押 -------------------------------------------------------------------------------


def test_seizure_needs_approval_unless_an_emergency_on_the_spot(world, open_case, act):
    case = investigating(open_case(), act)
    exempt_seizure(world, case)
    before = fingerprint()
    error = refused(lambda: act(case, "seal_or_seize", items=ITEMS), "seizure_not_approved", "第十九条")
    assert error.field == "emergency" and "二十四小时" in str(error.message)
    assert fingerprint() == before
    act(case, "approve_seizure", who="head", reason="涉嫌经营过期食品")
    act(case, "seal_or_seize", items=ITEMS, records=["seizure_decision", "on_site_record"])
    assert row(case, "coercion.emergency_report") is None


def test_seizure_needs_two_certified_officers(world, open_case, act):
    case = open_case(officers=1)
    act(case, "file", who="head", records=["filing_approval"])
    case.state = "investigating"
    case.save(update_fields=["state"])
    exempt_seizure(world, case)
    act(case, "approve_seizure", who="head", reason="涉嫌经营过期食品")
    refused(lambda: act(case, "seal_or_seize", items=ITEMS), "officers_certified", "行政强制法》第十八条")


def test_an_emergency_seizure_is_reported_within_24_hours(world, open_case, act, clock):
    case = investigating(open_case(), act)
    exempt_seizure(world, case)
    done = act(case, "seal_or_seize", items=ITEMS, emergency="on")
    assert done.data["emergency"] is True
    report = row(case, "coercion.emergency_report")
    assert report.mode == "hours" and report.due_at == done.occurred_at + dt.timedelta(hours=24)
    assert "第十九条" in report.citation
    clock.shift(dt.timedelta(hours=5))
    act(case, "approve_seizure", who="head", reason="补办批准手续")
    report.refresh_from_db()
    assert report.status == DeadlineStatus.MET
    # One measure at a time: a second one while this runs is refused.
    refused(lambda: act(case, "seal_or_seize", items=ITEMS, emergency="on"), "seizure_running", "第二十四条")


def test_the_thirty_days_are_extended_once_by_at_most_thirty(world, open_case, act, clock):
    case = investigating(open_case(), act)
    exempt_seizure(world, case)
    act(case, "approve_seizure", who="head", reason="涉嫌经营过期食品")
    act(case, "seal_or_seize", items=ITEMS)
    period = row(case, "coercion.seizure")
    assert (period.mode, period.days, period.start_date) == ("calendar_days", 30, dt.date(2026, 3, 2))
    assert period.due == dt.date(2026, 4, 1)
    assert "第二十五条" in period.citation
    clock.shift(dt.timedelta(days=20))
    error = refused(
        lambda: act(case, "extend_seizure", who="head", days="31", reason="案情复杂"),
        "seizure_extension_too_long",
        "第二十五条",
    )
    assert isinstance(error, Invalid) and error.field == "days"
    act(case, "extend_seizure", who="head", days="30", reason="需检验检测")
    period.refresh_from_db()
    assert period.status == DeadlineStatus.STOPPED
    extended = row(case, "coercion.seizure")
    # Counted from the seizure, not from the extension: 2 March + 60 days is 1 May, a holiday.
    assert (extended.days, extended.start_date) == (60, dt.date(2026, 3, 2))
    assert extended.due == dt.date(2026, 5, 6)
    assert "延长30日" in extended.explanation
    refused(
        lambda: act(case, "extend_seizure", who="head", days="5", reason="再延"),
        "seizure_extended_once",
        "第二十五条",
    )
    clock.shift(dt.timedelta(days=10))
    act(case, "release_seizure", who="head", reason="检验合格，予以解除")
    extended.refresh_from_db()
    assert extended.status == DeadlineStatus.MET
    refused(
        lambda: act(case, "release_seizure", who="head", reason="再次解除"),
        "no_seizure_running",
        "第二十八条",
    )
    # A new seizure needs a new approval.
    refused(lambda: act(case, "seal_or_seize", items=ITEMS), "seizure_not_approved", "第十九条")


def test_no_extension_once_the_period_is_over(world, open_case, act, clock):
    case = investigating(open_case(), act)
    exempt_seizure(world, case)
    act(case, "approve_seizure", who="head", reason="涉嫌经营过期食品")
    act(case, "seal_or_seize", items=ITEMS)
    clock.shift(dt.timedelta(days=31))  # 2 April: the 30 days ended on 1 April
    error = refused(
        lambda: act(case, "extend_seizure", who="head", days="30", reason="迟延"),
        "seizure_period_over",
        "第二十五条",
    )
    assert "2026-04-01" in str(error.message)
    act(case, "release_seizure", who="head", reason="期限届满")
    assert row(case, "coercion.seizure").status == DeadlineStatus.MISSED


def test_seized_items_can_be_released_after_the_investigation_closed(world, open_case, act):
    case = investigating(open_case(), act)
    exempt_seizure(world, case)
    act(case, "approve_seizure", who="head", reason="涉嫌经营过期食品")
    act(case, "seal_or_seize", items=ITEMS)
    act(case, "close_investigation", kinds=["warning"])
    done = act(case, "release_seizure", who="head", reason="不予没收")
    assert done.from_state == done.to_state == "investigation_closed"


def test_the_acts_are_offered_or_greyed_with_the_article(world, open_case, act):
    case = investigating(open_case(), act)
    options = {o.act: o for o in allowed_acts(case, world.user("head"))}
    for name in ("approve_preservation", "approve_seizure"):
        assert options[name].allowed, name
    # Mandatory on the default 音像记录事项清单: greyed until a recording or an exemption is there.
    assert options["seal_or_seize"].code == "av_record_missing"
    assert options["preserve_evidence"].code == "preservation_not_approved"
    assert "第五十六条" in options["preserve_evidence"].citation
    assert options["release_seizure"].code == "no_seizure_running"
    assert options["decide_preserved_items"].code == "no_preservation_pending"


def test_every_act_is_in_the_record_log(world, open_case, act):
    case = investigating(open_case(), act)
    exempt_seizure(world, case)
    act(case, "approve_seizure", who="head", reason="涉嫌经营过期食品")
    done = act(case, "seal_or_seize", items=ITEMS)
    entry = Entry.objects.get(pk=done.log_entry_id)
    assert entry.kind == "case.seal_or_seize"
    payload = entry.payload
    assert payload["before"] == payload["after"] == "investigating"
    assert payload["data"]["items"] == ITEMS
    assert [o["certificate"] for o in payload["officers"]] and all(
        o["certificate"] for o in payload["officers"]
    )
    assert [d["rule_id"] for d in payload["deadlines"]["started"]] == ["coercion.seizure"]


@pytest.mark.parametrize("act_name", ["preserve_evidence", "seal_or_seize", "release_seizure"])
def test_the_flowchart_draws_the_acts(act_name):
    from django.utils import translation

    from sanxiang.cases.flowchart import flowchart_svg
    from sanxiang.cases.procedures.acts import act_label
    from sanxiang.cases.procedures.engine import PROCEDURES

    with translation.override("zh-hans"):
        svg = flowchart_svg(PROCEDURES["general"])
        assert str(act_label(act_name)) in svg
        assert str(act_label(act_name)) != act_name


def test_no_penalty_and_closing_wait_for_the_release(world, open_case, act):
    case = investigating(open_case(), act)
    exempt_seizure(world, case)
    act(case, "approve_seizure", who="head", reason="涉嫌经营过期食品")
    act(case, "seal_or_seize", items=ITEMS)
    act(case, "close_investigation")
    before = fingerprint()
    refused(
        lambda: act(case, "decide_no_penalty", who="head", reason="违法事实不能成立"),
        "seizure_not_released",
        "第二十八条",
    )
    assert fingerprint() == before
    act(case, "release_seizure", who="head", reason="违法事实不能成立")
    act(case, "decide_no_penalty", who="head", reason="违法事实不能成立")
    assert case.state == "no_penalty"


def test_a_seizure_left_after_service_is_released_before_closing(world, open_case, act):
    case = investigating(open_case(), act)
    exempt_seizure(world, case)
    act(case, "approve_seizure", who="head", reason="涉嫌经营过期食品")
    act(case, "seal_or_seize", items=ITEMS)
    # Straight to an executed case: the table's own acts in between are tested elsewhere.
    case.state = "executed"
    case.save(update_fields=["state"])
    refused(lambda: act(case, "close", who="head"), "seizure_not_released", "第二十八条")
    done = act(case, "release_seizure", who="head", reason="决定已执行")
    assert done.from_state == done.to_state == "executed"
