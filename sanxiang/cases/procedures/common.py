"""Pieces shared by the penalty procedures: the act fields, the deadlines of service and payment,
and the effects that write the penalty onto the case."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from sanxiang.cases import citations
from sanxiang.cases.enums import CaseState, DeadlineMode, ExecutionMethod, PenaltyKind
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
    return DECISION_PERIOD + ctx.case.decision_extension_days


DECISION = DeadlineRule(
    "penalty.decision",
    citations.ART_60,
    _("filing"),
    DeadlineMode.CALENDAR_DAYS,
    decision_period,
    start=lambda ctx: ctx.case.filed_on or ctx.on,
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
