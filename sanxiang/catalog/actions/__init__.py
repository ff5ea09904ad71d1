"""The only code that writes catalog models. Pages, the API, Excel imports, the CLI and the demo
loader all call these functions; each is one transaction that checks permission, cleans input,
writes, and records the change (history snapshot with reason + public change-log line)."""

from sanxiang.catalog.actions.agencies import create_agency, update_agency
from sanxiang.catalog.actions.certificates import (
    issue_certificate,
    reinstate_certificate,
    renew_certificate,
    revoke_certificate,
    suspend_certificate,
)
from sanxiang.catalog.actions.legal_bases import save_legal_basis
from sanxiang.catalog.actions.lists import (
    retire_benchmark,
    retire_inspection_item,
    retire_item,
    save_benchmark,
    save_inspection_item,
    save_item,
)
from sanxiang.catalog.actions.officers import (
    create_officer,
    retire_officer,
    set_officer_photo,
    update_officer,
)
from sanxiang.catalog.actions.policy import set_policy
from sanxiang.catalog.actions.regions import create_region

__all__ = [
    "create_agency",
    "create_officer",
    "create_region",
    "issue_certificate",
    "reinstate_certificate",
    "renew_certificate",
    "retire_benchmark",
    "retire_inspection_item",
    "retire_item",
    "retire_officer",
    "revoke_certificate",
    "save_benchmark",
    "save_inspection_item",
    "save_item",
    "save_legal_basis",
    "set_officer_photo",
    "set_policy",
    "suspend_certificate",
    "update_agency",
    "update_officer",
]
