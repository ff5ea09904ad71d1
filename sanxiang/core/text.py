"""Plain-text hygiene for names and short fields typed by people or read from Excel.

Output is always escaped by the templates; this refuses input that has no business in a name (markup,
control characters, invisible format characters) so that a stored value is never a trap for another
system that reads it through the API without escaping, nor a spoof on the public portal.

Invisible characters (security review F1, F11) are handled by where they appear:

- in a single-line field (a name, a title, a number, a reason) any format character (Unicode
  category Cf: zero-width space, soft hyphen, BOM, word joiner, bidi overrides and isolates) is
  refused with the field named: a name is compared, searched and shown, and an invisible character in
  it either spoofs what is shown (U+202E reverses it) or hides it from search and from the leak scan;
- in multi-line free text (facts, opinions, the text to publish) they are stripped silently: Word and
  web pages leave soft hyphens and zero-width spaces in pasted text, and they carry no meaning;
- noncharacters (U+FDD0–U+FDEF, U+xFFFE/U+xFFFF such as U+10FFFF) and lone surrogates are refused
  everywhere: no text contains them legitimately, and a surrogate cannot even be stored in UTF-8.

Either way nothing invisible is stored. Text is NOT NFKC-normalised here: that would turn the
full-width punctuation of Chinese text ("，") into ASCII; the detectors normalise only for reading
(``sanxiang.publication.normalise``). Private-use characters are kept: legacy systems encode rare
characters of Chinese names (生僻字) there."""

from __future__ import annotations

import re
import unicodedata

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sanxiang.core.errors import Invalid

_MARKUP = re.compile(r"[<>]|javascript:|&#", re.IGNORECASE)


def is_noncharacter(char: str) -> bool:
    """One of the 66 code points Unicode reserves as never being characters."""
    point = ord(char)
    return 0xFDD0 <= point <= 0xFDEF or (point & 0xFFFE) == 0xFFFE


def is_format(char: str) -> bool:
    """An invisible format character (category Cf)."""
    return unicodedata.category(char) == "Cf"


def _forbidden(char: str) -> bool:
    return is_noncharacter(char) or unicodedata.category(char) == "Cs"


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
    if any(_forbidden(ch) for ch in text):
        raise Invalid(
            "invalid_characters",
            _("%(label)s contains characters that are not text (noncharacters or broken surrogates).")
            % {"label": label},
            field=field,
        )
    if multiline:
        text = "".join(ch for ch in text if not is_format(ch))
    elif any(is_format(ch) for ch in text):
        raise Invalid(
            "invisible_characters",
            _(
                "%(label)s may not contain invisible format characters (zero-width spaces, soft hyphens, "
                "byte-order marks or text-direction controls); please retype it."
            )
            % {"label": label},
            field=field,
        )
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
