"""Who may manage which user accounts. Pages and actions ask these; ``queries.users_for_user``
applies the same scope, so a list never shows a user whose page would be refused."""

from __future__ import annotations

from typing import Any

from sanxiang.catalog.models import Agency, Region
from sanxiang.catalog.permissions import can_manage_agency, is_staff_user, user_region
from sanxiang.core.roles import Role


def is_admin(user: Any) -> bool:
    return bool(is_staff_user(user) and user.role == Role.ADMIN)


def is_installation_admin(user: Any) -> bool:
    """An administrator of the whole installation (no region)."""
    return is_admin(user) and user_region(user) is None


def can_place_user(actor: Any, agency: Agency | None, region: Region | None) -> bool:
    """Whether ``actor`` may give a user this place: an agency or a region within the actor's
    region. No place at all is an installation-wide administrator, which only another may make."""
    if not is_admin(actor):
        return False
    if agency is not None:
        return can_manage_agency(actor, agency.region)
    if region is not None:
        return can_manage_agency(actor, region)
    return is_installation_admin(actor)


def can_manage_user(actor: Any, user: Any) -> bool:
    """Administrators manage the accounts placed within their region."""
    return can_place_user(actor, user.agency, user.region)
