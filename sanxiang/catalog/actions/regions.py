from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from sanxiang.catalog.actions._common import (
    changed_fields,
    clean_reason,
    labels,
    record_change,
    require,
    save_with_history,
)
from sanxiang.catalog.enums import ChangeKind, RegionLevel
from sanxiang.catalog.models import Region
from sanxiang.catalog.permissions import can_manage_agency, can_manage_region
from sanxiang.catalog.validators import clean_region_code
from sanxiang.core.cleaning import Spec, choices_from, clean
from sanxiang.core.errors import Invalid
from sanxiang.core.roles import Role

SPECS = [
    Spec("code", _("Division code"), kind="custom", parser=clean_region_code),
    Spec("name", _("Region name"), max_length=50),
    Spec("level", _("Level"), kind="choice", choices=choices_from(RegionLevel)),
]
# The division code and the parent never change once a region exists: the subtree paths that scope
# every supervisor's lists, the policy scopes and the agencies' credit codes are built from them.
RENAME_SPECS = [s for s in SPECS if s.name == "name"]


@transaction.atomic
def create_region(*, actor: Any, data: dict[str, Any], parent: Region | None, reason: str) -> Region:
    """Regions are created by administrators of the parent region; the root (a province) only by an
    installation-wide administrator or the demo loader (actor=None means the system itself)."""
    if actor is not None:
        require(
            can_manage_agency(actor, parent)
            if parent
            else actor.role == Role.ADMIN and actor.region_id is None
        )
    cleaned = clean(data, SPECS)
    reason = clean_reason(reason)
    path = f"{parent.path if parent else '/'}{cleaned['code']}/"
    region = Region(parent=parent, path=path, **cleaned)
    try:
        with transaction.atomic():
            save_with_history(region, actor=actor, reason=reason)
    except IntegrityError:
        raise Invalid(
            "region_code_taken", _("A region with this division code already exists."), field="code"
        ) from None
    record_change(
        agency=None,
        subject=region,
        kind=ChangeKind.CREATED,
        summary=region.full_name(),
        reason=reason,
        actor=actor,
    )
    return region


@transaction.atomic
def update_region(*, actor: Any, region: Region, data: dict[str, Any], reason: str) -> Region:
    """Rename a region (e.g. a county becomes a district), with the reason kept in its history.
    Other keys in ``data`` are ignored: see ``RENAME_SPECS``."""
    region = Region.objects.select_for_update(of=("self",)).select_related("parent").get(pk=region.pk)
    if actor is not None:
        require(can_manage_region(actor, region))
    errors = []
    try:
        cleaned = clean(data, RENAME_SPECS, partial=True)
    except Invalid as exc:
        errors += exc.errors
    try:
        reason = clean_reason(reason)
    except Invalid as exc:
        errors += exc.errors
    if errors:
        raise Invalid.many(errors)
    old_name = region.full_name()
    changed = changed_fields(region, cleaned)
    if not changed:
        return region
    save_with_history(region, actor=actor, reason=reason)
    record_change(
        agency=None,
        subject=region,
        kind=ChangeKind.CHANGED,
        summary=str(
            _("%(entry)s — changed: %(fields)s")
            % {"entry": f"{old_name} → {region.full_name()}", "fields": labels(Region, changed)}
        ),
        reason=reason,
        actor=actor,
    )
    return region
