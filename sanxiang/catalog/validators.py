"""Identifier validators for the catalog.

Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from the alphabet
0-9 A-H J-N P-R T U W X Y, the 18th a mod-31 check character. python-stdnum's ``cn.uscc`` requires
the first eight to be digits and so rejects valid codes whose registration-authority character is a
letter (N agriculture, Y other, A…; see shared/DEPENDENCIES.md §3c), so the check is done here.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

from sanxiang.core.errors import Invalid

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# Position 1: registration authority (1-9, A-H, J-N, P-R, T, U, W, X, Y per GB 32100 and later
# additions); position 2: organisation type, digit or letter.
_USCC_SHAPE = re.compile(r"^[1-9A-HJ-NP-RTUWXY][0-9A-HJ-NP-RTUWXY]\d{6}[0-9A-HJ-NP-RTUWXY]{10}$")


def uscc_check_character(first17: str) -> str:
    total = sum(USCC_ALPHABET.index(ch) * weight for ch, weight in zip(first17, _WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def clean_uscc(value: object, *, field: str = "credit_code") -> str:
    code = re.sub(r"[\s-]", "", str(value or "")).upper()
    if not code:
        raise Invalid("required", _("The unified social credit code is required."), field=field)
    if len(code) != 18:
        raise Invalid(
            "uscc_length",
            _("The unified social credit code must have 18 characters (it has %(n)d).") % {"n": len(code)},
            field=field,
        )
    if not _USCC_SHAPE.match(code):
        raise Invalid(
            "uscc_format",
            _(
                "The unified social credit code may only use digits and the letters of GB 32100 "
                "(no I, O, S, V or Z), and characters 3 to 8 must be the region code."
            ),
            field=field,
        )
    if uscc_check_character(code[:17]) != code[17]:
        raise Invalid(
            "uscc_checksum",
            _("The check character of the unified social credit code is wrong (GB 32100-2015)."),
            field=field,
        )
    return code


_CERT_NUMBER = re.compile(r"^[0-9A-Za-z\-]{4,40}$")


def clean_certificate_number(value: object, *, field: str = "number") -> str:
    number = str(value or "").strip().upper()
    if not number:
        raise Invalid("required", _("The certificate number is required."), field=field)
    if not _CERT_NUMBER.match(number):
        raise Invalid(
            "certificate_number_format",
            _("A certificate number has 4 to 40 letters, digits or hyphens."),
            field=field,
        )
    return number


_REGION_CODE = re.compile(r"^(\d{6}|\d{9}|\d{12})$")


def clean_region_code(value: object, *, field: str = "code") -> str:
    code = str(value or "").strip()
    if not _REGION_CODE.match(code):
        raise Invalid(
            "region_code_format",
            _("A division code has 6 digits (GB/T 2260), or 9 or 12 for townships."),
            field=field,
        )
    return code
