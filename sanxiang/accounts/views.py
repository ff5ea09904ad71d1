from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sanxiang.accounts import actions
from sanxiang.accounts.views_second_factor import begin_pending
from sanxiang.catalog import queries as catalog_queries
from sanxiang.core.errors import DomainError
from sanxiang.core.ratelimit import client_ip


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    error = None
    username = ""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST":
        username = request.POST.get("username", "")
        try:
            signed = actions.sign_in(
                username=username,
                password=request.POST.get("password", ""),
                ip=client_ip(request),
                user_agent=request.headers.get("User-Agent", ""),
                request=request,
            )
        except DomainError as exc:
            error = exc
        else:
            if signed.next_step != "done":
                return begin_pending(request, signed, next_url)
            login(request, signed.user, backend="django.contrib.auth.backends.ModelBackend")
            safe = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure())
            return redirect(next_url if next_url and safe else "accounts:workbench")
    status = error.status if error else 200
    return render(
        request,
        "accounts/login.html",
        {"error": error, "username": username, "next": next_url},
        status=status,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("catalog_public:home")


@login_required
@require_http_methods(["GET", "POST"])
def password_change_view(request: HttpRequest) -> HttpResponse:
    error = None
    if request.method == "POST":
        try:
            actions.change_password(
                user=request.user,  # type: ignore[arg-type]
                old_password=request.POST.get("old_password", ""),
                new_password=request.POST.get("new_password", ""),
                new_password_again=request.POST.get("new_password_again", ""),
            )
        except DomainError as exc:
            error = exc
        else:
            update_session_auth_hash(request, request.user)  # type: ignore[arg-type]
            messages.success(request, _("Your password has been changed."))
            return redirect("accounts:workbench")
    return render(
        request, "accounts/password_change.html", {"error": error}, status=error.status if error else 200
    )


@login_required
def workbench_view(request: HttpRequest) -> HttpResponse:
    agencies = catalog_queries.agencies_for_user(request.user)
    return render(request, "accounts/workbench.html", {"agencies": agencies})
