"""Who may see and act on annual reports. Pages, the API and the actions ask the same questions.

The agency's legal staff (法制审核人员) may prepare the report with its head; only the head reviews
and publishes it, since it is the agency's official statement of its year."""

from __future__ import annotations

from typing import Any

from sanxiang.catalog.models import Agency
from sanxiang.catalog.permissions import can_see_agency_internal, is_staff_user
from sanxiang.core.roles import Role

PREPARERS = {Role.HEAD, Role.LEGAL_REVIEWER}


def can_see(user: Any, agency: Agency) -> bool:
    return can_see_agency_internal(user, agency)


def can_prepare(user: Any, agency: Agency) -> bool:
    return bool(is_staff_user(user) and user.role in PREPARERS and user.agency_id == agency.pk)


def can_approve(user: Any, agency: Agency) -> bool:
    return bool(is_staff_user(user) and user.role == Role.HEAD and user.agency_id == agency.pk)
