"""A general-procedure case from clue to closing through the engine, with its deadlines and log."""

from __future__ import annotations

import datetime as dt

from sanxiang.cases.enums import CaseState, DeadlineStatus
from sanxiang.cases.models import ActRecord, CaseDeadline
from sanxiang.recordlog.models import Entry


def test_it_runs_a_case_from_clue_to_closing(world, open_case, act, clock):
    case = open_case()
    assert case.state == CaseState.CLUE and case.number == ""
    act(case, "file", who="head", records=["filing_approval"])
    assert case.state == CaseState.FILED
    assert case.number == "东湖县市场监督管理局立〔2026〕1号"
    decision = CaseDeadline.objects.get(case=case, rule_id="penalty.decision")
    assert decision.due == dt.date(2026, 6, 1)  # 2 March + 90 days = 31 May, a Sunday: rolled to Monday
    act(case, "start_investigation", records=["inquiry_record"])
    opened = case.acts.get(act="start_investigation")
    assert [o["certificate"] for o in opened.officers] == ["330101000001", "330101000002"]
    act(case, "close_investigation", kinds=["warning", "fine"], fine="5000", records=["investigation_report"])
    act(case, "serve_prior_notice", records=["prior_notice"])
    assert case.hearing_offered is False
    window = CaseDeadline.objects.get(case=case, rule_id="penalty.statement_window")
    assert window.due == dt.date(2026, 3, 9) and window.party_window
    clock.shift(dt.timedelta(days=8))  # Tuesday 10 March: the window has passed
    act(
        case,
        "decide",
        who="head",
        kinds=["warning", "fine"],
        fine="5000",
        records=["decision_approval", "decision"],
    )
    assert case.state == CaseState.DECIDED and case.decided_fine == 5000
    window.refresh_from_db()
    assert window.status == DeadlineStatus.MET
    act(case, "serve_decision", records=["service_receipt"])
    payment = CaseDeadline.objects.get(case=case, rule_id="penalty.payment")
    assert payment.due == dt.date(2026, 3, 25)
    act(
        case,
        "record_execution",
        method="paid",
        amount="5000",
        paid_on="2026-03-12",
        records=["payment_receipt"],
    )
    act(case, "close", who="head", records=["closing_approval"])
    assert case.state == CaseState.CLOSED
    assert not CaseDeadline.objects.filter(case=case, status=DeadlineStatus.OPEN).exists()
    kinds = list(
        Entry.objects.filter(subject_type="cases.case", subject_id=str(case.pk)).values_list(
            "kind", flat=True
        )
    )
    assert kinds == [
        "case.opened",
        "case.file",
        "case.start_investigation",
        "case.close_investigation",
        "case.serve_prior_notice",
        "case.decide",
        "case.serve_decision",
        "case.record_execution",
        "case.close",
    ]
    assert ActRecord.objects.filter(case=case).count() == 9
