"""The lockouts of finding 4: a guesser mostly locks themselves out. Failures lock the account for
the address they came from; one address that keeps failing is blocked whatever the user names; the
whole account locks only at a much higher count, from many addresses (docs/adr/0018)."""

from __future__ import annotations

import datetime as dt

import time_machine

from sanxiang.accounts.models import LoginAttempt, SignInCounter
from sanxiang.catalog import actions as catalog_actions

START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
ATTACKER, OWNER = "198.51.100.7", "192.0.2.10"


def _login(client, username, password, ip):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


@time_machine.travel(START, tick=False)
def test_a_guesser_elsewhere_does_not_lock_the_owner_out(client, world, password):
    for _ in range(5):
        assert _login(client, "admin", "wrong", ATTACKER).status_code == 400
    refused = _login(client, "admin", password, ATTACKER)
    assert refused.status_code == 403
    assert "锁定" in refused.content.decode()
    # The owner, from their own address, signs in as usual.
    assert _login(client, "admin", password, OWNER).status_code == 302
    assert LoginAttempt.objects.filter(username="admin", ip=OWNER, outcome="ok").count() == 1


@time_machine.travel(START, tick=False)
def test_one_address_failing_on_many_accounts_is_blocked_for_all(client, world, password):
    names = ["officer", "head", "reviewer", "publisher", "supervisor"]
    for name in names:  # 4 × 5 = 20 failures, none of them enough to lock an account
        for _ in range(4):
            assert _login(client, name, "wrong", ATTACKER).status_code == 400
    refused = _login(client, "other_head", password, ATTACKER)
    assert refused.status_code == 403
    body = refused.content.decode()
    assert "网络地址" in body and "accounts.client_failures" in body
    assert not client.session.get("_auth_user_id")
    assert LoginAttempt.objects.filter(username="other_head").get().outcome == "address_blocked"
    # Another address is not blocked, and the block runs out with the lockout period.
    assert _login(client, "other_head", password, OWNER).status_code == 302
    client.post("/accounts/logout/")
    with time_machine.travel(START + dt.timedelta(minutes=16), tick=False):
        assert _login(client, "other_head", password, ATTACKER).status_code == 302


@time_machine.travel(START, tick=False)
def test_many_addresses_together_lock_the_account_everywhere(client, world, password):
    catalog_actions.set_policy(
        actor=world.user("county_admin"),
        key="accounts.account_lockout_failures",
        target=world.agency,
        value=8,
        reason="本局规定",
    )
    for n in range(8):
        assert _login(client, "head", "wrong", f"203.0.113.{n}").status_code == 400
    refused = _login(client, "head", password, OWNER)
    assert refused.status_code == 403
    assert "accounts.account_lockout_failures" in refused.content.decode()


@time_machine.travel(START, tick=False)
def test_an_unknown_user_name_is_counted_and_answered_like_a_real_one(client, world):
    answers = {}
    for name in ("head", "nobody"):
        statuses = [_login(client, name, "wrong", ATTACKER).status_code for _ in range(6)]
        body = _login(client, name, "wrong", ATTACKER).content.decode()
        answers[name] = (statuses, "锁定" in body)
    assert answers["head"] == answers["nobody"] == ([400] * 5 + [403], True)
    rows = SignInCounter.objects.filter(kind="pair", ip=ATTACKER)
    assert {r.username: r.failures for r in rows} == {"head": 5, "nobody": 5}


@time_machine.travel(START, tick=False)
def test_case_and_width_variants_of_a_name_share_its_counter(client, world, password):
    for name in ("head", "HEAD", "Ｈｅａｄ", " head", "hEad"):
        _login(client, name, "wrong", ATTACKER)
    assert _login(client, "head", password, ATTACKER).status_code == 403


@time_machine.travel(START, tick=False)
def test_an_unlock_lifts_the_lock_from_every_address(client, client_as, world, password):
    head = world.user("head")
    for ip in (ATTACKER, OWNER):
        for _ in range(5):
            _login(client, "head", "wrong", ip)
    admin = client_as("county_admin")
    page = admin.get(f"/accounts/users/{head.pk}/").content.decode()
    assert 'data-testid="unlock-form"' in page
    assert admin.post(f"/accounts/users/{head.pk}/unlock/", {"reason": "本人电话确认"}).status_code == 302
    admin.logout()
    assert _login(client, "head", password, OWNER).status_code == 302


def test_an_empty_form_is_refused_by_field_and_counts_nothing(client, world):
    response = client.post("/accounts/login/", {"username": "", "password": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "用户名为必填项" in body and "密码为必填项" in body
    assert not SignInCounter.objects.exists() and not LoginAttempt.objects.exists()
