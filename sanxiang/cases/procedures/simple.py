"""行政处罚简易程序 (当场处罚, 处罚法 Arts. 51–53): facts conclusive, a legal basis, and only a
warning or a small fine; the officers show their certificates and decide on the spot on a
pre-numbered form, serve it at once, and file a copy with the agency."""

from __future__ import annotations

from sanxiang.cases import gates
from sanxiang.cases.enums import CaseState as S
from sanxiang.cases.enums import ProcedureKind
from sanxiang.cases.procedures import decision_change, execution
from sanxiang.cases.procedures.base import HEAD, OFFICERS, Procedure, Transition
from sanxiang.cases.procedures.common import PAYMENT, set_closed, set_decided, set_served

TRANSITIONS = (
    Transition(
        S.ON_THE_SPOT,
        "decide_on_the_spot",
        S.DECIDED,
        OFFICERS,
        guards=(gates.two_certified_officers, gates.has_party, gates.simple_procedure_limits),
        records=("on_the_spot_decision",),
        effect=set_decided,
        choose_officers=True,
        asks_penalty="required",
    ),
    Transition(
        S.DECIDED,
        "serve_decision",
        S.SERVED,
        OFFICERS,
        records=("service_receipt",),
        starts=(PAYMENT,),
        effect=set_served,
    ),
    *execution.TRANSITIONS,
    *decision_change.transitions((S.DECIDED, *execution.EXECUTION_STATES, S.EXECUTED)),
    Transition(
        S.EXECUTED,
        "close",
        S.CLOSED,
        HEAD,
        guards=(gates.records_complete,),
        stops=("*",),
        effect=set_closed,
    ),
)

PROCEDURE = Procedure(
    kind=ProcedureKind.SIMPLE,
    initial=S.ON_THE_SPOT,
    states=(S.ON_THE_SPOT, S.DECIDED, S.SERVED, *execution.STATES, S.EXECUTED, S.CLOSED),
    final=frozenset({S.CLOSED}),
    transitions=TRANSITIONS,
)
