"""Region pages: the region tree in scope, one region with its history, creating a child region,
renaming a region, and the region-wide policy settings. Every change says why."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sanxiang.catalog import actions, permissions, queries
from sanxiang.catalog.actions.regions import RENAME_SPECS, update_region
from sanxiang.catalog.actions.regions import SPECS as REGION_SPECS
from sanxiang.catalog.enums import RegionLevel
from sanxiang.catalog.models import Region
from sanxiang.catalog.views.manage_common import (
    field_errors,
    initial_values,
    posted,
    reason_field,
    require,
    respond,
    spec_fields,
)
from sanxiang.catalog.views.manage_policies import policy_page
from sanxiang.core.errors import DomainError
from sanxiang.core.roles import Role

FORM = "catalog/manage/regions/form.html"
NEXT_LEVEL: dict[str, str] = {
    RegionLevel.PROVINCE: RegionLevel.CITY,
    RegionLevel.CITY: RegionLevel.COUNTY,
    RegionLevel.COUNTY: RegionLevel.TOWNSHIP,
}


def _region(request: HttpRequest, pk: int) -> Region:
    """A region the user may see (their own region's subtree); any other is a 404."""
    try:
        return queries.regions_for_user(request.user).select_related("parent").get(pk=pk)
    except Region.DoesNotExist:
        raise Http404 from None


def _installation_admin(user: Any) -> bool:
    """Only an installation-wide administrator creates a province-level region."""
    return bool(
        permissions.is_staff_user(user) and user.role == Role.ADMIN and permissions.user_region(user) is None
    )


@login_required
def regions_view(request: HttpRequest) -> HttpResponse:
    require(permissions.is_staff_user(request.user))
    regions = list(queries.regions_for_user(request.user).order_by("path"))
    top = min((r.path.count("/") for r in regions), default=0)
    context = {
        "rows": [(region, region.path.count("/") - top) for region in regions],
        "can_create_root": _installation_admin(request.user),
    }
    return respond(request, "catalog/manage/regions/list.html", context)


@login_required
def region_view(request: HttpRequest, pk: int) -> HttpResponse:
    region = _region(request, pk)
    user = request.user
    context = {
        "region": region,
        "children": queries.regions_for_user(user).filter(parent=region).order_by("code"),
        "agencies": queries.agencies_for_user(user).filter(region=region).order_by("retired_at", "name"),
        "history": region.history.select_related("history_user").order_by("-history_date", "-history_id"),
        "can_add_child": permissions.can_manage_agency(user, region),
        "can_rename": permissions.can_manage_region(user, region),
    }
    return respond(request, "catalog/manage/regions/region.html", context)


def _create(request: HttpRequest, parent: Region | None) -> HttpResponse:
    error = None
    values: dict[str, Any] = {"level": NEXT_LEVEL.get(parent.level, "") if parent else RegionLevel.PROVINCE}
    if request.method == "POST":
        values = posted(request, REGION_SPECS)
        try:
            region = actions.create_region(
                actor=request.user, data=values, parent=parent, reason=request.POST.get("reason", "")
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("The region has been created."))
            return redirect("catalog_manage:region", region.pk)
    errors = field_errors(error)
    if parent is None:
        title = _("New province-level region")
    else:
        title = _("New region under %(parent)s") % {"parent": parent.full_name()}
    context = {
        "title": title,
        "region": parent,
        "fields": [
            *spec_fields(REGION_SPECS, values, errors, choices={"level": RegionLevel}),
            reason_field(request, errors),
        ],
        "intro": _("The division code and the parent cannot be changed later."),
        "cancel_url": reverse("catalog_manage:region", args=[parent.pk])
        if parent
        else reverse("catalog_manage:regions"),
    }
    return respond(request, FORM, context, error)


@login_required
@require_http_methods(["GET", "POST"])
def root_region_create_view(request: HttpRequest) -> HttpResponse:
    require(_installation_admin(request.user))
    return _create(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def region_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    parent = _region(request, pk)
    require(permissions.can_manage_agency(request.user, parent))
    return _create(request, parent)


@login_required
@require_http_methods(["GET", "POST"])
def region_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    region = _region(request, pk)
    require(permissions.can_manage_region(request.user, region))
    error = None
    values = initial_values(region, [s.name for s in RENAME_SPECS])
    if request.method == "POST":
        values = posted(request, RENAME_SPECS)
        try:
            update_region(
                actor=request.user, region=region, data=values, reason=request.POST.get("reason", "")
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("The region has been saved."))
            return redirect("catalog_manage:region", region.pk)
    errors = field_errors(error)
    context = {
        "title": _("Rename region: %(name)s") % {"name": region.full_name()},
        "region": region,
        "fields": [*spec_fields(RENAME_SPECS, values, errors), reason_field(request, errors)],
        "intro": _("Division code %(code)s; the code and the parent cannot be changed.")
        % {"code": region.code},
        "cancel_url": reverse("catalog_manage:region", args=[region.pk]),
    }
    return respond(request, FORM, context, error)


@login_required
@require_http_methods(["GET", "POST"])
def region_policies_view(request: HttpRequest, pk: int) -> HttpResponse:
    region = _region(request, pk)
    return policy_page(
        request,
        target=region,
        can_manage=permissions.can_manage_agency(request.user, region),
        done_url=reverse("catalog_manage:region_policies", args=[region.pk]),
        template="catalog/manage/regions/policies.html",
        context={"region": region},
    )
