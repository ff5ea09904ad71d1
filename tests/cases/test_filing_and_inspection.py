"""The filing check runs from the clue (D-11: 15 working days, extendable once by 15, policy), and
an inspection that found a suspected violation opens its general-procedure case in one act."""

from __future__ import annotations

import datetime as dt

from sanxiang.cases.enums import CaseSource, CaseState, DeadlineStatus
from sanxiang.cases.models import Case, CaseDeadline
from sanxiang.core.errors import Invalid
from sanxiang.recordlog.models import Entry
from tests.cases.test_gates import refused


def test_the_filing_check_runs_from_the_clue_and_ends_with_filing(world, open_case, act, clock):
    case = open_case(discovered_on="2026-02-26")
    check = CaseDeadline.objects.get(case=case, rule_id="penalty.filing_check")
    # Thursday 26 February + 15 working days, Saturday 28 February a working day (Spring Festival
    # swap) = Wednesday 18 March.
    assert check.due == dt.date(2026, 3, 18) and not check.party_window
    assert "发现线索" in check.explanation and "十八条" in check.citation
    act(case, "file", who="head")
    check.refresh_from_db()
    assert check.status == DeadlineStatus.MET


def test_the_head_extends_the_filing_check_once(world, open_case, act, clock):
    case = open_case()  # discovered today, Monday 2 March
    act(case, "extend_filing_check", who="head", reason="需进一步核查", records=["filing_extension_approval"])
    running = CaseDeadline.objects.get(case=case, rule_id="penalty.filing_check", status="open")
    assert running.days == 30 and running.start_date == dt.date(2026, 3, 2)
    refused(
        lambda: act(case, "extend_filing_check", who="head", reason="再延"), "filing_check_extended", "十九条"
    )


def test_a_clue_cannot_be_discovered_tomorrow(world, open_case):
    error = refused(lambda: open_case(discovered_on="2026-03-03"), "discovered_in_future")
    assert isinstance(error, Invalid) and error.field == "discovered_on"


def test_an_inspection_that_found_a_violation_opens_its_case(world, open_case, act, clock):
    inspection = open_case(procedure="inspection", title="食品经营双随机检查")
    act(inspection, "start_inspection")
    act(inspection, "record_result", result="case_opened", findings="货架上有过期酸奶12盒")
    act(inspection, "open_penalty_case")
    derived = Case.objects.get(origin=inspection)
    assert derived.procedure == "general" and derived.state == CaseState.CLUE
    assert derived.source == CaseSource.INSPECTION and derived.facts == "货架上有过期酸奶12盒"
    assert [p.name for p in derived.parties.all()] == [p.name for p in inspection.parties.all()]
    assert set(derived.assignments.values_list("officer_id", flat=True)) == set(
        inspection.assignments.values_list("officer_id", flat=True)
    )
    assert CaseDeadline.objects.filter(case=derived, rule_id="penalty.filing_check").exists()
    opened = Entry.objects.get(kind="case.opened", subject_id=str(derived.pk))
    assert opened.payload["origin_id"] == inspection.pk
    refused(lambda: act(inspection, "open_penalty_case"), "case_already_opened")


def test_no_case_from_an_inspection_without_a_violation(world, open_case, act, clock):
    inspection = open_case(procedure="inspection", title="食品经营双随机检查")
    act(inspection, "start_inspection")
    act(inspection, "record_result", result="no_problem", findings="未发现问题")
    refused(lambda: act(inspection, "open_penalty_case"), "no_violation_found", "第五十四条")
    assert not Case.objects.filter(origin=inspection).exists()
