"""Pure rules: the late-payment surcharge, penalty comparison and the identity card number."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sanxiang.cases.penalties import Penalty, late_surcharge
from sanxiang.cases.validators import clean_ric
from sanxiang.core.errors import Invalid

DUE = dt.date(2026, 3, 17)


def test_surcharge_is_3_percent_of_the_fine_per_day_never_compounding():
    assert late_surcharge(Decimal("1000"), DUE, DUE) == Decimal("0.00")
    assert late_surcharge(Decimal("1000"), DUE, DUE + dt.timedelta(days=1)) == Decimal("30.00")
    assert late_surcharge(Decimal("1000"), DUE, DUE + dt.timedelta(days=10)) == Decimal("300.00")


def test_surcharge_is_capped_at_the_fine():
    assert late_surcharge(Decimal("1000"), DUE, DUE + dt.timedelta(days=34)) == Decimal("1000.00")
    assert late_surcharge(Decimal("1000"), DUE, DUE + dt.timedelta(days=400)) == Decimal("1000.00")


def test_surcharge_pauses_during_review_or_litigation():
    paused = [(DUE + dt.timedelta(days=3), DUE + dt.timedelta(days=7))]
    assert late_surcharge(Decimal("1000"), DUE, DUE + dt.timedelta(days=10), paused) == Decimal("150.00")


def test_penalty_comparison():
    notified = Penalty(("warning", "fine"), Decimal("5000"))
    assert not Penalty(("fine",), Decimal("5000")).is_heavier_than(notified)
    assert Penalty(("warning", "fine"), Decimal("5000.01")).is_heavier_than(notified)
    assert Penalty(("fine", "suspension"), Decimal("100")).is_heavier_than(notified)


@pytest.mark.parametrize("number", ["11010519491231002X", "440524188001010014", " 11010519491231002x "])
def test_valid_identity_card_numbers(number):
    assert clean_ric(number) == number.strip().upper()


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("", "required"),
        ("1101051949123100", "ric_length"),
        ("A1010519491231002X", "ric_format"),
        ("110105194902300021", "ric_birth_date"),
        ("110105209912310021", "ric_birth_date"),
        ("110105194912310021", "ric_checksum"),
    ],
)
def test_invalid_identity_card_numbers(number, code):
    with pytest.raises(Invalid) as caught:
        clean_ric(number)
    assert caught.value.code == code
