"""Execution of a penalty decision: the late-payment surcharge as it stands on a day (处罚法 Arts.
72, 73), the periods of review and litigation during which it does not run, and the guards and
periods of compulsory execution through the people's court (行政强制法 Arts. 35, 53, 54).

Read-only: the surcharge is computed from the case's acts whenever it is shown, never stored, so it
cannot drift from the acts that decide it."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from sanxiang.cases import citations
from sanxiang.cases.enums import CaseState, DeadlineMode, DeadlineStatus
from sanxiang.cases.models import Case
from sanxiang.cases.penalties import SURCHARGE_RATE, late_surcharge
from sanxiang.cases.procedures.base import Context, DeadlineRule, Refusal
from sanxiang.core.errors import Invalid

REMINDER_WORKING_DAYS = 10  # 行政强制法 Art. 54: 催告书送达十日后 (≤10 days = working days, Art. 69)
LITIGATION_MONTHS = 6  # 行政诉讼法 Art. 46: six months from knowing of the decision (review: 60 days)
COURT_APPLICATION_MONTHS = 3  # 行政强制法 Art. 53: within three months after those periods expire


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day when it has no such day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def deferred_until(case: Case) -> dt.date | None:
    data = case.acts.filter(act="defer_payment").order_by("-id").values_list("data", flat=True).first()
    return dt.date.fromisoformat(data["pay_by"]) if data and data.get("pay_by") else None


def remedy_periods_end(case: Case) -> dt.date:
    """The day from which the court may be applied to: the end of the litigation period, or — when
    payment was deferred — the end of the deferral (处罚法 Art. 73 ¶3), whichever is later."""
    end = add_months(case.served_on or dt.date.today(), LITIGATION_MONTHS)
    deferred = deferred_until(case)
    return max(end, deferred) if deferred is not None else end


def _deferral_days(ctx: Context) -> int:
    return (ctx.data["pay_by"] - ctx.on).days


DEFERRED_PAYMENT = DeadlineRule(
    "penalty.payment",
    citations.ART_66,
    _("approval of the deferred payment"),
    DeadlineMode.CALENDAR_DAYS,
    _deferral_days,
)


def deferral_fits(ctx: Context) -> Refusal | None:
    """Art. 66 ¶2: on the party's application and the agency's approval, once, before the payment
    period has ended, to a later day."""
    if ctx.case.acts.filter(act="defer_payment").exists():
        return Refusal("deferral_once", _("Payment was deferred once already."), citations.ART_66)
    period = (
        ctx.case.deadlines.filter(rule_id="penalty.payment", status=DeadlineStatus.OPEN)
        .order_by("-id")
        .first()
    )
    if period is None or period.due is None or ctx.on > period.due:
        return Refusal(
            "payment_period_over",
            _("Deferral is approved while the period for payment runs."),
            citations.ART_66,
        )
    day = ctx.data.get("pay_by")
    if ctx.preview or day is None or day > period.due:
        return None
    return Refusal(
        "deferral_not_later",
        _("The new day for payment must be after %(due)s.") % {"due": period.due.isoformat()},
        citations.ART_66,
        error=Invalid,
        field="pay_by",
    )


def _application_days(ctx: Context) -> int:
    start = remedy_periods_end(ctx.case)
    return (add_months(start, COURT_APPLICATION_MONTHS) - start).days


REMINDER = DeadlineRule(
    "execution.reminder",
    citations.COERCION_35_54,
    _("service of the reminder"),
    DeadlineMode.WORKING_DAYS,
    REMINDER_WORKING_DAYS,
    party_window=True,
)
COURT_APPLICATION = DeadlineRule(
    "execution.court_application",
    citations.COERCION_53,
    _("the end of the periods for review and litigation"),
    DeadlineMode.CALENDAR_DAYS,
    _application_days,
    start=lambda ctx: remedy_periods_end(ctx.case),
)


def paused_intervals(case: Case, on: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Days on which review or litigation was pending (Art. 73 ¶3), from the acts that recorded its
    start and end; one still pending runs to ``on``."""
    intervals = []
    for data in (
        case.acts.filter(act="end_remedy").order_by("occurred_at", "id").values_list("data", flat=True)
    ):
        start, end = data.get("since"), data.get("ended_on")
        if start and end:
            intervals.append((dt.date.fromisoformat(start), dt.date.fromisoformat(end)))
    if case.remedy_since is not None:
        intervals.append((case.remedy_since, on))
    return intervals


@dataclass(frozen=True)
class Surcharge:
    fine: Decimal
    due: dt.date
    on: dt.date
    late_days: int
    paused_days: int
    amount: Decimal
    capped: bool
    running: bool
    explanation: str
    citation: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "fine": self.fine,
            "due": self.due,
            "on": self.on,
            "late_days": self.late_days,
            "paused_days": self.paused_days,
            "amount": self.amount,
            "capped": self.capped,
            "running": self.running,
            "rate_per_day": SURCHARGE_RATE,
            "explanation": self.explanation,
            "citation": self.citation,
        }


