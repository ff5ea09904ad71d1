"""Execution: the late-payment surcharge (处罚法 Art. 72: 3 % of the fine a day from the day after
the payment deadline, capped at the fine, never compounding), not running while review or
litigation is pending (Art. 73), and compulsory execution through the court after a reminder
(行政强制法 Arts. 35, 53, 54)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sanxiang.cases import execution
from sanxiang.cases.enums import CaseState
from sanxiang.cases.models import CaseDeadline
from tests.cases.test_gates import refused


def decided_and_served(case, act, clock, fine="1000"):
    act(case, "file", who="head")
    act(case, "start_investigation")
    act(case, "close_investigation", kinds=["fine"], fine=fine)
    act(case, "serve_prior_notice")
    act(case, "waive_rights")
    act(case, "decide", who="head", kinds=["fine"], fine=fine)
    act(case, "serve_decision")  # Monday 2 March: payment due 17 March


def test_the_surcharge_grows_by_three_percent_of_the_fine_a_day_and_stops_at_the_fine(
    world, open_case, act, clock
):
    case = open_case()
    decided_and_served(case, act, clock)
    assert CaseDeadline.objects.get(case=case, rule_id="penalty.payment").due == dt.date(2026, 3, 17)
    assert execution.surcharge(case, dt.date(2026, 3, 17)).amount == Decimal("0.00")
    late = execution.surcharge(case, dt.date(2026, 3, 27))
    assert late.late_days == 10 and late.amount == Decimal("300.00") and late.running
    # Never compounding: day 20 is 20 × 30, not 1000 × 1.03^20.
    assert execution.surcharge(case, dt.date(2026, 4, 6)).amount == Decimal("600.00")
    capped = execution.surcharge(case, dt.date(2026, 5, 30))
    assert capped.amount == Decimal("1000.00") and capped.capped and not capped.running


def test_review_or_litigation_pauses_the_surcharge(world, open_case, act, clock):
    case = open_case()
    decided_and_served(case, act, clock)
    clock.shift(dt.timedelta(days=20))  # 22 March
    act(case, "start_remedy", kind="review", started_on="2026-03-20")
    assert case.remedy_since == dt.date(2026, 3, 20)
    # Late from 18 March; 20–22 March pending: 2 days count.
    assert execution.surcharge(case, dt.date(2026, 3, 22)).amount == Decimal("60.00")
    refused(lambda: act(case, "serve_reminder"), "remedy_pending", "行政强制法")
    clock.shift(dt.timedelta(days=10))  # 1 April
    refused(lambda: act(case, "end_remedy", ended_on="2026-03-19", outcome="维持"), "remedy_date")
    act(case, "end_remedy", ended_on="2026-03-31", outcome="复议维持原处罚决定")
    assert case.remedy_since is None
    # 18, 19 March and 1 April count; 20–31 March do not.
    surcharge = execution.surcharge(case, dt.date(2026, 4, 1))
    assert surcharge.paused_days == 12 and surcharge.late_days == 3 and surcharge.amount == Decimal("90.00")


def test_paying_late_fixes_the_surcharge_on_the_day_paid(world, open_case, act, clock):
    case = open_case()
    decided_and_served(case, act, clock)
    clock.shift(dt.timedelta(days=30))
    act(case, "record_execution", method="paid", amount="1000", paid_on="2026-03-20")
    assert execution.surcharge(case, dt.date(2026, 6, 1)).amount == Decimal("90.00")


def test_compulsory_execution_reminder_then_court(world, open_case, act, clock):
    case = open_case()
    decided_and_served(case, act, clock)
    refused(lambda: act(case, "serve_reminder"), "payment_not_overdue", "第五十四条")
    clock.shift(dt.timedelta(days=16))  # 18 March
    act(case, "serve_reminder", records=["reminder"])
    assert case.state == CaseState.REMINDER_SERVED
    reminder = CaseDeadline.objects.get(case=case, rule_id="execution.reminder")
    assert reminder.due == dt.date(2026, 4, 1) and reminder.party_window  # 10 working days
    court = CaseDeadline.objects.get(case=case, rule_id="execution.court_application")
    # Litigation period: six months from service (2 September); then three months to apply.
    assert court.start_date == dt.date(2026, 9, 2) and court.due == dt.date(2026, 12, 2)
    clock.shift(dt.timedelta(days=20))  # 7 April: the reminder's 10 working days are over
    refused(lambda: act(case, "apply_to_court", who="head"), "court_application_window", "第五十三条")
    clock.move_to(dt.datetime(2026, 9, 3, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    act(case, "apply_to_court", who="head", records=["court_application"])
    assert case.state == CaseState.COURT_APPLIED
    act(case, "record_execution", method="compulsory")
    assert case.state == CaseState.EXECUTED


def test_an_unpaid_on_the_spot_fine_is_enforced_the_same_way(world, open_case, act, clock):
    case = open_case(procedure="simple")
    act(case, "decide_on_the_spot", kinds=["fine"], fine="200")
    act(case, "serve_decision")
    clock.shift(dt.timedelta(days=20))  # 22 March: due 17 March, 5 days late
    assert execution.surcharge(case, dt.date(2026, 3, 22)).amount == Decimal("30.00")
    act(case, "serve_reminder")
    assert case.state == CaseState.REMINDER_SERVED


def test_a_deferred_payment_moves_the_surcharge_and_the_court_window(world, open_case, act, clock):
    case = open_case()
    decided_and_served(case, act, clock)
    refused(
        lambda: act(case, "defer_payment", who="head", pay_by="2026-03-10", reason="经营困难"),
        "deferral_not_later",
        "第六十六条",
    )
    act(
        case,
        "defer_payment",
        who="head",
        pay_by="2026-10-30",
        reason="经营困难",
        records=["deferral_approval"],
    )
    payment = CaseDeadline.objects.get(case=case, rule_id="penalty.payment", status="open")
    assert payment.due == dt.date(2026, 10, 30)
    assert execution.surcharge(case, dt.date(2026, 4, 1)).amount == Decimal("0.00")
    assert execution.surcharge(case, dt.date(2026, 11, 2)).amount == Decimal("90.00")
    # 处罚法 Art. 73 ¶3: the court is applied to from the end of the deferral when it is later.
    assert execution.remedy_periods_end(case) == dt.date(2026, 10, 30)
    refused(
        lambda: act(case, "defer_payment", who="head", pay_by="2026-12-30", reason="再延"), "deferral_once"
    )
