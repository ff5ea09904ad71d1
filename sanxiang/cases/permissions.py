"""Who may see and act on cases. Pages, the API and the engine ask the same questions."""

from __future__ import annotations

from typing import Any

from sanxiang.cases.models import Case
from sanxiang.catalog.models import Agency
from sanxiang.catalog.permissions import can_see_agency_internal, is_staff_user
from sanxiang.core.roles import AGENCY_ROLES, Role

CASE_WORKERS = frozenset({Role.OFFICER, Role.HEAD})


def can_see_case(user: Any, case: Case) -> bool:
    """The agency's own staff, and supervisors and administrators of its region."""
    return can_see_agency_internal(user, case.agency)


def can_open_case(user: Any, agency: Agency) -> bool:
    return bool(is_staff_user(user) and user.role in CASE_WORKERS and user.agency_id == agency.pk)


def can_work_on_case(user: Any, case: Case) -> bool:
    """Add parties, assign officers, attach records: the agency's officers and head."""
    return can_open_case(user, case.agency)


# The personal data of a party kept on a case: what identifies or reaches a natural person beyond
# the name case work needs (an organisation's address and phone go with them: one rule, no kinds).
PERSONAL_FIELDS = ("id_number", "address", "phone")


def can_see_personal_data(user: Any, case: Case) -> bool:
    """Identity card numbers, addresses and telephones of a case's parties: the staff of the case's
    own agency (and its API tokens) only. A supervisor or administrator reviews how the case was
    handled, which needs the facts, acts and documents but not how to identify or reach the person:
    个人信息保护法 Art. 6 (processing limited to the minimum necessary for the purpose) and
    Art. 34 (state organs process personal information only within their statutory duties); an ID
    number is sensitive personal information under Art. 28. 行政处罚法 Art. 50 keeps the privacy
    learnt in penalty work confidential. The party's name stays visible: the case cannot be
    reviewed without it."""
    if not is_staff_user(user) or user.role not in AGENCY_ROLES:
        return False
    return bool(user.agency_id == case.agency_id)
