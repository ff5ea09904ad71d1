"""行政检查 (司法部《行政检查文书基本格式文本(试行)》): planned with approval, carried out by at least
two certified officers, closed with its own result — no problem, rectification ordered, or a
suspected violation for which a penalty case is to be filed."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sanxiang.cases import gates
from sanxiang.cases.enums import CaseState as S
from sanxiang.cases.enums import InspectionResult, ProcedureKind
from sanxiang.cases.procedures.base import HEAD, OFFICERS, Procedure, Transition
from sanxiang.cases.procedures.common import set_closed
from sanxiang.core.cleaning import Spec, choices_from

RESULT_SPECS = (
    Spec("result", _("Inspection result"), kind="choice", choices=choices_from(InspectionResult)),
    Spec("findings", _("Findings"), kind="multiline", max_length=2000),
)

TRANSITIONS = (
    Transition(
        S.PLANNED,
        "start_inspection",
        S.INSPECTING,
        OFFICERS,
        guards=(gates.two_certified_officers,),
        records=("inspection_approval",),
        choose_officers=True,
    ),
    Transition(
        S.INSPECTING,
        "record_result",
        S.RESULT_RECORDED,
        OFFICERS,
        guards=(gates.two_certified_officers,),
        specs=RESULT_SPECS,
        records=("on_site_record", "inspection_result"),
        choose_officers=True,
    ),
    # A suspected violation found: the penalty case is opened from here, linked to the inspection
    # (``cases.actions.open_case_from_inspection`` runs after the act, in its transaction).
    Transition(
        S.RESULT_RECORDED,
        "open_penalty_case",
        S.RESULT_RECORDED,
        OFFICERS,
        guards=(gates.violation_found,),
    ),
    Transition(
        S.RESULT_RECORDED,
        "close",
        S.CLOSED,
        HEAD,
        guards=(gates.records_complete,),
        stops=("*",),
        effect=set_closed,
    ),
)

PROCEDURE = Procedure(
    kind=ProcedureKind.INSPECTION,
    initial=S.PLANNED,
    states=(S.PLANNED, S.INSPECTING, S.RESULT_RECORDED, S.CLOSED),
    final=frozenset({S.CLOSED}),
    transitions=TRANSITIONS,
)
