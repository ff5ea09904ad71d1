"""The officer workbench: my cases with what is due and overdue, opening a case, and the case page
(timeline, parties, officers, deadlines with their explanations, and the acts of the procedure —
the possible ones as forms, the others greyed with the reason and article). Every write calls an
action or the engine; a refusal shows the same page with the coded message."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sanxiang.cases import actions, choosers, editing, execution, hooks, permissions, queries
from sanxiang.cases.enums import (
    CaseSource,
    DecisionPause,
    ExecutionMethod,
    HearingWaiver,
    InspectionResult,
    PartyKind,
    PenaltyKind,
    ProcedureKind,
    RecusalOutcome,
    RemedyKind,
)
from sanxiang.cases.models import Case
from sanxiang.cases.procedures.decision_change import DecisionChange
from sanxiang.cases.procedures.engine import ActOption, allowed_acts, procedure_of
from sanxiang.cases.records import record_label
from sanxiang.catalog.models import BenchmarkGrade
from sanxiang.catalog.permissions import is_staff_user
from sanxiang.catalog.views.manage_common import (
    FormField,
    field_errors,
    posted,
    require,
    respond,
    spec_fields,
)
from sanxiang.core import clock
from sanxiang.core.errors import DomainError

LIST_FIELDS = ("records", "officers", "kinds")
# The choices of the acts' choice fields, by field name (a name is a choice in one act only).
CHOICES: dict[str, type[models.TextChoices]] = {
    "method": ExecutionMethod,
    "result": InspectionResult,
    "reason": DecisionPause,
    "how": HearingWaiver,
    "kind": RemedyKind,
    "outcome": RecusalOutcome,
    "change": DecisionChange,
}


def _staff(request: HttpRequest) -> None:
    if not is_staff_user(request.user):
        raise Http404


@login_required
def case_list_view(request: HttpRequest) -> HttpResponse:
    _staff(request)
    user = request.user
    context = {
        "title": _("My cases"),
        "cases": queries.my_cases(user)[:200],
        "due_soon": queries.due_soon(user)[:100],
        "overdue": queries.overdue(user)[:100],
        "decision_warnings": queries.decision_warnings(user),
        "pending_calendar": queries.pending_calendar(user).count(),
        "can_open": user.agency is not None and permissions.can_open_case(user, user.agency),  # type: ignore[union-attr]
    }
    return respond(request, "cases/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def case_new_view(request: HttpRequest) -> HttpResponse:
    """Register a case. The item, grade and officers are chosen from lists; a search or a changed
    item (the "refresh" buttons, or ``GET ?item_q=``) re-renders the form with every entered value
    and registers nothing."""
    _staff(request)
    agency = getattr(request.user, "agency", None)
    require(agency is not None and permissions.can_open_case(request.user, agency))
    assert agency is not None
    error: DomainError | None = None
    data = request.POST if request.method == "POST" else request.GET
    today = clock.today()
    values = choosers.entered(data, actions.CASE_SPECS)
    for name, default in (("procedure", ProcedureKind.GENERAL), ("source", CaseSource.COMPLAINT)):
        values[name] = values[name] or default
    party = choosers.entered(data, actions.PARTY_SPECS, prefix="party_")
    officer_ids = data.getlist("officers")
    lead = data.get("lead", "")
    own = choosers.default_lead(request.user, choosers.officer_rows(agency, today))
    if request.method == "GET" and not officer_ids:
        officer_ids = [own] if own else []  # the registering officer takes part by default
    if not lead and officer_ids:
        lead = own if own in officer_ids else str(officer_ids[0])
    if request.method == "POST" and "refresh" not in request.POST:
        parties = [party] if party.get("name") else []
        try:
            ordered = choosers.checked_choices(
                agency=agency,
                on=today,
                item_value=values.get("enforcement_item"),
                grade_value=values.get("benchmark_grade"),
                officer_ids=officer_ids,
                lead=lead,
            )
            case = actions.open_case(
                actor=request.user, agency=agency, data=values, parties=parties, officer_ids=ordered
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("The case has been registered."))
            return redirect("cases:case", case.pk)
    errors = field_errors(error)
    chosen = choosers.build(
        agency=agency,
        on=today,
        item_q=data.get("item_q", ""),
        item_value=values.get("enforcement_item"),
        grade_value=values.get("benchmark_grade"),
        officer_ids=officer_ids,
        lead=lead,
        errors=errors,
    )
    specs = [s for s in actions.CASE_SPECS if s.name not in {"enforcement_item", "benchmark_grade"}]
    context = {
        "title": _("Register a case"),
        "fields": spec_fields(
            specs, values, errors, choices={"procedure": ProcedureKind, "source": CaseSource}
        ),
        "party_fields": spec_fields(
            actions.PARTY_SPECS,
            party,
            errors,
            choices={"kind": PartyKind},
            prefix="party_",
            error_prefix="parties[0].",
        ),
        "choosers": chosen,
    }
    return respond(request, "cases/new.html", context, error)


def _act_fields(
    case: Case, option: ActOption, values: dict[str, Any], errors: dict[str, list[str]]
) -> list[FormField]:
    t = option.transition
    fields: list[FormField] = []
    if t.asks_penalty:
        fields.append(
            FormField(
                "kinds",
                _("Kinds of penalty"),
                kind="multiselect",
                value=values.get("kinds", []),
                choices=list(PenaltyKind.choices),
                errors=errors.get("kinds", []),
                required=t.asks_penalty == "required",
            )
        )
        fields.append(
            FormField("fine", _("Fine (yuan)"), value=values.get("fine", ""), errors=errors.get("fine", []))
        )
    specs = [s for s in t.specs if s.name not in {"chair", "officer"}]
    choices = {s.name: CHOICES[s.name] for s in specs if s.kind == "choice" and s.name in CHOICES}
    fields.extend(spec_fields(specs, values, errors, choices=choices))
    if any(s.name == "officer" for s in t.specs):
        fields.append(
            FormField(
                "officer",
                _("Officer whose recusal is requested"),
                kind="select",
                value=values.get("officer", ""),
                choices=[
                    (str(a.officer_id), a.officer.name) for a in case.assignments.select_related("officer")
                ],
                errors=errors.get("officer", []),
                required=True,
            )
        )
    if any(s.name == "chair" for s in t.specs):
        fields.append(
            FormField(
                "chair",
                _("Hearing chair (officer)"),
                kind="select",
                value=values.get("chair", ""),
                choices=[(str(o.pk), o.name) for o in queries.agency_officers(case)],
                errors=errors.get("chair", []),
                required=True,
            )
        )
    if t.choose_officers:
        fields.append(
            FormField(
                "officers",
                _("Officers taking part (default: all assigned)"),
                kind="multiselect",
                value=values.get("officers", []),
                choices=[
                    (str(a.officer_id), a.officer.name) for a in case.assignments.select_related("officer")
                ],
                errors=errors.get("officers", []),
            )
        )
    if t.records:
        fields.append(
            FormField(
                "records",
                _("Documents and records present"),
                kind="multiselect",
                value=values.get("records", list(t.records)),
                choices=[(name, record_label(name)) for name in t.records],
                errors=errors.get("records", []),
            )
        )
    fields.append(
        FormField(
            "note", _("Note"), kind="textarea", value=values.get("note", ""), errors=errors.get("note", [])
        )
    )
    return fields


def _case_context(
    request: HttpRequest,
    case: Case,
    *,
    failed_act: str = "",
    error: DomainError | None = None,
    values: dict[str, Any] | None = None,
) -> dict[str, Any]:
    options = allowed_acts(case, request.user)
    errors = field_errors(error)
    forms = [
        {
            "option": option,
            "fields": _act_fields(
                case,
                option,
                values if option.act == failed_act and values else {},
                errors if option.act == failed_act else {},
            ),
        }
        for option in options
        if option.allowed
    ]
    return {
        "title": str(case),
        "case": case,
        "procedure": procedure_of(case),
        "grade_label": choosers.grade_label(case.benchmark_grade) if case.benchmark_grade else "",
        "timeline": queries.timeline(case),
        # The same rule as the API; showing a natural person's data records the read.
        "parties": queries.parties_for_display(
            request.user, case, channel="cases/case", record=error is None
        ),
        "assignments": case.assignments.select_related("officer"),
        "deadlines": case.deadlines.order_by("status", "due", "id"),
        "forms": forms,
        "greyed": [option for option in options if not option.allowed],
        "penalties": {
            "proposed": case.penalty("proposed").describe(),
            "notified": case.penalty("notified").describe(),
            "decided": case.penalty("decided").describe(),
        },
        "can_work": permissions.can_work_on_case(request.user, case),
        # Rendered by the apps above cases (evidence, documents, case file) with their own templates.
        "panels": [mark_safe(panel(request, case)) for panel in hooks.CASE_PANELS],  # noqa: S308
        "party_fields": spec_fields(actions.PARTY_SPECS, {}, {}, choices={"kind": PartyKind}),
        "failed_act": failed_act,
        "attachable": _attachable(case),
        "decision_warning": queries.decision_warning(case),
        "editable": editing.editable(case) and permissions.can_work_on_case(request.user, case),
        "edit_fields": _edit_fields(case, values if failed_act == "edit" and values else None, errors),
        "surcharge": execution.surcharge(case, clock.today()),
        "origin": case.origin,
        "derived": list(case.derived_cases.all()),
    }


def _edit_fields(case: Case, values: dict[str, Any] | None, errors: dict[str, list[str]]) -> list[FormField]:
    """The correction form: the case's current findings, or what was sent when it was refused."""
    if values is None:
        values = {
            "facts": case.facts,
            "legal_basis": case.legal_basis,
            "violation_on": case.violation_on.isoformat() if case.violation_on else "",
            "benchmark_grade": str(case.benchmark_grade_id or ""),
        }
        errors = {}
    fields = spec_fields(editing.EDIT_SPECS[:3], values, errors)
    # The grades of the case's item (of the agency's current benchmarks when it has none yet), and
    # the grade the case holds even if its benchmark has since been retired.
    if case.enforcement_item is not None:
        grades = choosers.grade_choices(case.enforcement_item)
    else:
        current = BenchmarkGrade.objects.filter(
            benchmark__agency=case.agency, benchmark__retired_at__isnull=True
        ).select_related("benchmark")
        grades = [(str(g.pk), choosers.grade_label(g)) for g in current]
    held = case.benchmark_grade
    if held is not None and str(held.pk) not in {value for value, _label in grades}:
        grades.insert(0, (str(held.pk), choosers.grade_label(held)))
    fields.append(
        FormField(
            "benchmark_grade",
            _("Discretion benchmark grade"),
            kind="select",
            value=values.get("benchmark_grade", ""),
            choices=[("", "—"), *grades],
            errors=errors.get("benchmark_grade", []),
        )
    )
    fields.extend(spec_fields((editing.REASON,), values, errors))
    return fields


