"""Who may see, add and read evidence, and keep the device ledger. Pages, the API and the guard
ask the same questions; seeing a case is the condition for seeing its evidence."""

from __future__ import annotations

from typing import Any

from sanxiang.cases.models import Case
from sanxiang.cases.permissions import can_see_case, can_see_personal_data, can_work_on_case
from sanxiang.catalog.models import Agency
from sanxiang.catalog.permissions import can_see_agency_internal, is_staff_user
from sanxiang.core.roles import Role


def can_see_evidence(user: Any, case: Case) -> bool:
    return can_see_case(user, case)


def can_open_evidence_files(user: Any, case: Case) -> bool:
    """The files themselves (photos, scans, recordings) follow the one personal-data rule of
    ``cases.permissions.can_see_personal_data``: an identity card photographed or a voice recorded
    cannot be masked reliably, so a reader without the right to the parties' personal data
    (supervisor, administrator) sees the item's description, hash and proof but not its bytes, as
    the redacted case-file package withholds them too (security review F6; 个人信息保护法 Art. 6)."""
    return can_see_evidence(user, case) and can_see_personal_data(user, case)


def can_add_evidence(user: Any, case: Case) -> bool:
    """The agency's officers and head: those who work on the case."""
    return can_work_on_case(user, case)


def can_see_devices(user: Any, agency: Agency) -> bool:
    return can_see_agency_internal(user, agency)


def can_manage_devices(user: Any, agency: Agency) -> bool:
    """The agency head, and administrators whose region holds the agency."""
    if not is_staff_user(user):
        return False
    if user.role == Role.HEAD:
        return bool(user.agency_id == agency.pk)
    return bool(user.role == Role.ADMIN and can_see_agency_internal(user, agency))


def can_approve_exemption(user: Any, case: Case) -> bool:
    """A written exemption from audio-video recording is the agency head's decision (legal-rules G-07)."""
    return bool(is_staff_user(user) and user.role == Role.HEAD and user.agency_id == case.agency_id)
