"""行政处罚一般程序 (处罚法 Chapter V, Section 3): clue → filing → investigation → investigation
closed → [legal review] → prior notice → statement window or hearing → decision → service →
execution → closing; with the exits not filed, no penalty and transfer to the judicial organs."""

from __future__ import annotations

from typing import Any

from sanxiang.cases import gates
from sanxiang.cases.enums import CaseState as S
from sanxiang.cases.enums import ProcedureKind
from sanxiang.cases.numbering import SERIES, next_number
from sanxiang.cases.procedures import coercion, decision_change, transfer
from sanxiang.cases.procedures import execution as execution_acts
from sanxiang.cases.procedures.base import HEAD, OFFICERS, Context, Procedure, Transition, fan
from sanxiang.cases.procedures.common import (
    COLLECTIVE_SPECS,
    DECISION,
    EXTENSION_SPECS,
    FILING_CHECK,
    HEARING_REQUEST,
    HEARING_SPECS,
    PAUSE_SPECS,
    PAYMENT,
    REASON,
    RECUSAL_DECISION_SPECS,
    RECUSAL_REQUEST_SPECS,
    SERVICE,
    STATEMENT_WINDOW,
    WAIVER_SPECS,
    set_closed,
    set_decided,
    set_paused,
    set_resumed,
    set_served,
)


def _file(ctx: Context) -> dict[str, Any]:
    warning = next((w for w in ctx.warnings if w["code"] == "limitation_period"), None)
    return {
        "number": next_number(ctx.case.agency, ctx.on.year, SERIES["general"]),
        "filed_on": ctx.on,
        "limitation_warning": warning["message"][:300] if warning else "",
    }


def _propose(ctx: Context) -> dict[str, Any]:
    penalty = ctx.data.get("penalty")
    return {"proposed_penalty": penalty.as_json() if penalty is not None else {}}


def _notify(ctx: Context) -> dict[str, Any]:
    penalty = ctx.data.get("penalty") or ctx.case.penalty("proposed")
    return {
        "proposed_penalty": penalty.as_json(),
        "notified_penalty": penalty.as_json(),
        "notice_served_on": ctx.on,
        "hearing_offered": gates.hearing_rights(ctx.case, penalty),
        "statement_made": False,
        "statement_waived": False,
        "hearing_on": None,
        "hearing_chair": None,
    }


def _hearing(ctx: Context) -> dict[str, Any]:
    return {"hearing_on": ctx.data["hearing_on"], "hearing_chair": ctx.data["chair"]}


def _extend(ctx: Context) -> dict[str, Any]:
    return {"decision_extension_days": ctx.case.decision_extension_days + ctx.data["days"]}


BEFORE_DECISION = (
    S.FILED,
    S.INVESTIGATING,
    S.INVESTIGATION_CLOSED,
    S.PRIOR_NOTICE_SERVED,
    S.HEARING_REQUESTED,
    S.HEARING_NOTICED,
    S.HEARING_HELD,
    S.HEARING_WAIVED,
)
# A party may ask for an officer's recusal while the case is handled (Art. 43).
RECUSAL_STATES = (S.CLUE, *BEFORE_DECISION)
NOTICE_WINDOWS = ("penalty.statement_window", "penalty.hearing_request")
# Every decision after the party was heard (a hearing held, or waived by Art. 64(8)).
AFTER_HEARING = (S.HEARING_HELD, S.HEARING_WAIVED)


def _hearing_waived(ctx: Context) -> dict[str, Any]:
    return {"hearing_on": ctx.case.hearing_on if ctx.data.get("how") != "withdrawn" else None}


