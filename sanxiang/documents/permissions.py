"""Who may issue, read and template documents. Pages, the API and the actions ask the same."""

from __future__ import annotations

from typing import Any

from sanxiang.cases.models import Case
from sanxiang.cases.permissions import can_see_case, can_work_on_case
from sanxiang.catalog.models import Agency
from sanxiang.catalog.permissions import can_edit_agency_lists


def can_read_documents(user: Any, case: Case) -> bool:
    return can_see_case(user, case)


def can_issue(user: Any, case: Case) -> bool:
    """The agency's officers and head, as for every other work on the case file."""
    return can_work_on_case(user, case)


def can_manage_templates(user: Any, agency: Agency) -> bool:
    """An agency's own templates: its head, or an administrator of its region."""
    return can_edit_agency_lists(user, agency)
