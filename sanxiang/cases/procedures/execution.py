"""Execution of a served penalty decision, shared by the general and the simple procedure (an
on-the-spot fine is enforced like any other): payment or performance, review or litigation that
pauses the surcharge (处罚法 Art. 73), and compulsory execution through the court after a reminder
(行政强制法 Arts. 35, 53, 54). The guards and periods are in ``cases.execution``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sanxiang.cases import execution
from sanxiang.cases.enums import CaseState as S
from sanxiang.cases.procedures.base import HEAD, OFFICERS, Transition, fan
from sanxiang.cases.procedures.common import (
    EXECUTION_SPECS,
    REASON,
    RECORD_EXECUTION,
    REMEDY_END_SPECS,
    REMEDY_START_SPECS,
    end_remedy,
    set_remedy,
)
from sanxiang.core.cleaning import Spec

STATES = (S.REMINDER_SERVED, S.COURT_APPLIED)
EXECUTION_STATES = (S.SERVED, *STATES)

DEFERRAL_SPECS = (
    Spec("pay_by", _("Pay by"), kind="date"),
    Spec("instalments", _("Instalments (if paid in parts)"), max_length=300, required=False),
    REASON,
)

TRANSITIONS: list[Transition] = [
    Transition(
        S.SERVED,
        "defer_payment",
        S.SERVED,
        HEAD,
        guards=(execution.deferral_fits,),
        specs=DEFERRAL_SPECS,
        records=("deferral_approval",),
        stops=("penalty.payment",),
        starts=(execution.DEFERRED_PAYMENT,),
    ),
    RECORD_EXECUTION,
    *fan(
        (S.REMINDER_SERVED, S.COURT_APPLIED),
        "record_execution",
        S.EXECUTED,
        OFFICERS,
        specs=EXECUTION_SPECS,
        records=("payment_receipt",),
        ends=("penalty.payment", "execution.reminder", "execution.court_application"),
    ),
    *fan(
        EXECUTION_STATES,
        "start_remedy",
        None,
        OFFICERS,
        guards=(execution.no_remedy_pending, execution.remedy_dates),
        specs=REMEDY_START_SPECS,
        records=("remedy_record",),
        effect=set_remedy,
    ),
    *fan(
        EXECUTION_STATES,
        "end_remedy",
        None,
        OFFICERS,
        guards=(execution.remedy_pending, execution.remedy_dates),
        specs=REMEDY_END_SPECS,
        records=("remedy_record",),
        effect=end_remedy,
    ),
    Transition(
        S.SERVED,
        "serve_reminder",
        S.REMINDER_SERVED,
        OFFICERS,
        guards=(execution.payment_overdue, execution.no_remedy_pending),
        records=("reminder",),
        starts=(execution.REMINDER, execution.COURT_APPLICATION),
    ),
    Transition(
        S.REMINDER_SERVED,
        "apply_to_court",
        S.COURT_APPLIED,
        HEAD,
        guards=(
            execution.reminder_period_over,
            execution.no_remedy_pending,
            execution.court_application_window,
        ),
        records=("court_application",),
        ends=("execution.court_application",),
    ),
]