def surcharge(case: Case, today: dt.date) -> Surcharge | None:
    """The surcharge owed for the decided fine on ``today`` — or on the day it was paid, once the
    execution is recorded. None when there is no fine or no payment period yet."""
    if not case.decided_fine:
        return None
    period = (
        case.deadlines.filter(rule_id="penalty.payment")
        .exclude(status=DeadlineStatus.STOPPED)
        .order_by("-id")
        .first()
    )
    if period is None or period.due is None:
        return None
    on, running = today, case.state in (CaseState.SERVED, CaseState.REMINDER_SERVED, CaseState.COURT_APPLIED)
    paid = case.acts.filter(act="record_execution").order_by("-id").values_list("data", "occurred_at").first()
    if paid is not None:
        data, at = paid
        on = dt.date.fromisoformat(data["paid_on"]) if data.get("paid_on") else at.date()
        running = False
    fine = case.decided_fine
    due = period.due
    paused = paused_intervals(case, on)
    late = max(0, (on - due).days)
    paused_days = len(
        {due + dt.timedelta(days=i) for i in range(1, late + 1)}
        & {s + dt.timedelta(days=i) for s, e in paused for i in range((e - s).days + 1)}
    )
    amount = late_surcharge(fine, due, on, paused)
    capped = amount >= fine and late > 0
    values = {
        "due": due.isoformat(),
        "on": on.isoformat(),
        "days": late - paused_days,
        "paused": paused_days,
        "amount": amount,
        "fine": fine,
    }
    if late == 0:
        text = _("Payment due by %(due)s: no surcharge.") % values
    elif capped:
        text = (
            _(
                "%(days)d days late after %(due)s (%(paused)d days of review or litigation not counted): "
                "3%% of the fine per day reaches the fine itself, so the surcharge is capped at ¥%(amount)s."
            )
            % values
        )
    else:
        text = (
            _(
                "%(days)d days late after %(due)s (%(paused)d days of review or litigation not counted): "
                "3%% of ¥%(fine)s per day, ¥%(amount)s on %(on)s."
            )
            % values
        )
    return Surcharge(
        fine=fine,
        due=due,
        on=on,
        late_days=late - paused_days,
        paused_days=paused_days,
        amount=amount,
        capped=capped,
        running=running and case.remedy_since is None and not capped and late > 0,
        explanation=str(text),
        citation=str(citations.ART_72_73),
    )


# --- guards ------------------------------------------------------------------------------------


def no_remedy_pending(ctx: Context) -> Refusal | None:
    if ctx.case.remedy_since is None:
        return None
    return Refusal(
        "remedy_pending",
        _("Administrative review or litigation is pending since %(day)s.")
        % {"day": ctx.case.remedy_since.isoformat()},
        citations.COERCION_53,
    )


def remedy_pending(ctx: Context) -> Refusal | None:
    if ctx.case.remedy_since is not None:
        return None
    return Refusal(
        "remedy_not_pending",
        _("No administrative review or litigation is recorded as pending."),
        citations.ART_73,
    )


def remedy_dates(ctx: Context) -> Refusal | None:
    """A review or litigation starts on or after service of the decision, not in the future; it ends
    on or after it started."""
    if ctx.preview:
        return None
    if "started_on" in ctx.data:
        day, earliest, name = ctx.data["started_on"], ctx.case.served_on, "started_on"
    else:
        day, earliest, name = ctx.data.get("ended_on"), ctx.case.remedy_since, "ended_on"
    if day is None or ((earliest is None or day >= earliest) and day <= ctx.on):
        return None
    return Refusal(
        "remedy_date",
        _("The date must lie between %(earliest)s and today.")
        % {"earliest": earliest.isoformat() if earliest else "?"},
        citations.ART_73,
        error=Invalid,
        field=name,
    )


def payment_overdue(ctx: Context) -> Refusal | None:
    """行政强制法 Art. 54: the reminder comes when the party has not performed in time."""
    period = (
        ctx.case.deadlines.filter(rule_id="penalty.payment")
        .exclude(status=DeadlineStatus.STOPPED)
        .order_by("-id")
        .first()
    )
    if period is not None and period.due is not None and ctx.on > period.due:
        return None
    return Refusal(
        "payment_not_overdue",
        _("The period for payment has not ended (%(due)s).")
        % {"due": period.due.isoformat() if period is not None and period.due else "?"},
        citations.COERCION_35_54,
    )


def reminder_period_over(ctx: Context) -> Refusal | None:
    period = (
        ctx.case.deadlines.filter(rule_id="execution.reminder")
        .exclude(status=DeadlineStatus.STOPPED)
        .order_by("-id")
        .first()
    )
    if period is not None and period.due is not None and ctx.on > period.due:
        return None
    return Refusal(
        "reminder_period_open",
        _("The party has 10 working days after the reminder to perform (until %(due)s).")
        % {"due": period.due.isoformat() if period is not None and period.due else "?"},
        citations.COERCION_35_54,
    )


def court_application_window(ctx: Context) -> Refusal | None:
    """行政强制法 Art. 53: the court is applied to after the periods for review and litigation have
    expired, and within three months of that."""
    start = remedy_periods_end(ctx.case)
    end = add_months(start, COURT_APPLICATION_MONTHS)
    if start < ctx.on <= end:
        return None
    return Refusal(
        "court_application_window",
        _(
            "The court may be applied to from %(start)s to %(end)s (after the periods for review and litigation)."
        )
        % {"start": (start + dt.timedelta(days=1)).isoformat(), "end": end.isoformat()},
        citations.COERCION_53,
    )
