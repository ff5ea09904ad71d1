"""Credit classes (信用修复管理办法, in force 2026-04-01, A-26): every penalty record stores its class;
under the credit-class regime (policy) a decision from 2026-04-01 is public for its class's period,
a minor breach is not published unless the policy says so. Before that date, or under the default
regime, the market-regulation periods (3 months / 3 years) still apply."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from sanxiang.core.actions import record_policy_value
from sanxiang.publication import rules
from sanxiang.publication.models import CreditClass, RecordState

APRIL = dt.datetime(2026, 4, 13, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # a Monday


def _set(world, key: str, value) -> None:
    record_policy_value(
        actor=world.user("admin"), key=key, scope=f"agency:{world.agency.pk}", value=value, reason="测试"
    )


@pytest.fixture
def credit_regime(world):
    _set(world, "publication.period_regime", "credit_classes")


def test_the_class_is_recorded_under_the_default_regime_with_its_market_regulation_period(decided):
    record = decided(fine="1000")
    assert record.credit_class == CreditClass.GENERAL
    assert record.public_until == dt.date(2026, 6, 2)  # lower-amount fine: 3 months
    record = decided(kinds=["warning"], fine="")
    assert record.credit_class == CreditClass.MINOR and record.state == RecordState.DRAFT


def test_before_the_measures_are_in_force_the_old_periods_apply(world, decided, credit_regime):
    record = decided(fine="1000")
    assert record.credit_class == CreditClass.GENERAL
    assert record.public_until == dt.date(2026, 6, 2) and "信用修复" not in record.period_rule
    assert decided(kinds=["warning"], fine="").state == RecordState.DRAFT


def test_under_the_credit_regime_each_class_has_its_period(world, decided, credit_regime):
    with time_machine.travel(APRIL, tick=False):
        general = decided(fine="1000")
        _set(world, "publication.credit_serious_kinds", "fine,licence_revocation")
        serious = decided(fine="1000")
    assert general.credit_class == CreditClass.GENERAL and general.public_until == dt.date(2027, 4, 13)
    assert general.period_rule.startswith("一般失信：12个月") and "信用修复管理办法" in general.period_rule
    assert serious.credit_class == CreditClass.SERIOUS and serious.public_until == dt.date(2029, 4, 13)
    assert serious.period_rule.startswith("严重失信：36个月")


def test_a_fine_threshold_makes_a_breach_serious_and_periods_are_policy(world, decided, credit_regime):
    _set(world, "publication.credit_serious_fine", "5000")
    _set(world, "publication.credit_general_months", "6")
    with time_machine.travel(APRIL, tick=False):
        big = decided(fine="6000")
        small = decided(fine="4000")
    assert big.credit_class == CreditClass.SERIOUS
    assert small.credit_class == CreditClass.GENERAL and small.public_until == dt.date(2026, 10, 13)


def test_a_minor_breach_is_withheld_unless_the_policy_publishes_it(world, decided, credit_regime):
    with time_machine.travel(APRIL, tick=False):
        warning = decided(kinds=["warning"], fine="")
    assert warning.credit_class == CreditClass.MINOR and warning.state == RecordState.WITHHELD
    assert warning.withheld_reason == rules.CREDIT_MINOR_CITATION
    _set(world, "publication.credit_minor_published", "true")
    with time_machine.travel(APRIL, tick=False):
        published = decided(kinds=["warning"], fine="")
    assert published.state == RecordState.DRAFT and published.public_until == dt.date(2026, 7, 13)


def test_the_item_page_shows_the_class(world, published, client):
    _set(world, "publication.credit_serious_kinds", "fine")
    record = published(fine="1000")
    page = client.get(f"/publication/item/{record.pk}/").content.decode()
    assert 'data-class="serious"' in page and "严重失信" in page