def _attachable(case: Case) -> list[tuple[str, Any]]:
    """Records that acts done on the case list but that are not yet in the file."""
    procedure = procedure_of(case)
    present = set(case.records.values_list("name", flat=True))
    names: list[str] = []
    for act, from_state in case.acts.values_list("act", "from_state"):
        done = procedure.find(from_state, act)
        if done is not None:
            names.extend(name for name in done.records if name not in present)
    return [(name, record_label(name)) for name in dict.fromkeys(names)]


@login_required
def case_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = queries.case_for_user(request.user, pk)
    return respond(request, "cases/detail.html", _case_context(request, case))


@login_required
@require_POST
def case_act_view(request: HttpRequest, pk: int, act: str) -> HttpResponse:
    case = queries.case_for_user(request.user, pk)
    require(permissions.can_work_on_case(request.user, case))
    values: dict[str, Any] = {
        key: request.POST.get(key, "") for key in request.POST if key not in LIST_FIELDS
    }
    for key in LIST_FIELDS:
        if key in request.POST:
            values[key] = request.POST.getlist(key)
    values.pop("csrfmiddlewaretoken", None)
    try:
        actions.perform(case, act, request.user, values)
    except DomainError as exc:
        case = queries.case_for_user(request.user, pk)
        return respond(
            request,
            "cases/detail.html",
            _case_context(request, case, failed_act=act, error=exc, values=values),
            exc,
        )
    messages.success(
        request, _("Done: the case is now at “%(state)s”.") % {"state": case.get_state_display()}
    )
    return redirect("cases:case", case.pk)


