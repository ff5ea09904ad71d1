"""Who may see and change the calendar: every signed-in staff member reads it (deadlines depend on
it); administrators — installation-wide or regional — enter and correct it."""

from __future__ import annotations

from typing import Any

from sanxiang.core.roles import Role


def can_view(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "role", None))


def can_edit(user: Any) -> bool:
    return can_view(user) and user.role == Role.ADMIN
