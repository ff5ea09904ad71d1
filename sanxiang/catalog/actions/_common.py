from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanxiang.catalog.enums import ChangeKind
from sanxiang.catalog.models import Agency, CatalogChange
from sanxiang.core import clock
from sanxiang.core.errors import NotAllowed
from sanxiang.core.text import clean_text


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


def record_change(
    *,
    agency: Agency | None,
    subject: models.Model,
    kind: ChangeKind,
    summary: str,
    reason: str,
    actor: Any,
    public: bool = True,
) -> CatalogChange:
    return CatalogChange.objects.create(
        agency=agency,
        subject_type=subject._meta.model_name or "",
        subject_id=subject.pk,
        subject_label=str(subject)[:300],
        kind=kind,
        summary=summary[:500],
        reason=reason,
        actor=actor if getattr(actor, "pk", None) else None,
        occurred_at=clock.now(),
        public=public,
    )


def changed_fields(instance: models.Model, cleaned: dict[str, Any]) -> list[str]:
    changed = []
    for name, value in cleaned.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def labels(model: type[models.Model], names: list[str]) -> str:
    return "、".join(str(getattr(model._meta.get_field(name), "verbose_name", name)) for name in names)
