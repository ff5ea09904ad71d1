"""Declarative cleaning of submitted data, shared by pages, the API and Excel imports.

An action lists its fields as ``Spec``s; ``clean`` returns the cleaned dict or raises one
``Invalid`` that carries an error for *every* bad field (not just the first), each naming the field
and the rule, so a person can fix a form or a spreadsheet row in one go.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sanxiang.core.errors import FieldError, Invalid
from sanxiang.core.text import clean_text

CENT = Decimal("0.01")
# The largest amount any amount column holds: every money field in the database is
# DecimalField(max_digits=14, decimal_places=2). Not a statutory limit (fines are bounded by the
# legal basis and the discretion benchmark); it only keeps a typo such as 1e30 from reaching the
# database or the decimal context.
MAX_AMOUNT = Decimal("999999999999.99")
MAX_AMOUNT_SHOWN = "999,999,999,999.99"


@dataclass(frozen=True)
class Spec:
    name: str
    label: str | Promise
    kind: str = "text"  # text, multiline, date, decimal, bool, choice, custom
    max_length: int = 200
    required: bool = True
    choices: Mapping[str, Any] | None = None  # accepted input (value or label) -> stored value
    parser: Callable[[Any], Any] | None = None  # for kind="custom": raises Invalid

    def clean(self, raw: Any) -> Any:
        if self.kind in {"text", "multiline"}:
            return clean_text(
                raw,
                field=self.name,
                label=self.label,
                max_length=self.max_length,
                required=self.required,
                multiline=self.kind == "multiline",
            )
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if self.required:
                raise Invalid(
                    "required", _("%(label)s is required.") % {"label": self.label}, field=self.name
                )
            return False if self.kind == "bool" else None
        if self.kind == "date":
            return parse_date(raw, field=self.name, label=self.label)
        if self.kind == "decimal":
            try:
                number = Decimal(str(raw).replace(",", "").strip())
            except InvalidOperation:
                number = Decimal("NaN")
            if not number.is_finite() or number < 0:
                raise Invalid(
                    "decimal_format",
                    _("%(label)s must be a non-negative amount, e.g. 5000 or 5000.00.")
                    % {"label": self.label},
                    field=self.name,
                )
            # Checked before quantize: a value with 26+ integer digits overflows the decimal
            # context's precision there (InvalidOperation, a 500 — security review F7).
            if number > MAX_AMOUNT:
                raise Invalid(
                    "decimal_too_large",
                    _("%(label)s may be at most %(max)s yuan.")
                    % {"label": self.label, "max": MAX_AMOUNT_SHOWN},
                    field=self.name,
                )
            return number.quantize(CENT)
        if self.kind == "bool":
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in {"1", "true", "yes", "是", "y", "on"}:
                return True
            if text in {"0", "false", "no", "否", "n", "off"}:
                return False
            raise Invalid(
                "bool_format", _("%(label)s must be 是 or 否.") % {"label": self.label}, field=self.name
            )
        if self.kind == "choice":
            assert self.choices is not None
            key = str(raw).strip()
            if key in self.choices:
                return self.choices[key]
            allowed = "、".join(
                sorted({str(k) for k in self.choices if not str(k).isascii()} or set(self.choices))
            )
            raise Invalid(
                "choice_invalid",
                _("%(label)s must be one of: %(allowed)s.") % {"label": self.label, "allowed": allowed},
                field=self.name,
            )
        if self.kind == "custom":
            assert self.parser is not None
            return self.parser(raw)
        raise ValueError(self.kind)


def choices_from(text_choices: Any) -> dict[str, Any]:
    """Accept either the stored value or its (translated) label, as typed in a form or a sheet."""
    mapping: dict[str, Any] = {}
    for member in text_choices:
        mapping[member.value] = member.value
        mapping[str(member.label)] = member.value
    return mapping


def parse_date(raw: Any, *, field: str, label: str | Promise) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = str(raw).strip().replace("/", "-").replace(".", "-")
    for suffix in ("日",):
        text = text.replace(suffix, "")
    text = text.replace("年", "-").replace("月", "-")
    try:
        return dt.date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
    except ValueError:
        raise Invalid(
            "date_format", _("%(label)s must be a date like 2026-09-30.") % {"label": label}, field=field
        ) from None


def clean(data: Mapping[str, Any], specs: Iterable[Spec], *, partial: bool = False) -> dict[str, Any]:
    """Clean every spec'd field; with ``partial`` only those present in ``data``."""
    cleaned: dict[str, Any] = {}
    errors: list[FieldError] = []
    for spec in specs:
        if partial and spec.name not in data:
            continue
        try:
            cleaned[spec.name] = spec.clean(data.get(spec.name))
        except Invalid as exc:
            errors.extend(exc.errors)
    if errors:
        raise Invalid.many(errors)
    return cleaned
