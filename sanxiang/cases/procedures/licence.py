"""行政许可 (行政许可法 Chapter IV): the application is received → accepted (受理) or not accepted
(不予受理, with the reason) within 5 working days, else it counts as accepted from receipt (Art. 32)
→ reviewed, with on-site verification by two officers where the materials need it (Art. 34) →
decided by the head within 20 working days of acceptance, once extendable by 10 with the reason
told to the applicant (Art. 42): granted, with the licence number and validity, or refused with
reasons and remedies (Art. 38) → for a grant, the certificate within 10 working days (Art. 44) →
closed. Every period counts working days (Art. 82).

The acceptance period starts when the application is registered (``cases.actions.open_case``:
the day the materials were received, ``discovered_on``); the day of acceptance is kept in
``filed_on`` (受理 is the licence procedure's filing), the extension in ``decision_extension_days``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from sanxiang.cases import citations_licence, gates
from sanxiang.cases.enums import CaseState as S
from sanxiang.cases.enums import DeadlineMode, LicenceOutcome, ProcedureKind
from sanxiang.cases.procedures import decision_change
from sanxiang.cases.procedures.base import HEAD, OFFICERS, Context, DeadlineRule, Procedure, Transition, fan
from sanxiang.cases.procedures.common import REASON, set_closed
from sanxiang.core.cleaning import Spec, choices_from

ACCEPTANCE_DAYS = 5  # Art. 32
DECISION_DAYS = 20  # Art. 42 ¶1
EXTENSION_DAYS = 10  # Art. 42 ¶1, once, with the head's approval
CERTIFICATE_DAYS = 10  # Art. 44

ACCEPTANCE = DeadlineRule(
    "licence.acceptance",
    citations_licence.ACCEPTANCE,
    _("receipt of the application"),
    DeadlineMode.WORKING_DAYS,
    ACCEPTANCE_DAYS,
    start=lambda ctx: ctx.case.discovered_on or ctx.on,
)


def _decision_note(ctx: Context) -> str:
    if not ctx.case.decision_extension_days:
        return ""
    return str(_(" (20 working days, extended by %(days)d)") % {"days": ctx.case.decision_extension_days})


DECISION = DeadlineRule(
    "licence.decision",
    citations_licence.DECISION,
    _("acceptance of the application"),
    DeadlineMode.WORKING_DAYS,
    lambda ctx: DECISION_DAYS + ctx.case.decision_extension_days,
    start=lambda ctx: ctx.case.filed_on or ctx.on,
    note=_decision_note,
)
CERTIFICATE = DeadlineRule(
    "licence.certificate",
    citations_licence.CERTIFICATE,
    _("the licence decision"),
    DeadlineMode.WORKING_DAYS,
    CERTIFICATE_DAYS,
    applies=lambda ctx: ctx.data.get("outcome") == LicenceOutcome.GRANTED,
)

DECISION_SPECS = (
    Spec("outcome", _("Licence decision"), kind="choice", choices=choices_from(LicenceOutcome)),
    Spec("licence_number", _("Licence number"), max_length=60, required=False),
    Spec("valid_until", _("Licence valid until"), kind="date", required=False),
    Spec("reasons", _("Reasons"), kind="multiline", max_length=5000, required=False),
    Spec("remedies", _("Right to review or litigation"), kind="multiline", max_length=1000, required=False),
)


def _accept(ctx: Context) -> dict[str, Any]:
    """Art. 32 last paragraph: an application not answered within 5 working days counts as accepted
    from the day its materials were received, so a late acceptance dates the decision period from
    then; on time, from the day of acceptance."""
    row = gates.latest_deadline(ctx.case, ACCEPTANCE.rule_id)
    late = row is not None and not gates.still_running(row, ctx.on)
    received = ctx.case.discovered_on or ctx.on
    return {"filed_on": received if late else ctx.on}


def _decide(ctx: Context) -> dict[str, Any]:
    return {"decided_on": ctx.on}


def _extend(ctx: Context) -> dict[str, Any]:
    return {"decision_extension_days": EXTENSION_DAYS}


BEFORE_DECISION = (S.ACCEPTED, S.UNDER_REVIEW)

TRANSITIONS = (
    Transition(
        S.APPLIED,
        "accept_application",
        S.ACCEPTED,
        OFFICERS,
        guards=(gates.applicant_present,),
        records=("acceptance_notice",),
        ends=(ACCEPTANCE.rule_id,),
        starts=(DECISION,),
        effect=_accept,
    ),
    Transition(
        S.APPLIED,
        "refuse_application",
        S.NOT_ACCEPTED,
        OFFICERS,
        guards=(gates.applicant_present,),
        specs=(REASON,),
        records=("non_acceptance_decision",),
        ends=(ACCEPTANCE.rule_id,),
    ),
    Transition(S.ACCEPTED, "start_review", S.UNDER_REVIEW, OFFICERS),
    Transition(
        S.UNDER_REVIEW,
        "verify_on_site",
        S.UNDER_REVIEW,
        OFFICERS,
        guards=(gates.licence_verification_officers,),
        records=("licence_verification_record",),
        choose_officers=True,
    ),
    *fan(
        BEFORE_DECISION,
        "extend_licence_period",
        None,
        HEAD,
        guards=(gates.licence_extension_once,),
        specs=(REASON,),
        # Art. 42: the head approves, and the applicant is told the reason.
        records=("licence_extension_approval", "licence_extension_notice"),
        stops=(DECISION.rule_id,),
        starts=(DECISION,),
        effect=_extend,
    ),
    Transition(
        S.UNDER_REVIEW,
        "decide_licence",
        S.LICENCE_DECIDED,
        HEAD,
        guards=(gates.applicant_present, gates.licence_decision_complete),
        specs=DECISION_SPECS,
        records=("licence_decision",),
        ends=(DECISION.rule_id,),
        starts=(CERTIFICATE,),
        effect=_decide,
    ),
    Transition(
        S.LICENCE_DECIDED,
        "issue_certificate",
        S.CERTIFICATE_ISSUED,
        OFFICERS,
        guards=(gates.licence_granted,),
        records=("licence_certificate",),
        ends=(CERTIFICATE.rule_id,),
    ),
    Transition(
        S.LICENCE_DECIDED,
        "close",
        S.CLOSED,
        HEAD,
        guards=(gates.licence_refused, gates.records_complete),
        stops=("*",),
        effect=set_closed,
    ),
    Transition(
        S.CERTIFICATE_ISSUED,
        "close",
        S.CLOSED,
        HEAD,
        guards=(gates.records_complete,),
        stops=("*",),
        effect=set_closed,
    ),
    *decision_change.transitions((S.LICENCE_DECIDED, S.CERTIFICATE_ISSUED)),
)

PROCEDURE = Procedure(
    kind=ProcedureKind.LICENCE,
    initial=S.APPLIED,
    states=(
        S.APPLIED,
        S.ACCEPTED,
        S.UNDER_REVIEW,
        S.LICENCE_DECIDED,
        S.CERTIFICATE_ISSUED,
        S.NOT_ACCEPTED,
        S.CLOSED,
    ),
    final=frozenset({S.CLOSED, S.NOT_ACCEPTED}),
    transitions=TRANSITIONS,
)
