"""Who may see and act on cases. Pages, the API and the engine ask the same questions."""

from __future__ import annotations

from typing import Any

from sanxiang.cases.models import Case
from sanxiang.catalog.models import Agency
from sanxiang.catalog.permissions import can_see_agency_internal, is_staff_user
from sanxiang.core.roles import Role

CASE_WORKERS = frozenset({Role.OFFICER, Role.HEAD})


def can_see_case(user: Any, case: Case) -> bool:
    """The agency's own staff, and supervisors and administrators of its region."""
    return can_see_agency_internal(user, case.agency)


def can_open_case(user: Any, agency: Agency) -> bool:
    return bool(is_staff_user(user) and user.role in CASE_WORKERS and user.agency_id == agency.pk)


def can_work_on_case(user: Any, case: Case) -> bool:
    """Add parties, assign officers, attach records: the agency's officers and head."""
    return can_open_case(user, case.agency)
