from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sanxiang.catalog.actions._common import (
    changed_fields,
    clean_reason,
    labels,
    record_change,
    require,
    save_with_history,
)
from sanxiang.catalog.enums import ChangeKind
from sanxiang.catalog.models import Agency, Officer
from sanxiang.catalog.permissions import can_manage_officers
from sanxiang.core import clock
from sanxiang.core.cleaning import Spec, clean
from sanxiang.core.errors import WrongState

SPECS = [
    Spec("name", _("Name"), max_length=50),
    Spec("post", _("Post"), max_length=50, required=False),
    Spec("unit", _("Department"), max_length=100, required=False),
    Spec("phone", _("Internal telephone"), max_length=40, required=False),
]


@transaction.atomic
def create_officer(*, actor: Any, agency: Agency, data: dict[str, Any], reason: str) -> Officer:
    if actor is not None:
        require(can_manage_officers(actor, agency))
    cleaned = clean(data, SPECS)
    reason = clean_reason(reason)
    officer = Officer(agency=agency, created_at=clock.now(), **cleaned)
    save_with_history(officer, actor=actor, reason=reason)
    record_change(
        agency=agency,
        subject=officer,
        kind=ChangeKind.CREATED,
        summary=str(_("Officer added: %(name)s") % {"name": officer.name}),
        reason=reason,
        actor=actor,
    )
    return officer


@transaction.atomic
def update_officer(*, actor: Any, officer: Officer, data: dict[str, Any], reason: str) -> Officer:
    officer = Officer.objects.select_for_update().get(pk=officer.pk)
    require(can_manage_officers(actor, officer.agency))
    cleaned = clean(data, SPECS, partial=True)
    reason = clean_reason(reason)
    changed = changed_fields(officer, cleaned)
    if changed:
        save_with_history(officer, actor=actor, reason=reason)
        # Phone numbers are internal: a change to them alone is not shown in the public log.
        public = any(name in {"name", "post", "unit"} for name in changed)
        record_change(
            agency=officer.agency,
            subject=officer,
            kind=ChangeKind.CHANGED,
            summary=str(_("Changed: %(fields)s") % {"fields": labels(Officer, changed)}),
            reason=reason,
            actor=actor,
            public=public,
        )
    return officer


@transaction.atomic
def retire_officer(*, actor: Any, officer: Officer, reason: str) -> Officer:
    """The officer leaves enforcement: off the public list, kept internally with history."""
    officer = Officer.objects.select_for_update().get(pk=officer.pk)
    require(can_manage_officers(actor, officer.agency))
    reason = clean_reason(reason)
    if officer.retired_at is not None:
        raise WrongState("already_retired", _("This officer has already left the enforcement post."))
    officer.retired_at = clock.now()
    save_with_history(officer, actor=actor, reason=reason)
    record_change(
        agency=officer.agency,
        subject=officer,
        kind=ChangeKind.REMOVED,
        summary=str(_("Officer left the enforcement post: %(name)s") % {"name": officer.name}),
        reason=reason,
        actor=actor,
    )
    return officer
