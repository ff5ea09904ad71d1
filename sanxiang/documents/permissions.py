"""Who may issue, read and template documents. Pages, the API and the actions ask the same."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sanxiang.cases.models import Case
from sanxiang.cases.permissions import can_see_case, can_work_on_case
from sanxiang.catalog.models import Agency
from sanxiang.catalog.permissions import can_edit_agency_lists


def can_read_documents(user: Any, case: Case) -> bool:
    return can_see_case(user, case)


# Kinds someone besides the case's officers and head may issue, each with its rule, registered from
# a higher app's AppConfig.ready (documents may not import it): e.g. the legal review opinion, issued
# by the reviewer assigned to the case.
KIND_ISSUERS: dict[str, Callable[[Any, Case], bool]] = {}


def register_kind_issuer(kind: str, rule: Callable[[Any, Case], bool]) -> None:
    KIND_ISSUERS[kind] = rule


def can_issue(user: Any, case: Case, kind: str = "") -> bool:
    """The agency's officers and head, as for every other work on the case file; for a kind with a
    registered rule, also whoever that rule admits."""
    if can_work_on_case(user, case):
        return True
    rule = KIND_ISSUERS.get(kind)
    return rule is not None and rule(user, case)


def can_manage_templates(user: Any, agency: Agency) -> bool:
    """An agency's own templates: its head, or an administrator of its region."""
    return can_edit_agency_lists(user, agency)
