from __future__ import annotations

from typing import Any

from django.db import transaction

from sanxiang.catalog.actions._common import log_actor, plain, require
from sanxiang.catalog.models import Agency, Region
from sanxiang.catalog.permissions import can_manage_agency
from sanxiang.core.actions import record_policy_value
from sanxiang.core.models import PolicyValue
from sanxiang.recordlog import actions as recordlog


@transaction.atomic
def set_policy(
    *, actor: Any, key: str, target: Agency | Region, value: Any, reason: str, clear: bool = False
) -> PolicyValue:
    """Set (or with ``clear`` reset to the inherited value) a local rule for an agency or region.
    Administrators of the region that contains the target may do so. The new setting is recorded
    in the record log (``policy.set`` / ``policy.cleared``) in the same transaction."""
    region = target.region if isinstance(target, Agency) else target
    require(can_manage_agency(actor, region))
    scope = f"agency:{target.pk}" if isinstance(target, Agency) else f"region:{target.code}"
    row = record_policy_value(actor=actor, key=key, scope=scope, value=value, reason=reason, clear=clear)
    recordlog.append(
        kind="policy.cleared" if clear else "policy.set",
        subject=row,
        actor=log_actor(actor),
        payload={
            "key": row.key,
            "scope": row.scope,
            "value": plain(row.value),
            "cleared": row.cleared,
            "reason": row.reason,
        },
        occurred_at=row.set_at,
        agency_id=target.pk if isinstance(target, Agency) else None,
    )
    return row