TRANSITIONS: list[Transition] = [
    Transition(
        S.CLUE,
        "file",
        S.FILED,
        HEAD,
        advisories=(gates.limitation_advisory,),
        records=("filing_approval",),
        ends=("penalty.filing_check",),
        starts=(DECISION,),
        effect=_file,
    ),
    Transition(
        S.CLUE,
        "decline_filing",
        S.NOT_FILED,
        HEAD,
        specs=(REASON,),
        records=("not_filing_approval",),
        ends=("penalty.filing_check",),
    ),
    Transition(
        S.CLUE,
        "extend_filing_check",
        S.CLUE,
        HEAD,
        guards=(gates.filing_check_not_extended,),
        specs=(REASON,),
        records=("filing_extension_approval",),
        stops=("penalty.filing_check",),
        starts=(FILING_CHECK,),
    ),
    Transition(
        S.FILED,
        "start_investigation",
        S.INVESTIGATING,
        OFFICERS,
        guards=(gates.two_certified_officers,),
        records=("inquiry_record",),
        choose_officers=True,
    ),
    Transition(
        S.INVESTIGATING,
        "close_investigation",
        S.INVESTIGATION_CLOSED,
        OFFICERS,
        guards=(gates.two_certified_officers, gates.preserved_items_decided),
        records=("investigation_report",),
        effect=_propose,
        choose_officers=True,
        asks_penalty="optional",
    ),
    Transition(
        S.INVESTIGATION_CLOSED,
        "decide_no_penalty",
        S.NO_PENALTY,
        HEAD,
        guards=(gates.no_seizure_left,),
        specs=(REASON,),
        records=("no_penalty_approval",),
        stops=("*",),
    ),
    Transition(
        S.INVESTIGATION_CLOSED,
        "serve_prior_notice",
        S.PRIOR_NOTICE_SERVED,
        OFFICERS,
        guards=(gates.has_party, gates.penalty_proposed, gates.major_decision_gate),
        records=("prior_notice",),
        starts=(STATEMENT_WINDOW, HEARING_REQUEST),
        effect=_notify,
    ),
    Transition(
        S.PRIOR_NOTICE_SERVED,
        "record_statement",
        S.PRIOR_NOTICE_SERVED,
        OFFICERS,
        records=("statement_record",),
        effect=lambda ctx: {"statement_made": True},
    ),
    Transition(
        S.PRIOR_NOTICE_SERVED,
        "waive_rights",
        S.PRIOR_NOTICE_SERVED,
        OFFICERS,
        records=("waiver",),
        effect=lambda ctx: {"statement_waived": True},
    ),
    Transition(
        S.PRIOR_NOTICE_SERVED,
        "request_hearing",
        S.HEARING_REQUESTED,
        OFFICERS,
        guards=(gates.hearing_offered, gates.hearing_request_in_time),
        records=("hearing_request",),
        ends=("penalty.hearing_request",),
    ),
    Transition(
        S.HEARING_REQUESTED,
        "notify_hearing",
        S.HEARING_NOTICED,
        OFFICERS,
        guards=(gates.hearing_notice_period, gates.chair_not_investigator),
        specs=HEARING_SPECS,
        records=("hearing_notice",),
        effect=_hearing,
    ),
    Transition(
        S.HEARING_NOTICED,
        "hold_hearing",
        S.HEARING_HELD,
        OFFICERS,
        guards=(gates.hearing_day_reached,),
        records=("hearing_record",),
    ),
    *fan(
        (S.PRIOR_NOTICE_SERVED, *AFTER_HEARING),
        "serve_new_notice",
        S.PRIOR_NOTICE_SERVED,
        OFFICERS,
        guards=(gates.has_party, gates.major_decision_gate),
        records=("prior_notice",),
        stops=NOTICE_WINDOWS,
        starts=(STATEMENT_WINDOW, HEARING_REQUEST),
        effect=_notify,
        asks_penalty="required",
    ),
    *fan(
        BEFORE_DECISION,
        "extend_decision_period",
        None,
        HEAD,
        guards=(gates.decision_period_running, gates.first_extension),
        specs=EXTENSION_SPECS,
        records=("extension_approval",),
        stops=("penalty.decision",),
        starts=(DECISION,),
        effect=_extend,
    ),
    *fan(
        BEFORE_DECISION,
        "extend_by_collective_discussion",
        None,
        HEAD,
        guards=(gates.decision_period_running, gates.after_first_extension),
        specs=COLLECTIVE_SPECS,
        records=("collective_discussion_record", "extension_approval"),
        stops=("penalty.decision",),
        starts=(DECISION,),
        effect=_extend,
    ),
    *fan(
        BEFORE_DECISION,
        "pause_decision_period",
        None,
        OFFICERS,
        guards=(gates.decision_period_running,),
        specs=PAUSE_SPECS,
        records=("pause_approval",),
        stops=("penalty.decision",),
        effect=set_paused,
    ),
    *fan(
        BEFORE_DECISION,
        "resume_decision_period",
        None,
        OFFICERS,
        guards=(gates.decision_period_paused, gates.pause_not_before),
        starts=(DECISION,),
        effect=set_resumed,
    ),
    *fan(
        RECUSAL_STATES,
        "request_recusal",
        None,
        OFFICERS,
        guards=(gates.officer_is_on_the_case,),
        specs=RECUSAL_REQUEST_SPECS,
        records=("recusal_request",),
    ),
    *fan(
        RECUSAL_STATES,
        "decide_recusal",
        None,
        HEAD,
        guards=(gates.recusal_pending,),
        specs=RECUSAL_DECISION_SPECS,
        records=("recusal_decision",),
    ),
    *fan(
        (S.HEARING_REQUESTED, S.HEARING_NOTICED),
        "end_hearing_waived",
        S.HEARING_WAIVED,
        OFFICERS,
        guards=(gates.waiver_fits_the_hearing,),
        specs=WAIVER_SPECS,
        records=("hearing_waiver_record",),
        effect=_hearing_waived,
    ),
    Transition(
        S.PRIOR_NOTICE_SERVED,
        "decide",
        S.DECIDED,
        HEAD,
        guards=(
            gates.has_party,
            gates.statement_window_passed,
            gates.hearing_window_passed,
            gates.not_heavier_than_notified,
            gates.major_decision_gate,
            gates.decision_period_running,
            gates.within_decision_period,
        ),
        records=("decision_approval", "decision"),
        ends=("penalty.decision", *NOTICE_WINDOWS),
        starts=(SERVICE,),
        effect=set_decided,
        asks_penalty="required",
    ),
    *fan(
        AFTER_HEARING,
        "decide",
        S.DECIDED,
        HEAD,
        guards=(
            gates.has_party,
            gates.not_heavier_than_notified,
            gates.major_decision_gate,
            gates.decision_period_running,
            gates.within_decision_period,
        ),
        records=("decision_approval", "decision"),
        # The party's windows of the notice are over once heard: they end (met) with the decision.
        ends=("penalty.decision", *NOTICE_WINDOWS),
        starts=(SERVICE,),
        effect=set_decided,
        asks_penalty="required",
    ),
    Transition(
        S.DECIDED,
        "serve_decision",
        S.SERVED,
        OFFICERS,
        records=("service_receipt",),
        ends=("penalty.service",),
        starts=(PAYMENT,),
        effect=set_served,
    ),
    *coercion.TRANSITIONS,
    *execution_acts.TRANSITIONS,
    *decision_change.transitions((S.DECIDED, *execution_acts.EXECUTION_STATES, S.EXECUTED)),
    *fan(
        (S.EXECUTED, S.NO_PENALTY, S.TRANSFERRED),
        "close",
        S.CLOSED,
        HEAD,
        guards=(gates.no_seizure_left, gates.records_complete),
        records=("closing_approval",),
        stops=("*",),
        effect=set_closed,
    ),
    *transfer.TRANSITIONS,
]

PROCEDURE = Procedure(
    kind=ProcedureKind.GENERAL,
    initial=S.CLUE,
    states=(
        S.CLUE,
        S.FILED,
        S.INVESTIGATING,
        S.INVESTIGATION_CLOSED,
        S.PRIOR_NOTICE_SERVED,
        S.HEARING_REQUESTED,
        S.HEARING_NOTICED,
        S.HEARING_HELD,
        S.HEARING_WAIVED,
        S.DECIDED,
        S.SERVED,
        *execution_acts.STATES,
        S.EXECUTED,
        S.NO_PENALTY,
        *transfer.STATES,
        S.NOT_FILED,
        S.CLOSED,
    ),
    final=frozenset({S.CLOSED, S.NOT_FILED}),
    transitions=tuple(TRANSITIONS),
)
