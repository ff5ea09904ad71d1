"""Writes owned by core. Permission to set a policy for a scope is decided by the caller that knows
the scope (the catalog knows regions and agencies); this records the value after validation."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sanxiang.core import clock, policy
from sanxiang.core.errors import Invalid
from sanxiang.core.models import PolicyValue
from sanxiang.core.text import clean_text


@transaction.atomic
def record_policy_value(
    *, actor: Any, key: str, scope: str, value: Any, reason: str, clear: bool = False
) -> PolicyValue:
    definition = policy.get(key)
    reason = clean_text(reason, field="reason", label=_("Reason"), max_length=500, required=True)
    if not (scope.startswith("agency:") or scope.startswith("region:")):
        raise Invalid("policy_scope", _("The scope must be an agency or a region."), field="scope")
    stored = None if clear else definition.parse(value)
    return PolicyValue.objects.create(
        key=key, scope=scope, value=stored, cleared=clear, reason=reason, set_by=actor, set_at=clock.now()
    )
