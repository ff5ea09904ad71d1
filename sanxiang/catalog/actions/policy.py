from __future__ import annotations

from typing import Any

from django.db import transaction

from sanxiang.catalog.actions._common import require
from sanxiang.catalog.models import Agency, Region
from sanxiang.catalog.permissions import can_manage_agency
from sanxiang.core.actions import record_policy_value
from sanxiang.core.models import PolicyValue


@transaction.atomic
def set_policy(
    *, actor: Any, key: str, target: Agency | Region, value: Any, reason: str, clear: bool = False
) -> PolicyValue:
    """Set (or with ``clear`` reset to the inherited value) a local rule for an agency or region.
    Administrators of the region that contains the target may do so."""
    region = target.region if isinstance(target, Agency) else target
    require(can_manage_agency(actor, region))
    scope = f"agency:{target.pk}" if isinstance(target, Agency) else f"region:{target.code}"
    return record_policy_value(actor=actor, key=key, scope=scope, value=value, reason=reason, clear=clear)
