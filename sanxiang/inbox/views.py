"""The inbox page (a signed-in person's messages, unread first) and the POST that marks one read
and, when asked, opens the thing it is about."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sanxiang.core.errors import Invalid
from sanxiang.inbox import actions, queries


def _page(request: HttpRequest, error: Invalid | None = None) -> HttpResponse:
    return render(
        request,
        "inbox/inbox.html",
        {"title": _("Inbox"), "inbox_messages": queries.messages_for(request.user)[:200], "error": error},
        status=error.status if error else 200,
    )


@login_required
@require_GET
def inbox_view(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def read_view(request: HttpRequest, pk: int) -> HttpResponse:
    message = queries.message_for_user(request.user, pk)
    # The buttons say what to do; a bare POST (a stray or forged request) changes nothing.
    if not (request.POST.get("open") or request.POST.get("read")):
        return _page(request, Invalid("inbox_read_how", _("Choose “Open” or “Mark read”."), field="read"))
    actions.mark_read(actor=request.user, message=message)
    # The link was checked to be a path on this site when the message was sent.
    if request.POST.get("open") and message.link:
        return redirect(message.link)
    return redirect(reverse("inbox:inbox"))