@login_required
@require_POST
def party_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = queries.case_for_user(request.user, pk)
    require(permissions.can_work_on_case(request.user, case))
    try:
        actions.add_party(actor=request.user, case=case, data=posted(request, actions.PARTY_SPECS))
    except DomainError as exc:
        return respond(request, "cases/detail.html", _case_context(request, case, error=exc), exc)
    messages.success(request, _("The party has been added."))
    return redirect("cases:case", case.pk)


@login_required
@require_POST
def officers_assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = queries.case_for_user(request.user, pk)
    require(permissions.can_work_on_case(request.user, case))
    try:
        actions.assign_officers(actor=request.user, case=case, officer_ids=request.POST.getlist("officers"))
    except DomainError as exc:
        return respond(request, "cases/detail.html", _case_context(request, case, error=exc), exc)
    messages.success(request, _("The officers have been assigned."))
    return redirect("cases:case", case.pk)


@login_required
@require_POST
def record_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = queries.case_for_user(request.user, pk)
    require(permissions.can_work_on_case(request.user, case))
    try:
        actions.add_record(
            actor=request.user,
            case=case,
            name=request.POST.get("name", ""),
            note=request.POST.get("note", ""),
        )
    except DomainError as exc:
        return respond(request, "cases/detail.html", _case_context(request, case, error=exc), exc)
    messages.success(request, _("The record has been attached."))
    return redirect("cases:case", case.pk)


@login_required
@require_POST
def case_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = queries.case_for_user(request.user, pk)
    require(permissions.can_work_on_case(request.user, case))
    values = posted(request, (*editing.EDIT_SPECS, editing.REASON))
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        editing.edit_case(actor=request.user, case=case, data=values, version=version)
    except DomainError as exc:
        case = queries.case_for_user(request.user, pk)
        context = _case_context(request, case, failed_act="edit", error=exc, values=values)
        return respond(request, "cases/detail.html", context, exc)
    messages.success(request, _("The case has been corrected; the change is in the record log."))
    return redirect("cases:case", case.pk)
