"""Signing in with an authenticator app: the code after the password, the enrolment a role may be
required to complete before anything else, and an administrator's reset (logged, without secrets)."""

from __future__ import annotations

import datetime as dt
import json
import re

import time_machine

from sanxiang.accounts import actions, totp
from sanxiang.accounts.models import LoginAttempt, SecondFactor
from sanxiang.catalog import actions as catalog_actions
from sanxiang.recordlog.models import Entry

NOW = dt.datetime(2026, 11, 2, 9, 0, 10, tzinfo=dt.UTC)


def _login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def _enrol(user, at=NOW):
    secret = totp.new_secret()
    actions.confirm_enrolment(user=user, secret=secret, code=totp.code_at(secret, at.timestamp()))
    return secret


def _shown_secret(page):
    """The key as the enrolment page shows it (what the user types into the app)."""
    return re.search(r'data-testid="second-factor-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")


def _code(secret, at):
    return totp.code_at(secret, at.timestamp())


def test_with_an_app_the_password_alone_does_not_sign_in(client, world, password):
    with time_machine.travel(NOW, tick=False) as traveller:
        secret = _enrol(world.user("head"))
        response = _login(client, "head", password)
        assert response.status_code == 302 and response["Location"] == "/accounts/login/code/"
        assert not client.session.get("_auth_user_id")
        assert client.get("/accounts/").status_code == 302  # the workbench is not reachable yet
        page = client.get("/accounts/login/code/").content.decode()
        assert "验证码" in page
        traveller.shift(dt.timedelta(seconds=30))
        wrong = client.post("/accounts/login/code/", {"code": "12345"})
        assert wrong.status_code == 400 and "验证码错误或已过期" in wrong.content.decode()
        right = client.post("/accounts/login/code/", {"code": _code(secret, NOW + dt.timedelta(seconds=30))})
        assert right.status_code == 302 and right["Location"] == "/accounts/"
        assert client.session.get("_auth_user_id") == str(world.user("head").pk)
    outcomes = list(LoginAttempt.objects.order_by("id").values_list("outcome", flat=True))
    assert outcomes == ["password_ok", "bad_code", "ok"]


def test_a_used_code_cannot_sign_in_again(client, world, password):
    with time_machine.travel(NOW, tick=False) as traveller:
        secret = _enrol(world.user("head"))
        traveller.shift(dt.timedelta(seconds=30))
        code = _code(secret, NOW + dt.timedelta(seconds=30))
        _login(client, "head", password)
        assert client.post("/accounts/login/code/", {"code": code}).status_code == 302
        client.post("/accounts/logout/")
        _login(client, "head", password)
        replay = client.post("/accounts/login/code/", {"code": code})
        assert replay.status_code == 400
        assert "已使用过" in replay.content.decode()
        assert not client.session.get("_auth_user_id")


def test_wrong_codes_count_towards_the_lockout(client, world, password):
    with time_machine.travel(NOW, tick=False):
        secret = _enrol(world.user("head"))
        _login(client, "head", password)
        for _ in range(5):
            client.post("/accounts/login/code/", {"code": "99999x"})
        locked = client.post("/accounts/login/code/", {"code": _code(secret, NOW + dt.timedelta(seconds=30))})
        assert locked.status_code == 403 and "锁定" in locked.content.decode()


def _restarts(response):
    return response.status_code == 200 and 'data-testid="sign-in-restart"' in response.content.decode()


def test_the_code_page_needs_a_fresh_password(client, world, password):
    assert _restarts(client.get("/accounts/login/code/"))
    assert _restarts(client.post("/accounts/login/enrol/", {"code": "123456"}))
    with time_machine.travel(NOW, tick=False) as traveller:
        secret = _enrol(world.user("head"))
        _login(client, "head", password)
        traveller.shift(dt.timedelta(minutes=11))
        expired = client.post(
            "/accounts/login/code/", {"code": _code(secret, NOW + dt.timedelta(minutes=11))}
        )
        assert _restarts(expired)
        assert not client.session.get("_auth_user_id")


def test_a_role_that_must_use_an_app_enrols_before_anything_else(client, world, password):
    catalog_actions.set_policy(
        actor=world.user("county_admin"),
        key="accounts.second_factor_required",
        target=world.agency,
        value="admin_head",
        reason="本局规定",
    )
    with time_machine.travel(NOW, tick=False):
        response = _login(client, "head", password)
        assert response["Location"] == "/accounts/login/enrol/"
        assert client.get("/accounts/").status_code == 302
        assert client.get("/cases/").status_code == 302
        page = client.get("/accounts/login/enrol/").content.decode()
        assert "必须使用身份验证器应用" in page and "<svg" in page
        secret = _shown_secret(page)
        assert _shown_secret(client.get("/accounts/login/enrol/").content.decode()) == secret  # reload
        assert not SecondFactor.objects.exists()  # nothing stored before the code confirms it
        done = client.post("/accounts/login/enrol/", {"code": _code(secret, NOW)})
        assert done.status_code == 302 and done["Location"] == "/accounts/"
        assert client.session.get("_auth_user_id") == str(world.user("head").pk)
    # An officer of the same agency is not required to.
    client.post("/accounts/logout/")
    assert _login(client, "officer", password)["Location"] == "/accounts/"


def test_an_administrator_resets_a_lost_app_and_the_log_says_so_without_the_secret(
    client, client_as, world, password
):
    head = world.user("head")
    with time_machine.travel(NOW, tick=False):
        secret = _enrol(head)
    admin = client_as("county_admin")
    page = admin.get(f"/accounts/users/{head.pk}/").content.decode()
    assert 'data-testid="second-factor-form"' in page
    refused = admin.post(f"/accounts/users/{head.pk}/second-factor/", {"reason": ""})
    assert refused.status_code == 400 and 'data-field="reason"' in refused.content.decode()
    done = admin.post(f"/accounts/users/{head.pk}/second-factor/", {"reason": "手机遗失，本人到场核实"})
    assert done.status_code == 302
    assert not SecondFactor.objects.filter(user=head).exists()
    entry = Entry.objects.get(kind="account.second_factor_reset")
    assert entry.actor_id == world.user("county_admin").pk
    payload = json.loads(bytes(entry.canonical))["payload"]
    assert payload == {"username": "head", "reason": "手机遗失，本人到场核实"}
    recorded = b"".join(bytes(e.canonical) for e in Entry.objects.all())
    assert secret.encode() not in recorded
    again = admin.post(f"/accounts/users/{head.pk}/second-factor/", {"reason": "再试"})
    assert again.status_code == 409
    admin.logout()
    assert _login(client, "head", password)["Location"] == "/accounts/"  # password alone again


def test_a_user_enrols_from_the_workbench(client_as, world):
    client = client_as("officer")
    with time_machine.travel(NOW, tick=False):
        page = client.get("/accounts/second-factor/").content.decode()
        secret = _shown_secret(page)
        empty = client.post("/accounts/second-factor/", {"code": ""})
        assert empty.status_code == 400 and "验证码为必填项" in empty.content.decode()
        assert client.post("/accounts/second-factor/", {"code": _code(secret, NOW)}).status_code == 302
        assert "已于" in client.get("/accounts/second-factor/").content.decode()
