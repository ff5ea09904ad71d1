"""Plain-text hygiene for names and short fields typed by people or read from Excel.

Output is always escaped by the templates; this refuses input that has no business in a name (markup,
control characters) so that a stored value is never a trap for another system that reads it through
the API without escaping."""

from __future__ import annotations

import re
import unicodedata

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sanxiang.core.errors import Invalid

_MARKUP = re.compile(r"[<>]|javascript:|&#", re.IGNORECASE)


def clean_text(
    value: object,
    *,
    field: str,
    label: str | Promise,
    max_length: int,
    required: bool = True,
    multiline: bool = False,
) -> str:
    text = "" if value is None else str(value)
    text = unicodedata.normalize("NFC", text).strip()
    if not text:
        if required:
            raise Invalid("required", _("%(label)s is required.") % {"label": label}, field=field)
        return ""
    if len(text) > max_length:
        raise Invalid(
            "too_long",
            _("%(label)s may have at most %(max)d characters (it has %(n)d).")
            % {"label": label, "max": max_length, "n": len(text)},
            field=field,
        )
    allowed_controls = {"\n", "\r", "\t"} if multiline else set()
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed_controls for ch in text):
        raise Invalid(
            "control_characters", _("%(label)s contains control characters.") % {"label": label}, field=field
        )
    if _MARKUP.search(text):
        raise Invalid(
            "markup_not_allowed",
            _("%(label)s may not contain markup such as < > or scripts.") % {"label": label},
            field=field,
        )
    return text
