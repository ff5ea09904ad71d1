"""The inbox page (a signed-in person's messages, unread first) and the POST that marks one read
and, when asked, opens the thing it is about."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sanxiang.inbox import actions, queries


@login_required
@require_GET
def inbox_view(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "inbox/inbox.html",
        {"title": _("Inbox"), "inbox_messages": queries.messages_for(request.user)[:200]},
    )


@login_required
@require_POST
def read_view(request: HttpRequest, pk: int) -> HttpResponse:
    message = queries.message_for_user(request.user, pk)
    actions.mark_read(actor=request.user, message=message)
    # The link was checked to be a path on this site when the message was sent.
    if request.POST.get("open") and message.link:
        return redirect(message.link)
    return redirect(reverse("inbox:inbox"))
