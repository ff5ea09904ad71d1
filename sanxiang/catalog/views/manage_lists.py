"""The agency's published lists: enforcement items, discretion benchmarks (with their grades on one
form) and random-inspection items; and the legal bases they cite."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sanxiang.catalog import actions, permissions, queries
from sanxiang.catalog.actions.legal_bases import SPECS as LEGAL_BASIS_SPECS
from sanxiang.catalog.actions.lists import BENCHMARK_SPECS, GRADE_SPECS, INSPECTION_SPECS, ITEM_SPECS
from sanxiang.catalog.enums import ItemCategory, LegalBasisKind, SeverityGrade
from sanxiang.catalog.models import Agency, DiscretionBenchmark, EnforcementItem, LegalBasis
from sanxiang.catalog.views.manage_common import (
    FormField,
    field_errors,
    initial_values,
    posted,
    reason_field,
    require,
    respond,
    spec_fields,
)
from sanxiang.core.errors import DomainError, Invalid

FORM = "catalog/manage/form.html"


def _agency_url(agency: Agency, anchor: str) -> str:
    return reverse("catalog_manage:agency", args=[agency.pk]) + anchor


# --- enforcement items ------------------------------------------------------------------------


def _bases_field(values: dict[str, Any], errors: dict[str, list[str]]) -> FormField:
    choices = [(str(b.pk), f"{b.title}（{b.get_kind_display()}）") for b in LegalBasis.objects.all()]
    return FormField(
        name="bases",
        label=gettext_lazy("Legal bases"),
        kind="multiselect",
        value=values.get("bases", []),
        choices=choices,
        errors=errors.get("bases", []),
        help=gettext_lazy("Hold Ctrl to choose several."),
    )


def _item_form(request: HttpRequest, agency: Agency, item: EnforcementItem | None) -> HttpResponse:
    require(permissions.can_edit_agency_lists(request.user, agency))
    error = None
    values = initial_values(item, [s.name for s in ITEM_SPECS])
    if item is not None:
        values["bases"] = [str(pk) for pk in item.bases.values_list("pk", flat=True)]
    if request.method == "POST":
        values = posted(request, ITEM_SPECS)
        values["bases"] = request.POST.getlist("bases")
        try:
            bases = list(LegalBasis.objects.filter(pk__in=[v for v in values["bases"] if v.isdigit()]))
            actions.save_item(
                actor=request.user,
                agency=agency,
                item=item,
                bases=bases,
                data={k: v for k, v in values.items() if k != "bases"},
                reason=request.POST.get("reason", ""),
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("The enforcement item has been saved."))
            return redirect(_agency_url(agency, "#items"))
    errors = field_errors(error)
    title = (
        _("New enforcement item")
        if item is None
        else _("Edit enforcement item: %(name)s") % {"name": item.name}
    )
    context = {
        "title": title,
        "agency": agency,
        "cancel_url": _agency_url(agency, "#items"),
        "fields": [
            *spec_fields(ITEM_SPECS, values, errors, choices={"category": ItemCategory}),
            _bases_field(values, errors),
            reason_field(request, errors),
        ],
    }
    return respond(request, FORM, context, error)


@login_required
@require_http_methods(["GET", "POST"])
def item_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_form(request, queries.agency_for_user(request.user, pk), None)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.enforcement_item_for_user(request.user, pk)
    return _item_form(request, item.agency, item)


def _retire(
    request: HttpRequest, row: Any, action: Any, keyword: str, anchor: str, label: str
) -> HttpResponse:
    agency = row.agency
    try:
        action(**{"actor": request.user, keyword: row, "reason": request.POST.get("reason", "")})
    except DomainError as exc:
        errors = field_errors(exc)
        context = {
            "title": _("Retire: %(entry)s") % {"entry": row},
            "agency": agency,
            "cancel_url": _agency_url(agency, anchor),
            "submit_label": _("Retire"),
            "intro": label,
            "fields": [reason_field(request, errors)],
        }
        return respond(request, FORM, context, exc)
    messages.success(request, _("The entry has been retired."))
    return redirect(_agency_url(agency, anchor))


def _retire_form(request: HttpRequest, row: Any, anchor: str, label: str) -> HttpResponse:
    require(permissions.can_edit_agency_lists(request.user, row.agency))
    context = {
        "title": _("Retire: %(entry)s") % {"entry": row},
        "agency": row.agency,
        "cancel_url": _agency_url(row.agency, anchor),
        "submit_label": _("Retire"),
        "intro": label,
        "fields": [reason_field(request, {})],
    }
    return respond(request, FORM, context)


RETIRE_NOTE = gettext_lazy(
    "A retired entry leaves the published list; it is kept, with its history, for the records that cite it."
)


@login_required
@require_http_methods(["GET", "POST"])
def item_retire_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = queries.enforcement_item_for_user(request.user, pk)
    if request.method == "GET":
        return _retire_form(request, item, "#items", str(RETIRE_NOTE))
    return _retire(request, item, actions.retire_item, "item", "#items", str(RETIRE_NOTE))


# --- discretion benchmarks --------------------------------------------------------------------

GRADE_ROWS = len(SeverityGrade)


def _grade_rows(
    values: list[dict[str, Any]], errors: dict[str, list[str]], index_map: list[int]
) -> list[Any]:
    """Form rows of grades; ``index_map`` turns the action's grade index (among the filled rows)
    into the form row the user typed it in."""
    by_row: dict[int, dict[str, list[str]]] = {}
    for key, messages_ in errors.items():
        if key.startswith("grades["):
            position, _sep, name = key[len("grades[") :].partition("].")
            if position.isdigit() and int(position) < len(index_map):
                by_row.setdefault(index_map[int(position)], {})[name] = messages_
    rows = []
    for row in range(GRADE_ROWS):
        row_values = values[row] if row < len(values) else {}
        row_errors = by_row.get(row, {})
        rows.append(
            spec_fields(
                GRADE_SPECS, row_values, row_errors, choices={"grade": SeverityGrade}, prefix=f"grades-{row}-"
            )
        )
    return rows


def _posted_grades(request: HttpRequest) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[int]]:
    """All grade rows as typed, the filled ones for the action, and their form row numbers."""
    typed, filled, index_map = [], [], []
    for row in range(GRADE_ROWS):
        values = posted(request, GRADE_SPECS, prefix=f"grades-{row}-")
        typed.append(values)
        if any(v not in ("", False) for v in values.values()):
            filled.append(values)
            index_map.append(row)
    return typed, filled, index_map


def _benchmark_form(
    request: HttpRequest, agency: Agency, benchmark: DiscretionBenchmark | None
) -> HttpResponse:
    require(permissions.can_edit_agency_lists(request.user, agency))
    error = None
    values = initial_values(benchmark, [s.name for s in BENCHMARK_SPECS])
    values["item"] = str(benchmark.item_id or "") if benchmark else ""
    grades = (
        [initial_values(g, [s.name for s in GRADE_SPECS]) for g in benchmark.grades.all()]
        if benchmark
        else []
    )
    index_map: list[int] = []
    if request.method == "POST":
        values = posted(request, BENCHMARK_SPECS)
        values["item"] = request.POST.get("item", "")
        grades, filled, index_map = _posted_grades(request)
        try:
            item = None
            if values["item"]:
                item = (
                    EnforcementItem.objects.filter(agency=agency, pk=values["item"]).first()
                    if values["item"].isdigit()
                    else None
                )
                if item is None:
                    raise Invalid(
                        "wrong_agency", _("The enforcement item belongs to another agency."), field="item"
                    )
            actions.save_benchmark(
                actor=request.user,
                agency=agency,
                benchmark=benchmark,
                item=item,
                data={k: v for k, v in values.items() if k != "item"},
                grades=filled,
                reason=request.POST.get("reason", ""),
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("The discretion benchmark has been saved."))
            return redirect(_agency_url(agency, "#benchmarks"))
    errors = field_errors(error)
    if not index_map:
        index_map = list(range(GRADE_ROWS))
    items = EnforcementItem.objects.filter(agency=agency, retired_at__isnull=True)
    item_field = FormField(
        name="item",
        label=gettext_lazy("Enforcement item"),
        kind="select",
        value=values.get("item", ""),
        errors=errors.get("item", []),
        choices=[("", "—"), *[(str(i.pk), str(i)) for i in items]],
    )
    title = (
        _("New discretion benchmark")
        if benchmark is None
        else _("Edit discretion benchmark: %(name)s") % {"name": benchmark.violation}
    )
    context = {
        "title": title,
        "agency": agency,
        "cancel_url": _agency_url(agency, "#benchmarks"),
        "fields": [*spec_fields(BENCHMARK_SPECS, values, errors), item_field],
        "grade_rows": _grade_rows(grades, errors, index_map),
        "grade_errors": errors.get("grades", []),
        "grade_headers": [spec.label for spec in GRADE_SPECS],
        "reason": reason_field(request, errors),
    }
    return respond(request, "catalog/manage/benchmark_form.html", context, error)


@login_required
@require_http_methods(["GET", "POST"])
def benchmark_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _benchmark_form(request, queries.agency_for_user(request.user, pk), None)


@login_required
@require_http_methods(["GET", "POST"])
def benchmark_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    benchmark = queries.benchmark_for_user(request.user, pk)
    return _benchmark_form(request, benchmark.agency, benchmark)


@login_required
@require_http_methods(["GET", "POST"])
def benchmark_retire_view(request: HttpRequest, pk: int) -> HttpResponse:
    benchmark = queries.benchmark_for_user(request.user, pk)
    if request.method == "GET":
        return _retire_form(request, benchmark, "#benchmarks", str(RETIRE_NOTE))
    return _retire(request, benchmark, actions.retire_benchmark, "benchmark", "#benchmarks", str(RETIRE_NOTE))


# --- random-inspection items ------------------------------------------------------------------


def _inspection_form(request: HttpRequest, agency: Agency, row: Any) -> HttpResponse:
    require(permissions.can_edit_agency_lists(request.user, agency))
    error = None
    values = initial_values(row, [s.name for s in INSPECTION_SPECS])
    if request.method == "POST":
        values = posted(request, INSPECTION_SPECS)
        try:
            actions.save_inspection_item(
                actor=request.user,
                agency=agency,
                inspection_item=row,
                data=values,
                reason=request.POST.get("reason", ""),
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("The random-inspection item has been saved."))
            return redirect(_agency_url(agency, "#inspections"))
    errors = field_errors(error)
    title = (
        _("New random-inspection item")
        if row is None
        else _("Edit random-inspection item: %(name)s") % {"name": row.name}
    )
    context = {
        "title": title,
        "agency": agency,
        "cancel_url": _agency_url(agency, "#inspections"),
        "fields": [*spec_fields(INSPECTION_SPECS, values, errors), reason_field(request, errors)],
    }
    return respond(request, FORM, context, error)


@login_required
@require_http_methods(["GET", "POST"])
def inspection_item_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _inspection_form(request, queries.agency_for_user(request.user, pk), None)


@login_required
@require_http_methods(["GET", "POST"])
def inspection_item_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    row = queries.inspection_item_for_user(request.user, pk)
    return _inspection_form(request, row.agency, row)


@login_required
@require_http_methods(["GET", "POST"])
def inspection_item_retire_view(request: HttpRequest, pk: int) -> HttpResponse:
    row = queries.inspection_item_for_user(request.user, pk)
    if request.method == "GET":
        return _retire_form(request, row, "#inspections", str(RETIRE_NOTE))
    return _retire(
        request, row, actions.retire_inspection_item, "inspection_item", "#inspections", str(RETIRE_NOTE)
    )


# --- legal bases ------------------------------------------------------------------------------


@login_required
def legal_bases_view(request: HttpRequest) -> HttpResponse:
    require(
        bool(
            queries.agencies_for_user(request.user).exists()
            or permissions.can_manage_legal_bases(request.user)
        )
    )
    context = {
        "bases": LegalBasis.objects.all(),
        "can_manage": permissions.can_manage_legal_bases(request.user),
    }
    return respond(request, "catalog/manage/legal_bases.html", context)


def _legal_basis_form(request: HttpRequest, basis: LegalBasis | None) -> HttpResponse:
    require(permissions.can_manage_legal_bases(request.user))
    error = None
    values = initial_values(basis, [s.name for s in LEGAL_BASIS_SPECS])
    if request.method == "POST":
        values = posted(request, LEGAL_BASIS_SPECS)
        try:
            actions.save_legal_basis(
                actor=request.user, basis=basis, data=values, reason=request.POST.get("reason", "")
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("The legal basis has been saved."))
            return redirect("catalog_manage:legal_bases")
    errors = field_errors(error)
    context = {
        "title": _("New legal basis")
        if basis is None
        else _("Edit legal basis: %(title)s") % {"title": basis.title},
        "cancel_url": reverse("catalog_manage:legal_bases"),
        "fields": [
            *spec_fields(LEGAL_BASIS_SPECS, values, errors, choices={"kind": LegalBasisKind}),
            reason_field(request, errors),
        ],
    }
    return respond(request, FORM, context, error)


@login_required
@require_http_methods(["GET", "POST"])
def legal_basis_create_view(request: HttpRequest) -> HttpResponse:
    return _legal_basis_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def legal_basis_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    require(permissions.can_manage_legal_bases(request.user))
    return _legal_basis_form(request, get_object_or_404(LegalBasis, pk=pk))
