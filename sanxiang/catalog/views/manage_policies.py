"""The policy-settings page, shared by agencies and regions: every registered policy with the value
in force for the target, where that value comes from, a form to set or reset it for the target, and
the history of the settings that apply to it. Writes go through ``actions.set_policy``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from sanxiang.catalog import actions
from sanxiang.catalog.models import Agency, Region
from sanxiang.catalog.views.manage_common import field_errors, require, respond
from sanxiang.core import policy
from sanxiang.core.errors import DomainError
from sanxiang.core.models import PolicyValue


def region_scope_names(region: Region | None) -> dict[str, str]:
    """Scope string -> readable name, for a region and its ancestors."""
    names = {}
    while region is not None:
        names[f"region:{region.code}"] = region.full_name()
        region = region.parent
    return names


def agency_scope_names(agency: Agency) -> dict[str, str]:
    return {f"agency:{agency.pk}": agency.name, **region_scope_names(agency.region)}


def policy_page(
    request: HttpRequest,
    *,
    target: Agency | Region,
    can_manage: bool,
    done_url: str,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """GET shows the settings; POST sets (or with ``clear`` resets) one of them for ``target``.
    On a refusal the form of that one setting shows what was typed and the messages."""
    names = agency_scope_names(target) if isinstance(target, Agency) else region_scope_names(target)
    scopes = target.policy_scopes()
    error = None
    posted_key = ""
    if request.method == "POST":
        require(can_manage)
        posted_key = request.POST.get("key", "")
        try:
            actions.set_policy(
                actor=request.user,
                key=posted_key,
                target=target,
                value=request.POST.get("value", ""),
                reason=request.POST.get("reason", ""),
                clear="clear" in request.POST,
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("The setting has been saved."))
            return redirect(done_url)
    errors = field_errors(error)
    rows = []
    for key in sorted(policy.REGISTRY):
        resolved = policy.resolve(key, scopes)
        mine = posted_key == key
        rows.append(
            {
                "policy": resolved.policy,
                "value": resolved.value,
                "scope": resolved.scope,
                "where": names.get(resolved.scope, _("national default")),
                "typed_value": request.POST.get("value", "") if mine else "",
                "typed_reason": request.POST.get("reason", "") if mine else "",
                "typed_clear": mine and "clear" in request.POST,
                "errors": errors if mine else {},
            }
        )
    history = (
        PolicyValue.objects.filter(scope__in=scopes).select_related("set_by").order_by("-set_at", "-id")[:200]
    )
    context.update(
        rows=rows,
        posted_key=posted_key,
        history=[(row, names.get(row.scope, row.scope)) for row in history],
        can_manage=can_manage,
    )
    return respond(request, template, context, error)
