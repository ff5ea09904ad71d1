"""Who may see and change what in the catalog. Every entry point (pages, API, CLI) asks these; the
querysets in ``queries.py`` apply the same scope so that a list never shows what a detail refuses."""

from __future__ import annotations

from typing import Any

from sanxiang.catalog.models import Agency, Region
from sanxiang.core.roles import AGENCY_ROLES, Role


def is_staff_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "role", None))


def user_region(user: Any) -> Region | None:
    """The region a supervisor or administrator works in (None for an installation-wide admin)."""
    return user.region if user.role in {Role.SUPERVISOR, Role.ADMIN} else None


def can_see_agency_internal(user: Any, agency: Agency) -> bool:
    """Internal (non-public) catalog data: officer photos and phones, retired records, history."""
    if not is_staff_user(user):
        return False
    if user.role in AGENCY_ROLES:
        return bool(user.agency_id == agency.pk)
    region = user_region(user)
    if user.role == Role.ADMIN and region is None:
        return True
    return region is not None and agency.region.path.startswith(region.path)


def can_edit_agency_lists(user: Any, agency: Agency) -> bool:
    """Item lists, benchmarks and random-inspection lists: the agency head or an administrator."""
    if not is_staff_user(user):
        return False
    if user.role == Role.HEAD:
        return bool(user.agency_id == agency.pk)
    return user.role == Role.ADMIN and can_see_agency_internal(user, agency)


def can_manage_officers(user: Any, agency: Agency) -> bool:
    """Officers and certificates are issued by the government's legal department (司法局):
    administrators in scope."""
    return bool(is_staff_user(user) and user.role == Role.ADMIN and can_see_agency_internal(user, agency))


def can_manage_agency(user: Any, region: Region) -> bool:
    if not is_staff_user(user) or user.role != Role.ADMIN:
        return False
    own = user_region(user)
    return own is None or region.path.startswith(own.path)


def can_manage_region(user: Any, region: Region) -> bool:
    """A region's own record is kept by the administrators of its parent, who created it (the root,
    a province, by an installation-wide administrator): a county administrator adds townships to
    the county but does not rename the county."""
    if region.parent is not None:
        return can_manage_agency(user, region.parent)
    return bool(is_staff_user(user) and user.role == Role.ADMIN and user_region(user) is None)


def can_manage_legal_bases(user: Any) -> bool:
    return bool(is_staff_user(user) and user.role == Role.ADMIN)
