"""Resident identity card number (公民身份号码, GB 11643-1999): 17 digits and a check character
computed by ISO 7064 MOD 11-2 (``X`` stands for 10). Digits 7-14 are the date of birth, which must
exist and not lie in the future."""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext_lazy as _

from sanxiang.core import clock
from sanxiang.core.errors import Invalid

_RIC_SHAPE = re.compile(r"^[1-9]\d{16}[\dX]$")
_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))  # 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2


def ric_check_character(first17: str) -> str:
    total = sum(int(ch) * weight for ch, weight in zip(first17, _WEIGHTS, strict=True))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def clean_ric(value: object, *, field: str = "id_number") -> str:
    number = re.sub(r"\s", "", str(value or "")).upper()
    if not number:
        raise Invalid("required", _("The identity card number is required."), field=field)
    if len(number) != 18:
        raise Invalid(
            "ric_length",
            _("An identity card number has 18 characters (this one has %(n)d).") % {"n": len(number)},
            field=field,
        )
    if not _RIC_SHAPE.match(number):
        raise Invalid(
            "ric_format",
            _("An identity card number is 17 digits followed by a digit or X."),
            field=field,
        )
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        born = None
    if born is None or born > clock.today() or born.year < 1880:
        raise Invalid(
            "ric_birth_date",
            _("The date of birth in the identity card number is not a possible date."),
            field=field,
        )
    if ric_check_character(number[:17]) != number[17]:
        raise Invalid(
            "ric_checksum",
            _("The check character of the identity card number is wrong (GB 11643-1999)."),
            field=field,
        )
    return number
