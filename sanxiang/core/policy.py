"""Policy settings: named local rules with a national default.

A *statutory* rule is code with its citation. A *local* rule (tagged L or U in the law digest) is a
Policy: it has a key, a default taken from ``shared/domain/legal-rules.md``, the source of that
default, bounds, and may be overridden per region or per agency by an administrator. Every override is
a new append-only ``PolicyValue`` row, so the history of a setting is the list of its rows.

Apps declare their policies at import time with ``register``; ``resolve`` walks the scopes from the
most specific (an agency) to the least (the province) and falls back to the default, and says which
scope supplied the value, so that a deadline or refusal can name the rule that produced it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sanxiang.core.errors import Invalid

KINDS = {"int", "decimal", "bool", "str", "choice"}


@dataclass(frozen=True)
class Policy:
    key: str
    label: str | Promise
    default: Any
    kind: str
    source: str  # where the default comes from, with its digest tag, e.g. "legal-rules F-05 (L)"
    unit: str | Promise = ""
    minimum: Decimal | int | None = None
    maximum: Decimal | int | None = None
    choices: tuple[str, ...] = field(default_factory=tuple)
    help: str | Promise = ""

    def parse(self, value: Any) -> Any:
        """Turn a submitted value into the stored form, refusing it with a coded error if it breaks
        the policy's type or bounds."""
        label = str(self.label)
        try:
            if self.kind == "int":
                if isinstance(value, bool):
                    raise ValueError
                parsed: Any = int(str(value).strip())
            elif self.kind == "decimal":
                parsed = Decimal(str(value).strip())
                if not parsed.is_finite():
                    raise ValueError
            elif self.kind == "bool":
                if isinstance(value, bool):
                    parsed = value
                elif str(value).lower() in {"true", "1", "yes", "是"}:
                    parsed = True
                elif str(value).lower() in {"false", "0", "no", "否"}:
                    parsed = False
                else:
                    raise ValueError
            elif self.kind == "choice":
                parsed = str(value)
                if parsed not in self.choices:
                    raise ValueError
            else:
                parsed = str(value)
        except (ValueError, InvalidOperation) as exc:
            raise Invalid(
                "policy_value_type",
                _("%(label)s: the value %(value)s is not a valid %(kind)s.")
                % {"label": label, "value": value, "kind": self.kind},
                field="value",
            ) from exc
        if self.minimum is not None and parsed < self.minimum:
            raise Invalid(
                "policy_value_range",
                _("%(label)s must be at least %(minimum)s.") % {"label": label, "minimum": self.minimum},
                field="value",
            )
        if self.maximum is not None and parsed > self.maximum:
            raise Invalid(
                "policy_value_range",
                _("%(label)s must be at most %(maximum)s.") % {"label": label, "maximum": self.maximum},
                field="value",
            )
        return str(parsed) if isinstance(parsed, Decimal) else parsed

    def load(self, stored: Any) -> Any:
        return Decimal(stored) if self.kind == "decimal" else stored


REGISTRY: dict[str, Policy] = {}


def register(policy: Policy) -> Policy:
    if policy.kind not in KINDS:
        raise ValueError(f"unknown policy kind {policy.kind}")
    existing = REGISTRY.get(policy.key)
    if existing is not None and existing != policy:
        raise ValueError(f"policy {policy.key} registered twice with different definitions")
    REGISTRY[policy.key] = policy
    return policy


def get(key: str) -> Policy:
    try:
        return REGISTRY[key]
    except KeyError:
        raise Invalid(
            "policy_unknown", _("Unknown policy setting %(key)s.") % {"key": key}, field="key"
        ) from None


@dataclass(frozen=True)
class Resolved:
    policy: Policy
    value: Any
    scope: str  # "default", or the scope string of the override that applied

    @property
    def citation(self) -> str:
        where = "national default" if self.scope == "default" else f"set for {self.scope}"
        return f"{self.policy.key} ({where}; default from {self.policy.source})"


def resolve(key: str, scopes: Sequence[str] = ()) -> Resolved:
    """The value in force for the most specific scope that sets it.

    ``scopes`` are strings like ``"agency:12"``, ``"region:330102"``, most specific first; the
    catalog app builds that chain for an agency or a region.
    """
    from sanxiang.core.models import PolicyValue  # models import this module for validation

    policy = get(key)
    if scopes:
        latest: dict[str, PolicyValue] = {}
        for row in PolicyValue.objects.filter(key=key, scope__in=list(scopes)).order_by("scope", "-id"):
            latest.setdefault(row.scope, row)
        for scope in scopes:
            found = latest.get(scope)
            if found is not None and not found.cleared:
                return Resolved(policy, policy.load(found.value), scope)
    return Resolved(policy, policy.load(policy.default), "default")


def value(key: str, scopes: Sequence[str] = ()) -> Any:
    return resolve(key, scopes).value
