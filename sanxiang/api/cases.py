"""Case endpoints: the officer workbench through the JSON API.

Reads are scoped like the pages (``cases.queries``: a case the caller may not see does not exist).
People read through their session; an API token reads its agency's cases when it carries the scope
``cases:read`` (case files hold personal data, so ``catalog:read`` does not include them). Writes —
registering a case and performing an act — are acts of a person and are refused to tokens.

An act goes through ``procedures.engine.transition`` exactly as the case page's forms do, with the
``version`` the caller last read: a case changed since is answered 409 ``case_changed``; an act the
procedure does not offer in the case's state is 409 ``wrong_state``; both answers carry the case's
current state and version. A guard's refusal is its own code, message and article. Nothing is
written on any refusal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Status

from sanxiang.api.auth import TokenPrincipal, require_person, require_scope, session_or_token
from sanxiang.api.errors import AUTH_ERRORS
from sanxiang.api.schemas.cases import (
    ActIn,
    CaseDetailOut,
    CaseEditIn,
    CaseIn,
    CasePage,
    CaseStateErrorOut,
)
from sanxiang.api.schemas.common import PageIn
from sanxiang.cases import actions, editing, execution, permissions, queries
from sanxiang.cases.enums import (
    CaseSource,
    CaseState,
    DeadlineMode,
    DeadlineStatus,
    ProcedureKind,
)
from sanxiang.cases.models import Case, CaseDeadline
from sanxiang.cases.penalties import Penalty
from sanxiang.cases.procedures.acts import act_label
from sanxiang.cases.procedures.engine import NOTE, ActOption, allowed_acts, transition
from sanxiang.cases.records import record_label
from sanxiang.core import clock
from sanxiang.core.errors import NotAllowed, WrongState

router = Router(tags=["案件办理 cases"], auth=session_or_token)

READ_CASES = "cases:read"
STATE_ERRORS = {**AUTH_ERRORS, 409: CaseStateErrorOut}


# --- shapes -----------------------------------------------------------------------------------


def _deadline(row: CaseDeadline) -> dict[str, Any]:
    return {
        "rule_id": row.rule_id,
        "citation": row.citation,
        "start_event": row.start_event,
        "start_date": row.start_date,
        "days": row.days,
        "mode": row.mode,
        "mode_label": str(DeadlineMode(row.mode).label),
        "due": row.due,
        "due_at": row.due_at,
        "explanation": row.explanation,
        "party_window": row.party_window,
        "status": row.status,
        "status_label": str(DeadlineStatus(row.status).label),
    }


def _summary(case: Case) -> dict[str, Any]:
    duties = getattr(case, "open_duties", None)
    if duties is None:
        duties = list(
            case.deadlines.filter(status=DeadlineStatus.OPEN, party_window=False).order_by("due", "id")
        )
    return {
        "id": case.pk,
        "number": case.number,
        "title": case.title,
        "agency": {"id": case.agency_id, "name": case.agency.name},
        "procedure": case.procedure,
        "procedure_label": str(ProcedureKind(case.procedure).label),
        "state": case.state,
        "state_label": str(CaseState(case.state).label),
        "version": case.version,
        "source": case.source,
        "source_label": str(CaseSource(case.source).label),
        "enforcement_item_id": case.enforcement_item_id,
        "created_at": case.created_at,
        "filed_on": case.filed_on,
        "closed_at": case.closed_at,
        "next_deadline": _deadline(duties[0]) if duties else None,
    }


def _penalty(case: Case, which: str) -> dict[str, Any]:
    penalty: Penalty = case.penalty(which)
    return {
        "kinds": list(penalty.kinds),
        "fine": penalty.fine,
        "confiscation_value": penalty.confiscation_value,
        "detail": penalty.detail,
        "description": penalty.describe(),
    }


def _option(case: Case, option: ActOption) -> dict[str, Any]:
    t = option.transition
    fields = []
    for spec in (*t.specs, NOTE):
        kind = "officer_id" if spec.name in {"chair", "officer"} else spec.kind
        choices = sorted(set(spec.choices.values())) if spec.choices else None
        fields.append(
            {
                "name": spec.name,
                "label": str(spec.label),
                "kind": kind,
                "required": spec.required,
                "choices": choices,
            }
        )
    return {
        "act": t.act,
        "label": str(option.label),
        "target_state": t.target,
        "target_state_label": str(CaseState(t.target).label),
        "allowed": option.allowed,
        "code": option.code,
        "reason": option.reason,
        "citation": option.citation,
        "fields": fields,
        "records": [{"name": name, "label": str(record_label(name))} for name in t.records],
        "penalty": t.asks_penalty,
        "chooses_officers": t.choose_officers,
    }


def _options(case: Case, actor: Any) -> list[ActOption]:
    options = allowed_acts(case, actor)
    if isinstance(actor, TokenPrincipal):
        # A token may read the allowed acts but never perform them: say so on each.
        refusal = NotAllowed(
            "token_scope", _("Only a signed-in user may act on cases; API tokens may only read.")
        )
        options = [ActOption(o.transition, refusal) for o in options]
    return options


def _detail(case: Case, actor: Any, channel: str = "api/cases/detail") -> dict[str, Any]:
    surcharge = execution.surcharge(case, clock.today())
    # One rule for pages and the API (``cases.permissions.can_see_personal_data``); the query
    # records the read when it shows a natural person's data.
    parties = [
        {
            "id": p.pk,
            "kind": p.kind,
            "kind_label": p.kind_label,
            "name": p.name,
            "credit_code": p.credit_code,
            "representative": p.representative,
            "id_number": p.id_number,
            "address": p.address,
            "phone": p.phone,
        }
        for p in queries.parties_for_display(actor, case, channel=channel)
    ]
    timeline = [
        {
            "id": a.pk,
            "act": a.act,
            "act_label": str(act_label(a.act)) if a.act != "open" else str(_("Register the case")),
            "from_state": a.from_state,
            "from_state_label": str(CaseState(a.from_state).label) if a.from_state else "",
            "to_state": a.to_state,
            "to_state_label": str(CaseState(a.to_state).label),
            "actor": a.actor_label,
            "occurred_at": a.occurred_at,
            "officers": a.officers or [],
            "records": [{"name": r.name, "label": r.label} for r in a.records.all()],
            "warnings": a.warnings or [],
            "data": a.data or {},
        }
        for a in queries.timeline(case)
    ]
    return {
        **_summary(case),
        "facts": case.facts,
        "legal_basis": case.legal_basis,
        "violation_on": case.violation_on,
        "harms_safety": case.harms_safety,
        "limitation_warning": case.limitation_warning,
        "proposed_penalty": _penalty(case, "proposed"),
        "notified_penalty": _penalty(case, "notified"),
        "decided_penalty": _penalty(case, "decided"),
        "hearing_offered": case.hearing_offered,
        "statement_made": case.statement_made,
        "statement_waived": case.statement_waived,
        "notice_served_on": case.notice_served_on,
        "hearing_on": case.hearing_on,
        "hearing_chair": (
            {"officer_id": case.hearing_chair_id, "name": case.hearing_chair.name, "lead": False}
            if case.hearing_chair is not None
            else None
        ),
        "decision_extension_days": case.decision_extension_days,
        "decided_on": case.decided_on,
        "served_on": case.served_on,
        "discovered_on": case.discovered_on,
        "origin_id": case.origin_id,
        "decision_paused_on": case.decision_paused_on,
        "decision_pause_reason": case.decision_pause_reason,
        "decision_paused_days": case.decision_paused_days,
        "decision_warning": queries.decision_warning(case),
        "remedy_since": case.remedy_since,
        "remedy_kind": case.remedy_kind,
        "surcharge": surcharge.as_dict() if surcharge is not None else None,
        "parties": parties,
        "officers": [
            {"officer_id": a.officer_id, "name": a.officer.name, "lead": a.lead}
            for a in case.assignments.select_related("officer")
        ],
        "deadlines": [_deadline(row) for row in case.deadlines.order_by("status", "due", "id")],
        "timeline": timeline,
        "acts": [_option(case, option) for option in _options(case, actor)],
        "records": [{"name": r.name, "label": r.label} for r in case.records.all()],
    }


# --- reads ------------------------------------------------------------------------------------


class CaseFilter(PageIn):
    state: str | None = None
    procedure: str | None = None
    due_soon: bool = False  # an open duty of the agency falls due within the next days
    overdue: bool = False  # an open duty of the agency is past its due date


def _filtered(rows: QuerySet[Case], filters: CaseFilter) -> QuerySet[Case]:
    if filters.state:
        rows = rows.filter(state=filters.state.strip())
    if filters.procedure:
        rows = rows.filter(procedure=filters.procedure.strip())
    today = clock.today()
    duties = {"deadlines__status": DeadlineStatus.OPEN, "deadlines__party_window": False}
    if filters.due_soon:
        rows = rows.filter(
            **duties,
            deadlines__due__gte=today,
            deadlines__due__lte=today + dt.timedelta(days=queries.DUE_SOON_DAYS),
        )
    if filters.overdue:
        rows = rows.filter(**duties, deadlines__due__lt=today)
    return rows.distinct() if filters.due_soon or filters.overdue else rows


@router.get("", response={200: CasePage, **AUTH_ERRORS}, summary="案件列表（可按状态、即将到期筛选，分页）")
def case_list(request: HttpRequest, filters: Query[CaseFilter]) -> Any:
    actor = require_scope(request, READ_CASES)
    rows = _filtered(queries.cases_for_user(actor), filters).order_by("-created_at", "-id")
    limit, offset = filters.limit, filters.offset
    duties = CaseDeadline.objects.filter(status=DeadlineStatus.OPEN, party_window=False).order_by("due", "id")
    page = rows.prefetch_related(Prefetch("deadlines", queryset=duties, to_attr="open_duties"))
    return {"count": rows.count(), "items": [_summary(case) for case in page[offset : offset + limit]]}


@router.get(
    "/{case_id}",
    response={200: CaseDetailOut, **AUTH_ERRORS},
    summary="案件详情（时间线、当事人、期限及其说明、可办理的环节）",
)
def case_detail(request: HttpRequest, case_id: int) -> Any:
    actor = require_scope(request, READ_CASES)
    return _detail(queries.case_for_user(actor, case_id), actor)


# --- writes -----------------------------------------------------------------------------------


@router.post(
    "", response={201: CaseDetailOut, **AUTH_ERRORS}, summary="登记案件线索、当场处罚、检查或行政许可申请"
)
def case_create(request: HttpRequest, payload: CaseIn) -> Any:
    actor = require_person(request)
    agency = getattr(actor, "agency", None)
    if agency is None or not permissions.can_open_case(actor, agency):
        raise NotAllowed("not_allowed", _("Only the officers and head of an agency register its cases."))
    data = payload.model_dump(exclude={"parties", "officer_ids", "enforcement_item_id", "benchmark_grade_id"})
    data["enforcement_item"] = payload.enforcement_item_id
    data["benchmark_grade"] = payload.benchmark_grade_id
    case = actions.open_case(
        actor=actor,
        agency=agency,
        data=data,
        parties=[party.model_dump() for party in payload.parties],
        officer_ids=payload.officer_ids,
    )
    return Status(201, _detail(queries.case_for_user(actor, case.pk), actor, "api/cases/create"))


def _state_error(exc: WrongState, case_id: int, actor: Any) -> Any:
    case = queries.case_for_user(actor, case_id)
    body = {
        **exc.as_dict(),
        "state": case.state,
        "state_label": str(CaseState(case.state).label),
        "version": case.version,
    }
    return Status(409, body)


def _raw(payload: ActIn) -> dict[str, Any]:
    """The act's input in the shape the engine cleans (the same as the case page's forms)."""
    raw: dict[str, Any] = {k: v for k, v in payload.values.items() if v is not None}
    raw.update(records=payload.records, officers=payload.officers, note=payload.note)
    if payload.penalty is not None:
        penalty = payload.penalty
        raw.update(
            kinds=penalty.kinds,
            fine="" if penalty.fine is None else str(penalty.fine),
            confiscation_value="" if penalty.confiscation_value is None else str(penalty.confiscation_value),
            detail=penalty.detail,
        )
    return raw


@router.post(
    "/{case_id}/acts/{act}",
    response={200: CaseDetailOut, **STATE_ERRORS},
    summary="办理一个环节（携带读取时的 version，比较后写入）",
)
def case_act(request: HttpRequest, case_id: int, act: str, payload: ActIn) -> Any:
    actor = require_person(request)
    case = queries.case_for_user(actor, case_id)
    if not permissions.can_work_on_case(actor, case):
        raise NotAllowed("not_allowed", _("You are not allowed to act on this case."))
    try:
        if payload.version != case.version:
            raise WrongState(
                "case_changed",
                _("The case has changed since you read it (version %(sent)d, now %(now)d); reload it.")
                % {"sent": payload.version, "now": case.version},
                field="version",
            )
        transition(case, act, actor, _raw(payload))
    except WrongState as exc:
        return _state_error(exc, case_id, actor)
    return _detail(queries.case_for_user(actor, case_id), actor, "api/cases/act")


@router.patch(
    "/{case_id}",
    response={200: CaseDetailOut, **STATE_ERRORS},
    summary="更正案件事实、法律依据、裁量阶次或违法日期（作出决定前；变更前后值记入记录日志）",
)
def case_edit(request: HttpRequest, case_id: int, payload: CaseEditIn) -> Any:
    actor = require_person(request)
    case = queries.case_for_user(actor, case_id)
    if not permissions.can_work_on_case(actor, case):
        raise NotAllowed("not_allowed", _("You are not allowed to act on this case."))
    data: dict[str, Any] = payload.model_dump(exclude_unset=True, exclude={"version", "benchmark_grade_id"})
    if "benchmark_grade_id" in payload.model_fields_set:
        data["benchmark_grade"] = payload.benchmark_grade_id
    try:
        editing.edit_case(actor=actor, case=case, data=data, version=payload.version)
    except WrongState as exc:
        return _state_error(exc, case_id, actor)
    return _detail(queries.case_for_user(actor, case_id), actor, "api/cases/edit")
