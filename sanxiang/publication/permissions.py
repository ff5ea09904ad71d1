"""Who may see and act on publication records. Pages, the API and the actions ask the same questions."""

from __future__ import annotations

from typing import Any

from sanxiang.catalog.permissions import can_see_agency_internal, is_staff_user
from sanxiang.core.roles import Role
from sanxiang.publication.models import Record


def can_see(user: Any, record: Record) -> bool:
    return can_see_agency_internal(user, record.agency)


def _in_agency(user: Any, record: Record, roles: set[str]) -> bool:
    return bool(is_staff_user(user) and user.role in roles and user.agency_id == record.agency_id)


def can_draft(user: Any, record: Record) -> bool:
    """谁办案、谁录入: the agency's case handlers enter and correct the draft."""
    return _in_agency(user, record, {Role.OFFICER, Role.HEAD})


def can_redact(user: Any, record: Record) -> bool:
    return _in_agency(user, record, {Role.PUBLICATION_OFFICER})


def can_approve(user: Any, record: Record) -> bool:
    return _in_agency(user, record, {Role.HEAD})


def can_withdraw(user: Any, record: Record) -> bool:
    return _in_agency(user, record, {Role.PUBLICATION_OFFICER, Role.HEAD})


def can_remove(user: Any, record: Record) -> bool:
    """Early removal after credit repair: the publication officer or the head, like a withdrawal."""
    return _in_agency(user, record, {Role.PUBLICATION_OFFICER, Role.HEAD})
