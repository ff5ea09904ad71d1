from decimal import Decimal

import pytest

from sanxiang.catalog import actions
from sanxiang.core import policy
from sanxiang.core.errors import Invalid, NotAllowed
from sanxiang.core.models import PolicyValue

KEY = "accounts.lockout_failures"


def test_it_falls_back_to_the_national_default(world):
    resolved = policy.resolve(KEY, world.agency.policy_scopes())
    assert (resolved.value, resolved.scope) == (5, "default")
    assert "default" in resolved.citation


def test_the_most_specific_scope_wins_and_history_is_kept(world):
    admin = world.user("county_admin")
    actions.set_policy(actor=admin, key=KEY, target=world.county, value="7", reason="县级统一规定")
    assert policy.resolve(KEY, world.agency.policy_scopes()).scope == "region:330101"
    actions.set_policy(actor=admin, key=KEY, target=world.agency, value=4, reason="本局更严格")
    resolved = policy.resolve(KEY, world.agency.policy_scopes())
    assert (resolved.value, resolved.scope) == (4, f"agency:{world.agency.pk}")
    # The other county is untouched.
    assert policy.value(KEY, world.other_agency.policy_scopes()) == 5
    actions.set_policy(actor=admin, key=KEY, target=world.agency, value=None, reason="恢复", clear=True)
    assert policy.value(KEY, world.agency.policy_scopes()) == 7
    assert PolicyValue.objects.filter(key=KEY).count() == 3


def test_it_refuses_values_out_of_bounds_and_writes_nothing(world):
    with pytest.raises(Invalid) as exc:
        actions.set_policy(
            actor=world.user("county_admin"), key=KEY, target=world.agency, value=1, reason="x"
        )
    assert exc.value.code == "policy_value_range"
    assert exc.value.field == "value"
    with pytest.raises(Invalid):
        actions.set_policy(
            actor=world.user("county_admin"), key=KEY, target=world.agency, value="abc", reason="x"
        )
    assert not PolicyValue.objects.exists()


def test_only_an_administrator_in_scope_may_set_a_policy(world):
    for name in ["head", "supervisor", "officer"]:
        with pytest.raises(NotAllowed):
            actions.set_policy(actor=world.user(name), key=KEY, target=world.agency, value=6, reason="x")
    with pytest.raises(NotAllowed):
        actions.set_policy(
            actor=world.user("county_admin"), key=KEY, target=world.other_agency, value=6, reason="x"
        )
    assert not PolicyValue.objects.exists()


def test_decimal_policies_round_trip():
    definition = policy.Policy(key="test.decimal", label="x", default="1.50", kind="decimal", source="test")
    assert definition.parse("2.25") == "2.25"
    assert definition.load("2.25") == Decimal("2.25")
