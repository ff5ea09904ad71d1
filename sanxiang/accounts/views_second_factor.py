"""The authenticator app pages: the code asked after the password, enrolment during sign-in (when
the user's role must use one) and from the workbench (when the user chooses to).

Between the password and the code the user is not signed in: the session holds only who passed the
password, for a few minutes, so nothing else can be reached before the second step is done."""

from __future__ import annotations

import datetime as dt
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sanxiang.accounts import actions, queries, totp
from sanxiang.accounts.models import User
from sanxiang.core import clock
from sanxiang.core.errors import DomainError
from sanxiang.core.ratelimit import client_ip

PENDING = "accounts_pending_sign_in"
# Long enough to fetch the phone, or install an authenticator app while enrolling; short enough
# that a session left at the code page does not keep a passed password for long.
PENDING_MINUTES = 10
ENROLLING = "accounts_enrolling"
ISSUER = "sanxiang"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def begin_pending(request: HttpRequest, signed: actions.SignIn, next_url: str) -> HttpResponse:
    """After a correct password: remember who passed it, then ask for the code or the enrolment."""
    request.session.cycle_key()  # a new session id once a password has been passed
    request.session[PENDING] = {
        "user": signed.user.pk,
        "step": signed.next_step,
        "since": clock.now().isoformat(),
        "next": next_url,
    }
    return redirect("accounts:login_code" if signed.next_step == "code" else "accounts:login_enrol")


def _pending_user(request: HttpRequest, step: str) -> User | None:
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict) or pending.get("step") != step:
        return None
    since = dt.datetime.fromisoformat(pending["since"])
    if clock.now() - since > dt.timedelta(minutes=PENDING_MINUTES):
        del request.session[PENDING]
        return None
    return (
        User.objects.select_related("agency__region", "region")
        .filter(pk=pending["user"], is_active=True)
        .first()
    )


def _finish(request: HttpRequest, user: User) -> HttpResponse:
    next_url = request.session.pop(PENDING, {}).get("next", "")
    login(request, user, backend=BACKEND)
    safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure())
    return redirect(next_url if next_url and safe else "accounts:workbench")


def _start_again(request: HttpRequest) -> HttpResponse:
    """No password passed in the last minutes: say so, with the way back to the sign-in page."""
    return render(request, "accounts/login_restart.html")


def _candidate_secret(request: HttpRequest, user: User) -> str:
    """The new secret being enrolled, kept in the session until the user confirms it with a code:
    opening the page stores nothing, and a reload shows the key already scanned."""
    held = request.session.get(ENROLLING)
    if isinstance(held, dict) and held.get("user") == user.pk:
        return str(held["secret"])
    secret = totp.new_secret()
    request.session[ENROLLING] = {"user": user.pk, "secret": secret}
    return secret


@require_http_methods(["GET", "POST"])
def login_code_view(request: HttpRequest) -> HttpResponse:
    user = _pending_user(request, "code")
    if user is None:
        return _start_again(request)
    error = None
    if request.method == "POST":
        try:
            actions.sign_in_with_code(
                user=user,
                code=request.POST.get("code", ""),
                ip=client_ip(request),
                user_agent=request.headers.get("User-Agent", ""),
            )
        except DomainError as exc:
            error = exc
        else:
            return _finish(request, user)
    return render(
        request, "accounts/login_code.html", {"error": error}, status=error.status if error else 200
    )


def _enrolment_context(secret: str, user: User, error: Any) -> dict[str, Any]:
    uri = totp.provisioning_uri(secret, user.username, ISSUER)
    # Inline SVG markup made here from our own data: no script, no image fetched from elsewhere.
    qr = segno.make(uri, error="m").svg_inline(scale=4, title=_("QR code for the authenticator app"))
    return {"secret": totp.grouped(secret), "qr_svg": mark_safe(qr), "error": error}  # noqa: S308


@require_http_methods(["GET", "POST"])
def login_enrol_view(request: HttpRequest) -> HttpResponse:
    """Enrolment the role requires, between the password and signing in."""
    user = _pending_user(request, "enrol")
    if user is None:
        return _start_again(request)
    error = None
    secret = _candidate_secret(request, user)
    if request.method == "POST":
        try:
            actions.sign_in_enrolling(
                user=user,
                secret=secret,
                code=request.POST.get("code", ""),
                ip=client_ip(request),
                user_agent=request.headers.get("User-Agent", ""),
            )
        except DomainError as exc:
            error = exc
        else:
            request.session.pop(ENROLLING, None)
            messages.success(request, _("Your authenticator app is set up."))
            return _finish(request, user)
    context = {**_enrolment_context(secret, user, error), "required": True}
    return render(request, "accounts/second_factor.html", context, status=error.status if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_view(request: HttpRequest) -> HttpResponse:
    """A signed-in user's own authenticator app: its state, or its enrolment."""
    user: User = request.user  # type: ignore[assignment]
    enrolled = queries.second_factor_of(user)
    if enrolled is not None:
        return render(request, "accounts/second_factor.html", {"enrolled": enrolled})
    secret = _candidate_secret(request, user)
    error = None
    if request.method == "POST":
        try:
            actions.confirm_enrolment(user=user, secret=secret, code=request.POST.get("code", ""))
        except DomainError as exc:
            error = exc
        else:
            request.session.pop(ENROLLING, None)
            messages.success(request, _("Your authenticator app is set up."))
            return redirect("accounts:workbench")
    context = _enrolment_context(secret, user, error)
    return render(request, "accounts/second_factor.html", context, status=error.status if error else 200)
