"""Agency pages: the internal agency page, create and edit an agency, and its policy settings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sanxiang.catalog import actions, permissions, queries
from sanxiang.catalog.actions.access import record_private_read
from sanxiang.catalog.actions.agencies import SPECS as AGENCY_SPECS
from sanxiang.catalog.actions.agencies import UNCHANGED, Keep
from sanxiang.catalog.enums import AgencyKind
from sanxiang.catalog.excel.columns import SHEETS
from sanxiang.catalog.models import Agency, DiscretionBenchmark, EnforcementItem, RandomInspectionItem
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
from sanxiang.catalog.views.manage_policies import policy_page
from sanxiang.core import clock
from sanxiang.core.errors import DomainError, Invalid
from sanxiang.core.roles import Role

FORM = "catalog/manage/form.html"


@login_required
def agency_view(request: HttpRequest, pk: int) -> HttpResponse:
    agency = queries.agency_for_user(request.user, pk)
    user = request.user
    officers = list(queries.internal_officers(agency))
    context = {
        "agency": agency,
        "today": clock.today(),
        "officers": officers,
        "items": EnforcementItem.objects.filter(agency=agency)
        .prefetch_related("bases")
        .order_by("retired_at", "code"),
        "benchmarks": DiscretionBenchmark.objects.filter(agency=agency)
        .select_related("item")
        .prefetch_related("grades")
        .order_by("retired_at", "code"),
        "inspection_items": RandomInspectionItem.objects.filter(agency=agency).order_by("retired_at", "code"),
        "changes": queries.internal_changes(agency),
        "can_edit_lists": permissions.can_edit_agency_lists(user, agency),
        "can_manage_officers": permissions.can_manage_officers(user, agency),
        "can_manage_agency": permissions.can_manage_agency(user, agency.region),
        "sheets": SHEETS,
    }
    record_private_read(
        actor=user,
        subject=agency,
        agency_id=agency.pk,
        what="officer_contact",
        channel="manage/agency",
        officer_ids=[o.pk for o in officers],
    )
    return respond(request, "catalog/manage/agency.html", context)


def _agency_form(
    request: HttpRequest, *, agency: Agency | None, values: dict[str, Any], error: DomainError | None
) -> dict[str, Any]:
    errors = field_errors(error)
    fields: list[FormField] = []
    if agency is None:
        regions = queries.regions_for_user(request.user).order_by("path")
        fields.append(
            FormField(
                name="region",
                label=gettext_lazy("Region"),
                kind="select",
                value=values.get("region", ""),
                choices=[(str(r.pk), r.full_name()) for r in regions],
                required=True,
                errors=errors.get("region", []),
            )
        )
    # Entrusted organisations cannot entrust (处罚法 Art. 20), nor can an agency entrust itself; the
    # action refuses both anyway, the list only leaves out what could never be chosen.
    entrusters = (
        queries.agencies_for_user(request.user)
        .filter(retired_at__isnull=True)
        .exclude(kind=AgencyKind.ENTRUSTED)
    )
    if agency is not None:
        entrusters = entrusters.exclude(pk=agency.pk)
    entrusted_by = FormField(
        name="entrusted_by",
        label=gettext_lazy("Entrusting agency"),
        kind="select",
        value=values.get("entrusted_by", ""),
        choices=[("", "—"), *[(str(a.pk), a.name) for a in entrusters]],
        errors=errors.get("entrusted_by", []),
        help=gettext_lazy("Only for an entrusted organisation (处罚法 Art. 20)."),
    )
    for field in spec_fields(AGENCY_SPECS, values, errors, choices={"kind": AgencyKind}):
        fields.append(field)
        if field.name == "kind":
            fields.append(entrusted_by)
    fields.append(reason_field(request, errors))
    return {"fields": fields, "agency": agency}


@login_required
@require_http_methods(["GET", "POST"])
def agency_create_view(request: HttpRequest) -> HttpResponse:
    require(
        getattr(request.user, "role", None) == Role.ADMIN and queries.regions_for_user(request.user).exists()
    )
    error = None
    values: dict[str, Any] = {"kind": AgencyKind.STATUTORY}
    if request.method == "POST":
        values = posted(request, AGENCY_SPECS)
        values["region"] = request.POST.get("region", "")
        values["entrusted_by"] = request.POST.get("entrusted_by", "")
        try:
            region = _pick(queries.regions_for_user(request.user), values["region"], "region", _("Region"))
            entrusted_by = None
            if values["entrusted_by"]:
                entrusted_by = _pick(
                    queries.agencies_for_user(request.user),
                    values["entrusted_by"],
                    "entrusted_by",
                    _("Entrusting agency"),
                )
            data = {k: v for k, v in values.items() if k not in {"region", "entrusted_by"}}
            agency = actions.create_agency(
                actor=request.user,
                region=region,
                data=data,
                reason=request.POST.get("reason", ""),
                entrusted_by=entrusted_by,
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("The agency has been created."))
            return redirect("catalog_manage:agency", agency.pk)
    context = {
        "title": _("New agency"),
        "cancel_url": reverse("accounts:workbench"),
        **_agency_form(request, agency=None, values=values, error=error),
    }
    return respond(request, FORM, context, error)


def _pick(queryset: Any, raw: str, field: str, label: str) -> Any:
    """A choice from a scoped list; anything else (missing, not visible) is a field error."""
    try:
        return queryset.get(pk=int(raw))
    except (ValueError, TypeError, queryset.model.DoesNotExist):
        raise Invalid("required", _("%(label)s is required.") % {"label": label}, field=field) from None


@login_required
@require_http_methods(["GET", "POST"])
def agency_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    agency = queries.agency_for_user(request.user, pk)
    require(permissions.can_manage_agency(request.user, agency.region))
    error = None
    values = initial_values(agency, [s.name for s in AGENCY_SPECS])
    values["entrusted_by"] = str(agency.entrusted_by_id or "")
    if request.method == "POST":
        values = posted(request, AGENCY_SPECS)
        values["entrusted_by"] = request.POST.get("entrusted_by", "")
        # A field the form did not send is left as it is (the page always sends both).
        data = {k: v for k, v in values.items() if k != "entrusted_by"}
        if "kind" not in request.POST:
            data.pop("kind")
        try:
            entrusted_by: Agency | Keep | None = UNCHANGED
            if "entrusted_by" in request.POST:
                entrusted_by = None
                if values["entrusted_by"]:
                    entrusted_by = _pick(
                        queries.agencies_for_user(request.user),
                        values["entrusted_by"],
                        "entrusted_by",
                        _("Entrusting agency"),
                    )
            actions.update_agency(
                actor=request.user,
                agency=agency,
                data=data,
                reason=request.POST.get("reason", ""),
                entrusted_by=entrusted_by,
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("The agency has been saved."))
            return redirect("catalog_manage:agency", agency.pk)
    context = {
        "title": _("Edit agency: %(name)s") % {"name": agency.name},
        "cancel_url": reverse("catalog_manage:agency", args=[agency.pk]),
        **_agency_form(request, agency=agency, values=values, error=error),
    }
    return respond(request, FORM, context, error)


@login_required
@require_http_methods(["GET", "POST"])
def policies_view(request: HttpRequest, pk: int) -> HttpResponse:
    agency = queries.agency_for_user(request.user, pk)
    return policy_page(
        request,
        target=agency,
        can_manage=permissions.can_manage_agency(request.user, agency.region),
        done_url=reverse("catalog_manage:policies", args=[agency.pk]),
        template="catalog/manage/policies.html",
        context={"agency": agency},
    )
