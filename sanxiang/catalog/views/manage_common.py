"""Shared plumbing of the staff maintenance pages: form fields built from the actions' ``Spec``s,
per-field error messages from a ``DomainError``, and scoped look-ups of list entries.

A page never validates on its own: it passes what the user typed to the action and, on a
``DomainError``, shows the same values again with the action's messages next to the fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sanxiang.core.cleaning import Spec
from sanxiang.core.errors import DomainError

REASON_LABEL = _("Reason for the change")


@dataclass
class FormField:
    name: str
    label: str | Promise
    kind: str = "text"  # text, textarea, date, select, multiselect, checkbox
    value: Any = ""
    errors: list[str] = field(default_factory=list)
    choices: Sequence[tuple[str, str | Promise]] = ()
    required: bool = False
    help: str | Promise = ""

    @property
    def id(self) -> str:
        return f"id_{self.name}"

    @property
    def values(self) -> list[str]:
        """For multiselect: the selected values as strings."""
        if isinstance(self.value, list | tuple):
            return [str(v) for v in self.value]
        return [str(self.value)] if self.value not in ("", None) else []


def field_errors(error: DomainError | None) -> dict[str, list[str]]:
    """Messages per form field name. Errors without a field stay in the error box only."""
    result: dict[str, list[str]] = {}
    if error is None:
        return result
    for item in error.errors:
        if item.field:
            result.setdefault(item.field, []).append(str(item.message))
    return result


def display_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return value


def initial_values(instance: models.Model | None, names: Iterable[str]) -> dict[str, Any]:
    if instance is None:
        return {}
    return {name: display_value(getattr(instance, name)) for name in names}


def spec_fields(
    specs: Sequence[Spec],
    values: Mapping[str, Any],
    errors: Mapping[str, list[str]],
    *,
    choices: Mapping[str, type[models.TextChoices]] | None = None,
    prefix: str = "",
    error_prefix: str = "",
) -> list[FormField]:
    """One form field per ``Spec`` of an action, labelled as the action labels it (so the
    message next to a field and the field's label say the same thing)."""
    choices = choices or {}
    fields = []
    for spec in specs:
        kind = {"multiline": "textarea", "date": "date", "bool": "checkbox", "choice": "select"}.get(
            spec.kind, "text"
        )
        options: Sequence[tuple[str, str | Promise]] = ()
        if spec.name in choices:
            options = list(choices[spec.name].choices)
        help_text: str | Promise = ""
        if kind in {"text", "textarea"} and spec.kind != "custom":
            help_text = _("At most %(n)d characters.") % {"n": spec.max_length}
        fields.append(
            FormField(
                name=f"{prefix}{spec.name}",
                label=spec.label,
                kind=kind,
                value=values.get(spec.name, ""),
                errors=errors.get(f"{error_prefix}{spec.name}", []),
                choices=options,
                required=spec.required and spec.kind != "bool",
                help=help_text,
            )
        )
    return fields


def reason_field(request: HttpRequest, errors: Mapping[str, list[str]]) -> FormField:
    value = request.POST.get("reason", "") if request.method == "POST" else ""
    return FormField(
        name="reason",
        label=REASON_LABEL,
        value=value,
        errors=errors.get("reason", []),
        required=True,
        help=_("Every change says why; the reason is kept with the change."),
    )


def posted(request: HttpRequest, specs: Sequence[Spec], *, prefix: str = "") -> dict[str, Any]:
    """What the user typed, unchanged, for the fields of ``specs``. An unchecked box is absent from
    the POST and means "no"."""
    data: dict[str, Any] = {}
    for spec in specs:
        name = f"{prefix}{spec.name}"
        if spec.kind == "bool":
            data[spec.name] = name in request.POST
        else:
            data[spec.name] = request.POST.get(name, "")
    return data


def require(allowed: bool) -> None:
    """A page the user may see but whose change they may not make: 403, before showing a form."""
    if not allowed:
        raise PermissionDenied


def respond(
    request: HttpRequest, template: str, context: dict[str, Any], error: DomainError | None = None
) -> HttpResponse:
    context["error"] = error
    return render(request, template, context, status=error.status if error else 200)
