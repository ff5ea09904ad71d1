"""Administrators' pages for user accounts and API tokens: list and filter the users in scope,
create and edit a user, deactivate or reactivate, reset a password, lift a sign-in lockout, and issue
or revoke an agency's API tokens. Every write is an ``accounts.actions`` function; outside the
administrator's scope a user or agency does not exist (404)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from sanxiang.accounts import actions, queries
from sanxiang.accounts.models import AccountUnlock, User
from sanxiang.accounts.permissions import can_manage_user, is_admin
from sanxiang.catalog import queries as catalog_queries
from sanxiang.catalog.views.manage_common import FormField, field_errors, require, respond, spec_fields
from sanxiang.core.errors import DomainError, Invalid
from sanxiang.core.roles import Role

FORM = "accounts/users/form.html"
DETAIL = "accounts/users/user.html"
TOKENS = "accounts/users/tokens.html"
PAGE_SIZE = 200
# LoginAttempt.outcome values (written by actions.sign_in) as people read them.
OUTCOMES = {
    "ok": gettext_lazy("Signed in"),
    "bad_password": gettext_lazy("Wrong password"),
    "locked": gettext_lazy("Refused: account locked"),
    "address_blocked": gettext_lazy("Refused: network address blocked"),
    "unknown_user": gettext_lazy("Unknown user name"),
    "inactive": gettext_lazy("Refused: account deactivated"),
    "password_ok": gettext_lazy("Password correct, verification code asked"),
    "bad_code": gettext_lazy("Wrong verification code"),
    "code_replayed": gettext_lazy("Refused: verification code already used"),
}


def _agencies(request: HttpRequest) -> QuerySet[Any]:
    return catalog_queries.agencies_for_user(request.user).order_by("region__path", "name")


def _regions(request: HttpRequest) -> QuerySet[Any]:
    return catalog_queries.regions_for_user(request.user).order_by("path")


def _optional_pick(queryset: QuerySet[Any], raw: str, field: str, label: str) -> Any:
    """A choice from a scoped list, or None when left blank; anything else is a field error."""
    if not raw:
        return None
    try:
        return queryset.get(pk=int(raw))
    except (ValueError, TypeError, queryset.model.DoesNotExist):
        raise Invalid(
            "choice_invalid", _("Choose %(label)s from the list.") % {"label": label}, field=field
        ) from None


# --- list ---------------------------------------------------------------------------------------


@login_required
def users_view(request: HttpRequest) -> HttpResponse:
    require(is_admin(request.user))
    users = queries.users_for_user(request.user).order_by("agency__name", "region__path", "username")
    agencies = _agencies(request)
    error = None
    chosen = {"agency": request.GET.get("agency", ""), "role": request.GET.get("role", "")}
    try:
        agency = _optional_pick(agencies, chosen["agency"], "agency", _("Agency"))
        if chosen["role"] and chosen["role"] not in Role.values:
            raise Invalid(
                "choice_invalid", _("Choose %(label)s from the list.") % {"label": _("Role")}, field="role"
            )
    except DomainError as exc:
        error = exc
        users = users.none()
    else:
        if agency is not None:
            users = users.filter(agency=agency)
        if chosen["role"]:
            users = users.filter(role=chosen["role"])
    context = {
        "users": users[:PAGE_SIZE],
        "total": users.count(),
        "page_size": PAGE_SIZE,
        "agencies": agencies,
        "roles": Role.choices,
        "chosen": chosen,
        "errors": field_errors(error),
    }
    return respond(request, "accounts/users/list.html", context, error)


# --- create and edit --------------------------------------------------------------------------


def _user_fields(
    request: HttpRequest, *, values: dict[str, Any], error: DomainError | None, creating: bool
) -> list[FormField]:
    errors = field_errors(error)
    specs = actions.USER_SPECS if creating else actions.USER_EDIT_SPECS
    fields = spec_fields(specs, values, errors, choices={"role": Role})
    fields.append(
        FormField(
            name="agency",
            label=gettext_lazy("Agency"),
            kind="select",
            value=values.get("agency", ""),
            choices=[("", "—"), *[(str(a.pk), a.name) for a in _agencies(request)]],
            errors=errors.get("agency", []),
            help=gettext_lazy("For officers, agency heads, legal reviewers and publication officers."),
        )
    )
    fields.append(
        FormField(
            name="region",
            label=gettext_lazy("Region"),
            kind="select",
            value=values.get("region", ""),
            choices=[("", "—"), *[(str(r.pk), r.full_name()) for r in _regions(request)]],
            errors=errors.get("region", []),
            help=gettext_lazy(
                "For supervisors and administrators. An administrator without a region serves the "
                "whole installation."
            ),
        )
    )
    fields.append(
        FormField(
            name="holds_legal_qualification",
            label=gettext_lazy("Holds the national legal professional qualification"),
            kind="checkbox",
            value=values.get("holds_legal_qualification", False),
            errors=errors.get("holds_legal_qualification", []),
        )
    )
    return fields


def _posted_user(request: HttpRequest, *, creating: bool) -> dict[str, Any]:
    names = (
        ["username", "display_name", "role", "agency", "region"]
        if creating
        else ["display_name", "role", "agency", "region"]
    )
    values: dict[str, Any] = {name: request.POST.get(name, "") for name in names}
    values["holds_legal_qualification"] = "holds_legal_qualification" in request.POST
    return values


def _place(request: HttpRequest, values: dict[str, Any]) -> dict[str, Any]:
    return {
        "agency": _optional_pick(_agencies(request), values["agency"], "agency", _("Agency")),
        "region": _optional_pick(_regions(request), values["region"], "region", _("Region")),
        "holds_legal_qualification": values["holds_legal_qualification"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def user_create_view(request: HttpRequest) -> HttpResponse:
    require(is_admin(request.user))
    error = None
    values: dict[str, Any] = {}
    if request.method == "POST":
        values = _posted_user(request, creating=True)
        try:
            user = actions.create_user(
                actor=request.user,
                data={k: values[k] for k in ("username", "display_name", "role")},
                password=request.POST.get("password", ""),
                **_place(request, values),
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("The user has been created. Give them the initial password."))
            return redirect("accounts:user", user.pk)
    context = {
        "title": _("New user"),
        "fields": _user_fields(request, values=values, error=error, creating=True),
        "password_errors": field_errors(error).get("password", []),
        "creating": True,
        "cancel_url": reverse("accounts:users"),
    }
    return respond(request, FORM, context, error)


@login_required
@require_http_methods(["GET", "POST"])
def user_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    require(is_admin(request.user))
    account = queries.user_for_user(request.user, pk)
    error = None
    values: dict[str, Any] = {
        "display_name": account.display_name,
        "role": account.role,
        "agency": account.agency_id or "",
        "region": account.region_id or "",
        "holds_legal_qualification": account.holds_legal_qualification,
    }
    if request.method == "POST":
        values = _posted_user(request, creating=False)
        try:
            actions.update_user(
                actor=request.user,
                user=account,
                data={k: values[k] for k in ("display_name", "role")},
                **_place(request, values),
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("The user has been saved."))
            return redirect("accounts:user", account.pk)
    context = {
        "title": _("Edit user: %(name)s") % {"name": account.username},
        "account": account,
        "fields": _user_fields(request, values=values, error=error, creating=False),
        "creating": False,
        "cancel_url": reverse("accounts:user", args=[account.pk]),
    }
    return respond(request, FORM, context, error)


# --- one user and the acts on the account --------------------------------------------------------


def _detail(request: HttpRequest, account: User, **extra: Any) -> dict[str, Any]:
    return {
        "account": account,
        "locked_until": actions.locked_until(account.username, account),
        "attempts": [(a, OUTCOMES.get(a.outcome, a.outcome)) for a in queries.recent_sign_ins(account)],
        "unlocks": queries.unlocks_of(account),
        "is_self": account.pk == request.user.pk,
        "password_errors": [],
        "unlock_errors": {},
        "unlock_reason": "",
        "second_factor": queries.second_factor_of(account),
        "second_factor_errors": {},
        "second_factor_reason": "",
        **extra,
    }


@login_required
def user_view(request: HttpRequest, pk: int) -> HttpResponse:
    require(is_admin(request.user))
    account = queries.user_for_user(request.user, pk)
    return respond(request, DETAIL, _detail(request, account))


def _act_on_account(
    request: HttpRequest,
    pk: int,
    *,
    run: Callable[[User], User | AccountUnlock],
    done: Callable[[User], str],
    refused: Callable[[DomainError], dict[str, Any]] = lambda exc: {},
) -> HttpResponse:
    """A POST-only act on an account: refuse who may not act before naming the method (deny first,
    reveal nothing); on a refusal show the user's page with the messages next to the act's form."""
    require(is_admin(request.user))
    account = queries.user_for_user(request.user, pk)
    require(can_manage_user(request.user, account))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        run(account)
    except DomainError as exc:
        return respond(request, DETAIL, _detail(request, account, **refused(exc)), exc)
    account.refresh_from_db()
    messages.success(request, done(account))
    return redirect("accounts:user", account.pk)


@login_required
def user_active_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act_on_account(
        request,
        pk,
        run=lambda account: actions.set_user_active(
            actor=request.user, user=account, active=request.POST.get("active", "")
        ),
        done=lambda account: (
            _("The account has been reactivated.")
            if account.is_active
            else _("The account has been deactivated; the user can no longer sign in.")
        ),
    )


@login_required
def user_password_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _act_on_account(
        request,
        pk,
        run=lambda account: actions.reset_password(
            actor=request.user, user=account, password=request.POST.get("password", "")
        ),
        done=lambda account: _("The password has been reset. Give the user the new password."),
        refused=lambda exc: {"password_errors": field_errors(exc).get("password", [])},
    )


@login_required
def user_unlock_view(request: HttpRequest, pk: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _act_on_account(
        request,
        pk,
        run=lambda account: actions.unlock_account(actor=request.user, user=account, reason=reason),
        done=lambda account: _("The account has been unlocked; the user may sign in again."),
        refused=lambda exc: {"unlock_errors": field_errors(exc), "unlock_reason": reason},
    )


@login_required
def user_second_factor_view(request: HttpRequest, pk: int) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _act_on_account(
        request,
        pk,
        run=lambda account: actions.reset_second_factor(actor=request.user, user=account, reason=reason),
        done=lambda account: _("The authenticator app has been reset; the user may set up a new one."),
        refused=lambda exc: {"second_factor_errors": field_errors(exc), "second_factor_reason": reason},
    )


# --- API tokens of an agency ---------------------------------------------------------------------


def _tokens_page(
    request: HttpRequest,
    agency: Any,
    *,
    error: DomainError | None = None,
    typed: dict[str, Any] | None = None,
    secret: str = "",
) -> HttpResponse:
    context = {
        "agency": agency,
        "tokens": queries.tokens_for_user(request.user).filter(agency=agency).order_by("-created_at", "-id"),
        "scopes": list(actions.API_SCOPES.items()),
        "typed": typed or {"name": "", "scopes": []},
        "errors": field_errors(error),
        "secret": secret,
    }
    response = respond(request, TOKENS, context, error)
    if secret:
        # The secret is on this one page only; keep it out of any cache.
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def tokens_view(request: HttpRequest, pk: int) -> HttpResponse:
    agency = catalog_queries.agency_for_user(request.user, pk)
    require(is_admin(request.user))
    if request.method != "POST":
        return _tokens_page(request, agency)
    name, scopes = request.POST.get("name", ""), request.POST.getlist("scopes")
    typed = {"name": name, "scopes": scopes}
    try:
        token, secret = actions.issue_api_token(actor=request.user, agency=agency, name=name, scopes=scopes)
    except DomainError as exc:
        return _tokens_page(request, agency, error=exc, typed=typed)
    messages.success(request, _("The token %(name)s has been issued.") % {"name": token.name})
    return _tokens_page(request, agency, secret=secret)


@login_required
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    require(is_admin(request.user))
    token = queries.token_for_user(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        actions.revoke_api_token(actor=request.user, token=token)
    except DomainError as exc:
        return _tokens_page(request, token.agency, error=exc)
    messages.success(request, _("The token %(name)s has been revoked.") % {"name": token.name})
    return redirect("accounts:tokens", token.agency_id)
