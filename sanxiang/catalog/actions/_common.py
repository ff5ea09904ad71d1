from __future__ import annotations

import base64
import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

from sanxiang.catalog.enums import ChangeKind
from sanxiang.catalog.models import Agency, CatalogChange
from sanxiang.core import clock
from sanxiang.core.errors import NotAllowed
from sanxiang.core.text import clean_text
from sanxiang.recordlog import actions as recordlog

# Integers beyond this are not exact in JavaScript and many JSON parsers; the log refuses them.
_SAFE_INTEGER = 2**53 - 1


def require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed("not_allowed", _("You are not allowed to change this record."))


def clean_reason(reason: object) -> str:
    """Every change to a published list says why (动态调整 must be explained)."""
    return clean_text(reason, field="reason", label=_("Reason for the change"), max_length=500)


def save_with_history(instance: models.Model, *, actor: Any, reason: str) -> None:
    """Save and let simple-history snapshot the row with who and why."""
    instance._change_reason = reason  # type: ignore[attr-defined]  # read by simple-history
    instance._history_user = actor if getattr(actor, "pk", None) else None  # type: ignore[attr-defined]
    instance.save()


def plain(value: Any) -> Any:
    """``value`` as a canonical-JSON value the record log accepts: dates and datetimes as ISO-8601
    (aware datetimes in UTC with ``Z``, the log's own spelling), decimals, floats, UUIDs and huge
    integers as strings, files as their stored name, bytes as base64; lists and mappings recursively."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return value if abs(value) <= _SAFE_INTEGER else str(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.isoformat()
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | float | uuid.UUID | dt.timedelta):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [plain(item) for item in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if isinstance(value, models.Model):
        return plain(value.pk)
    return str(value)


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The row's own columns after the change, as plain values (foreign keys as their id under the
    field name). Many-to-many links and child rows are not included: they may still change later in
    the same action, and each child that matters is recorded by its own act."""
    return {field.name: plain(field.value_from_object(instance)) for field in instance._meta.concrete_fields}


def log_actor(actor: Any) -> Any:
    """Who the record log names: a person; an API token by its name ``token:<prefix>`` (no person
    stands behind it); or nothing for the system (data loaders, jobs)."""
    if getattr(actor, "pk", None):
        return actor
    return token_label(actor) or None


def token_label(actor: Any) -> str:
    """``token:<prefix>`` for an API token acting for its agency (no person stands behind it; the
    API's principal has no primary key and is named by its ``username``), else empty."""
    if actor is None or getattr(actor, "pk", None) is not None:
        return ""
    name = getattr(actor, "username", "")
    return name if isinstance(name, str) and name.startswith("token:") else ""


def record_change(
    *,
    agency: Agency | None,
    subject: models.Model,
    kind: ChangeKind,
    summary: str,
    reason: str,
    actor: Any,
    public: bool = True,
    log_kind: str | None = None,
    log_extra: dict[str, Any] | None = None,
) -> CatalogChange:
    """The change-log line for the portal and, in the same transaction, the record log entry
    ``catalog.<model>.<kind>`` (or ``log_kind``) with a snapshot of the row after the change."""
    now = clock.now()
    change = CatalogChange.objects.create(
        agency=agency,
        subject_type=subject._meta.model_name or "",
        subject_id=subject.pk,
        subject_label=str(subject)[:300],
        kind=kind,
        summary=summary[:500],
        reason=reason,
        actor=actor if getattr(actor, "pk", None) else None,
        occurred_at=now,
        public=public,
    )
    payload: dict[str, Any] = {
        "change_id": change.pk,
        "summary": str(summary),
        "reason": str(reason),
        "public": bool(public),
        "snapshot": snapshot(subject),
        **plain(log_extra or {}),
    }
    token = token_label(actor)
    if token:
        payload["via"] = token
    recordlog.append(
        kind=log_kind or f"catalog.{subject._meta.model_name}.{ChangeKind(kind).value}",
        subject=subject,
        actor=log_actor(actor),
        payload=payload,
        occurred_at=now,
        agency_id=agency.pk if agency is not None else None,
    )
    return change


def changed_fields(instance: models.Model, cleaned: dict[str, Any]) -> list[str]:
    changed = []
    for name, value in cleaned.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def labels(model: type[models.Model], names: list[str]) -> str:
    return "、".join(str(getattr(model._meta.get_field(name), "verbose_name", name)) for name in names)
