import datetime as dt

import time_machine

from sanxiang.accounts.models import LoginAttempt
from sanxiang.catalog import actions as catalog_actions

START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)


def _login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_it_signs_in_records_the_login_and_lands_on_the_workbench(client, world, password):
    response = _login(client, "head", password)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/"
    attempt = LoginAttempt.objects.get()
    assert (attempt.username, attempt.succeeded, attempt.outcome, attempt.user) == (
        "head",
        True,
        "ok",
        world.user("head"),
    )
    workbench = client.get("/accounts/")
    assert "东湖县市场监督管理局" in workbench.content.decode()
    assert "西山县市场监督管理局" not in workbench.content.decode()


def test_a_wrong_password_is_refused_in_chinese_and_recorded(client, world):
    response = _login(client, "head", "wrong")
    assert response.status_code == 400
    assert "用户名或密码错误" in response.content.decode()
    assert 'value="head"' in response.content.decode()  # what the user typed is kept
    assert LoginAttempt.objects.filter(succeeded=False, outcome="bad_password").count() == 1


def test_five_failures_in_a_row_lock_the_account_for_fifteen_minutes(client, world, password):
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(5):
            assert _login(client, "head", "wrong").status_code == 400
        locked = _login(client, "head", password)
        assert locked.status_code == 403
        body = locked.content.decode()
        assert "锁定" in body
        assert "accounts.lockout_failures" in body  # the refusal names the rule
        assert not client.session.get("_auth_user_id")
        traveller.shift(dt.timedelta(minutes=14))
        assert _login(client, "head", password).status_code == 403
        traveller.shift(dt.timedelta(minutes=2))
        assert _login(client, "head", password).status_code == 302
    outcomes = list(LoginAttempt.objects.order_by("id").values_list("outcome", flat=True))
    assert outcomes == ["bad_password"] * 5 + ["locked", "locked", "ok"]


def test_a_success_resets_the_count(client, world, password):
    for _ in range(4):
        _login(client, "head", "wrong")
    assert _login(client, "head", password).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(4):
        _login(client, "head", "wrong")
    assert _login(client, "head", password).status_code == 302


def test_the_lockout_threshold_is_a_policy_setting(client, world, password):
    catalog_actions.set_policy(
        actor=world.user("county_admin"),
        key="accounts.lockout_failures",
        target=world.agency,
        value=3,
        reason="本局规定",
    )
    for _ in range(3):
        _login(client, "head", "wrong")
    assert _login(client, "head", password).status_code == 403
    # A user of another agency keeps the national default of five.
    for _ in range(3):
        _login(client, "other_head", "wrong")
    assert _login(client, "other_head", password).status_code == 302


def test_unknown_users_get_the_same_answer_as_wrong_passwords(client, world):
    response = _login(client, "nobody", "whatever")
    assert response.status_code == 400
    assert "用户名或密码错误" in response.content.decode()


def test_logout_needs_post_and_ends_the_session(client_as):
    client = client_as("head")
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/accounts/").status_code == 302


def test_an_open_redirect_after_login_is_refused(client, world, password):
    response = client.post(
        "/accounts/login/", {"username": "head", "password": password, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/accounts/"
