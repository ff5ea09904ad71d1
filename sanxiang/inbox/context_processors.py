"""The unread count for the badge in the staff navigation of every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sanxiang.inbox import queries


def unread(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    # Lazy: pages that never show the navigation (API, files) never run the count.
    return {"inbox_unread": lambda: queries.unread_count(user)}
