"""On-site evidence and coercive acts within the investigation of the general procedure:
先行登记保存证据 (处罚法 Art. 56) and 查封、扣押 (行政强制法 Arts. 18-28, the power given by 食品安全法
Art. 110, 产品质量法 Art. 18 and the like). They keep the case in its stage; what they start is a
period the case keeps until the agency decides on the items or releases them:

- preservation: the head approves first; two certified officers act; the agency decides on the
  preserved items within 7 days, working days by 处罚法 Art. 85;
- sealing or seizure: the head approves first, or in an emergency the officers act on the spot,
  report within 24 hours and obtain the approval after (Art. 19); two certified officers and an
  on-site record (Art. 18); 30 days, which by Art. 69 (only periods of ten days or less are working
  days) are calendar days, extendable once by at most 30 with the head's approval (Art. 25);
  release ends it (Art. 28)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanxiang.cases import citations, gates
from sanxiang.cases.enums import CaseState as S
from sanxiang.cases.enums import DeadlineMode
from sanxiang.cases.procedures.base import HEAD, OFFICERS, Context, DeadlineRule, Transition, fan
from sanxiang.cases.procedures.common import EXTENSION_SPECS, REASON
from sanxiang.cases.procedures.execution import EXECUTION_STATES
from sanxiang.core.cleaning import Spec

PRESERVATION_DAYS = 7  # 处罚法 Art. 56, working days by Art. 85
SEIZURE_DAYS = 30  # 行政强制法 Art. 25, calendar days (Art. 69 makes only ≤10 days working days)
EMERGENCY_REPORT_HOURS = 24  # 行政强制法 Art. 19

ITEMS = Spec(
    "items", _("Items (one per line: name, quantity, where kept)"), kind="multiline", max_length=10000
)
EMERGENCY = Spec(
    "emergency",
    _("Emergency on the spot: done before the head's approval, reported within 24 hours"),
    kind="bool",
    required=False,
)
DISPOSAL = Spec(
    "disposal",
    _("Decision on the items (returned, sealed or seized, sent for testing, confiscated, transferred)"),
    kind="multiline",
    max_length=2000,
)

PRESERVATION = DeadlineRule(
    "evidence.preservation",
    citations.ART_56,
    _("registering and preserving the evidence"),
    DeadlineMode.WORKING_DAYS,
    PRESERVATION_DAYS,
)


def _seizure_start(ctx: Context) -> dt.date:
    """An extension counts from the day of the sealing or seizure, not from the extension."""
    if ctx.transition.act == "seal_or_seize":
        return ctx.on
    last = ctx.case.acts.filter(act="seal_or_seize").order_by("-occurred_at", "-id").first()
    return timezone.localdate(last.occurred_at) if last is not None else ctx.on


def _seizure_days(ctx: Context) -> int:
    if ctx.transition.act == "extend_seizure":
        return SEIZURE_DAYS + int(ctx.data.get("days") or 0)
    return SEIZURE_DAYS


def _seizure_note(ctx: Context) -> str:
    if ctx.transition.act != "extend_seizure":
        return ""
    return str(_(" (30 days, extended by %(days)d days)") % {"days": int(ctx.data.get("days") or 0)})


SEIZURE = DeadlineRule(
    "coercion.seizure",
    citations.COERCION_25,
    _("the sealing or seizure"),
    DeadlineMode.CALENDAR_DAYS,
    _seizure_days,
    start=_seizure_start,
    note=_seizure_note,
)
EMERGENCY_REPORT = DeadlineRule(
    "coercion.emergency_report",
    citations.COERCION_19,
    _("the sealing or seizure on the spot"),
    DeadlineMode.HOURS,
    EMERGENCY_REPORT_HOURS,
    applies=lambda ctx: bool(ctx.data.get("emergency")),
)

# Seized items stay seized while the case goes on to its decision (行政强制法 Art. 27: the decision
# confiscates them, or they are released); the period keeps counting in every stage until then.
SEIZURE_STATES = (
    S.INVESTIGATING,
    S.INVESTIGATION_CLOSED,
    S.PRIOR_NOTICE_SERVED,
    S.HEARING_REQUESTED,
    S.HEARING_NOTICED,
    S.HEARING_HELD,
    S.HEARING_WAIVED,
    S.DECIDED,
)
# Release stays possible until the case is executed: the decision may leave seized items to be
# returned (Art. 28), and the case does not close over a running seizure.
RELEASE_STATES = (*SEIZURE_STATES, *EXECUTION_STATES, S.EXECUTED)

TRANSITIONS: list[Transition] = [
    Transition(
        S.INVESTIGATING,
        "approve_preservation",
        S.INVESTIGATING,
        HEAD,
        specs=(REASON,),
        records=("preservation_approval",),
    ),
    Transition(
        S.INVESTIGATING,
        "preserve_evidence",
        S.INVESTIGATING,
        OFFICERS,
        guards=(gates.two_certified_officers, gates.preservation_approved),
        specs=(ITEMS,),
        records=("preservation_notice", "preserved_items_list", "on_site_record"),
        starts=(PRESERVATION,),
        choose_officers=True,
    ),
    Transition(
        S.INVESTIGATING,
        "decide_preserved_items",
        S.INVESTIGATING,
        HEAD,
        guards=(gates.preservation_pending,),
        specs=(DISPOSAL,),
        records=("preserved_items_decision",),
        ends=("evidence.preservation",),
    ),
    Transition(
        S.INVESTIGATING,
        "approve_seizure",
        S.INVESTIGATING,
        HEAD,
        specs=(REASON,),
        records=("seizure_approval",),
        ends=("coercion.emergency_report",),
    ),
    Transition(
        S.INVESTIGATING,
        "seal_or_seize",
        S.INVESTIGATING,
        OFFICERS,
        guards=(gates.coercion_officers, gates.no_seizure_running, gates.seizure_approved),
        specs=(ITEMS, EMERGENCY),
        records=("seizure_decision", "on_site_record"),
        starts=(SEIZURE, EMERGENCY_REPORT),
        choose_officers=True,
    ),
    *fan(
        SEIZURE_STATES,
        "extend_seizure",
        None,
        HEAD,
        guards=(gates.seizure_running, gates.seizure_extension_allowed),
        specs=EXTENSION_SPECS,
        records=("seizure_extension_decision",),
        stops=("coercion.seizure",),
        starts=(SEIZURE,),
    ),
    *fan(
        RELEASE_STATES,
        "release_seizure",
        None,
        HEAD,
        guards=(gates.seizure_running,),
        specs=(REASON,),
        records=("seizure_release_decision",),
        # The head who disagrees with an emergency measure releases it at once (Art. 19).
        ends=("coercion.seizure", "coercion.emergency_report"),
    ),
]
