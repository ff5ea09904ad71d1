"""Pieces shared by the penalty procedures: the act fields, the deadlines of service and payment,
and the effects that write the penalty onto the case."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from sanxiang.cases import citations
from sanxiang.cases.enums import (
    CaseState,
    DeadlineMode,
    DecisionPause,
    ExecutionMethod,
    HearingWaiver,
    PenaltyKind,
    RecusalOutcome,
    RemedyKind,
)
from sanxiang.cases.penalties import Penalty
from sanxiang.cases.procedures.base import OFFICERS, Context, DeadlineRule, Transition
from sanxiang.core import policy
from sanxiang.core.cleaning import Spec, choices_from
from sanxiang.core.errors import Invalid

REASON = Spec("reason", _("Reason"), kind="multiline", max_length=1000)


def _days(raw: Any) -> int:
    try:
        days = int(str(raw).strip())
    except ValueError:
        days = 0
    if not 1 <= days <= 365:
        raise Invalid("days_range", _("Give the extension in days, 1 to 365."), field="days")
    return days


EXTENSION_SPECS = (Spec("days", _("Extension (days)"), kind="custom", parser=_days), REASON)
HEARING_SPECS = (
    Spec("hearing_on", _("Hearing date"), kind="date"),
    Spec("chair", _("Hearing chair (officer)"), kind="custom", parser=lambda raw: raw),
    Spec("place", _("Hearing place"), max_length=200),
)
EXECUTION_SPECS = (
    Spec("method", _("How the decision was executed"), kind="choice", choices=choices_from(ExecutionMethod)),
    Spec("amount", _("Amount paid (yuan)"), kind="decimal", required=False),
    Spec("paid_on", _("Paid or performed on"), kind="date", required=False),
)

DECISION_PERIOD = 90  # 处罚法 Art. 60
SERVICE = DeadlineRule(
    "penalty.service",
    citations.ART_61,
    _("the decision"),
    DeadlineMode.WORKING_DAYS,
    7,
)
PAYMENT = DeadlineRule(
    "penalty.payment",
    citations.ART_67,
    _("service of the decision"),
    DeadlineMode.CALENDAR_DAYS,
    15,
    applies=lambda ctx: bool(ctx.case.penalty("decided").fine),
)


def statement_days(ctx: Context) -> int:
    return int(policy.value("cases.statement_window_working_days", ctx.case.agency.policy_scopes()))


STATEMENT_WINDOW = DeadlineRule(
    "penalty.statement_window",
    citations.STATEMENT_WINDOW,
    _("service of the prior notice"),
    DeadlineMode.WORKING_DAYS,
    statement_days,
    party_window=True,
)
HEARING_REQUEST = DeadlineRule(
    "penalty.hearing_request",
    citations.ART_64,
    _("service of the prior notice"),
    DeadlineMode.WORKING_DAYS,
    5,
    applies=lambda ctx: ctx.case.hearing_offered,
    party_window=True,
)


def decision_period(ctx: Context) -> int:
    return DECISION_PERIOD + ctx.case.decision_extension_days + ctx.case.decision_paused_days


def decision_note(ctx: Context) -> str:
    """Why the period is longer than 90 days: the approved extensions and the days not counted."""
    case = ctx.case
    parts = []
    if case.decision_extension_days:
        parts.append(str(_("extended by %(days)d days") % {"days": case.decision_extension_days}))
    if case.decision_paused_days:
        reasons = [
            str(DecisionPause(r).label)
            for r in dict.fromkeys(
                d.get("reason", "")
                for d in case.acts.filter(act="resume_decision_period").values_list("data", flat=True)
            )
            if r in DecisionPause.values
        ]
        if ctx.data.get("reason") in DecisionPause.values and ctx.transition.act == "resume_decision_period":
            reasons.append(str(DecisionPause(ctx.data["reason"]).label))
        parts.append(
            str(
                _("%(days)d days of %(reasons)s not counted")
                % {"days": case.decision_paused_days, "reasons": "、".join(dict.fromkeys(reasons))}
            )
        )
    if not parts:
        return ""
    return str(_(" (90 days, %(parts)s)") % {"parts": "；".join(parts)})


DECISION = DeadlineRule(
    "penalty.decision",
    citations.ART_60,
    _("filing"),
    DeadlineMode.CALENDAR_DAYS,
    decision_period,
    start=lambda ctx: ctx.case.filed_on or ctx.on,
    note=decision_note,
)
PAUSE_SPECS = (
    Spec("reason", _("Time not counted"), kind="choice", choices=choices_from(DecisionPause)),
    Spec("detail", _("Details"), kind="multiline", max_length=1000, required=False),
)
COLLECTIVE_SPECS = (
    Spec("days", _("Extension (days)"), kind="custom", parser=_days),
    Spec("participants", _("Heads taking part in the discussion"), max_length=300),
    REASON,
)
WAIVER_SPECS = (Spec("how", _("How the hearing ended"), kind="choice", choices=choices_from(HearingWaiver)),)
RECUSAL_REQUEST_SPECS = (
    Spec("officer", _("Officer whose recusal is requested"), kind="custom", parser=lambda raw: raw),
    REASON,
)
RECUSAL_DECISION_SPECS = (
    Spec("officer", _("Officer whose recusal is requested"), kind="custom", parser=lambda raw: raw),
    Spec("outcome", _("Decision"), kind="choice", choices=choices_from(RecusalOutcome)),
    REASON,
)
REMEDY_START_SPECS = (
    Spec("kind", _("Review or litigation"), kind="choice", choices=choices_from(RemedyKind)),
    Spec("started_on", _("Applied or filed on"), kind="date"),
)
REMEDY_END_SPECS = (
    Spec("ended_on", _("Ended on"), kind="date"),
    Spec("outcome", _("Outcome"), kind="multiline", max_length=1000),
)


def filing_check_days(case: Any, *, extended: bool) -> int:
    scopes = case.agency.policy_scopes()
    days = int(policy.value("cases.filing_check_working_days", scopes))
    if extended:
        days += int(policy.value("cases.filing_check_extension_working_days", scopes))
    return days


FILING_CHECK = DeadlineRule(
    "penalty.filing_check",
    citations.FILING_CHECK,
    _("discovery of the clue"),
    DeadlineMode.WORKING_DAYS,
    lambda ctx: filing_check_days(ctx.case, extended=ctx.transition.act == "extend_filing_check"),
    start=lambda ctx: ctx.case.discovered_on or ctx.case.created_at.date(),
)


def set_decided(ctx: Context) -> dict[str, Any]:
    penalty: Penalty = ctx.data["penalty"]
    return {
        "decided_penalty": penalty.as_json(),
        "decided_fine": penalty.fine if PenaltyKind.FINE in penalty.kinds else None,
        "decided_on": ctx.on,
    }


def set_served(ctx: Context) -> dict[str, Any]:
    return {"served_on": ctx.on}


def set_closed(ctx: Context) -> dict[str, Any]:
    return {"closed_at": ctx.at}


# The same act in the general and the simple procedure: payment (or performance) ends the payment
# period that service started (处罚法 Art. 67).
RECORD_EXECUTION = Transition(
    CaseState.SERVED,
    "record_execution",
    CaseState.EXECUTED,
    OFFICERS,
    specs=EXECUTION_SPECS,
    records=("payment_receipt",),
    ends=("penalty.payment",),
)


def set_paused(ctx: Context) -> dict[str, Any]:
    return {"decision_paused_on": ctx.on, "decision_pause_reason": ctx.data["reason"]}


def set_resumed(ctx: Context) -> dict[str, Any]:
    """Counting resumes: the days since the pause began are added to the period (the day of the
    pause itself counted, the day of resumption not: each day is counted once)."""
    paused_on = ctx.case.decision_paused_on
    assert paused_on is not None  # guarded by gates.decision_period_paused
    days = (ctx.on - paused_on).days
    ctx.data.update(reason=ctx.case.decision_pause_reason, since=paused_on.isoformat(), days_not_counted=days)
    return {
        "decision_paused_on": None,
        "decision_pause_reason": "",
        "decision_paused_days": ctx.case.decision_paused_days + days,
    }


def set_remedy(ctx: Context) -> dict[str, Any]:
    return {"remedy_since": ctx.data["started_on"], "remedy_kind": ctx.data["kind"]}


def end_remedy(ctx: Context) -> dict[str, Any]:
    since = ctx.case.remedy_since
    ctx.data.update(kind=ctx.case.remedy_kind, since=since.isoformat() if since else None)
    return {"remedy_since": None, "remedy_kind": ""}
