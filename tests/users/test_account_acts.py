"""Deactivate and reactivate an account, reset a password, lift a lockout: each through its
action, each refused outside the administrator's scope."""

import datetime as dt

import time_machine

from sanxiang.accounts.models import AccountUnlock, LoginAttempt

START = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
NEW_PASSWORD = "Neu-passwort-2026"


def _login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_a_deactivated_user_cannot_sign_in_and_their_session_ends(world, client, client_as, password):
    head = world.user("head")
    admin = client_as("county_admin")
    response = admin.post(f"/accounts/users/{head.pk}/active/", {"active": "0"})
    assert response.status_code == 302
    assert "账号已停用，该用户不能再登录" in admin.get(response["Location"]).content.decode()
    head.refresh_from_db()
    assert not head.is_active
    client.logout()
    assert _login(client, "head", password).status_code == 400
    assert LoginAttempt.objects.filter(username="head").latest("id").outcome == "inactive"
    # An already open session of the deactivated user ends as well.
    client.force_login(head, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/accounts/").status_code == 302


def test_a_reactivated_user_signs_in_again(world, client, client_as, password):
    head = world.user("head")
    admin = client_as("county_admin")
    admin.post(f"/accounts/users/{head.pk}/active/", {"active": "0"})
    assert admin.post(f"/accounts/users/{head.pk}/active/", {"active": "1"}).status_code == 302
    admin.logout()
    assert _login(client, "head", password).status_code == 302


def test_an_administrator_cannot_deactivate_themselves(world, client_as):
    me = world.user("county_admin")
    response = client_as("county_admin").post(f"/accounts/users/{me.pk}/active/", {"active": "0"})
    assert response.status_code == 403
    assert "不能停用自己的账号" in response.content.decode()
    me.refresh_from_db()
    assert me.is_active


def test_a_missing_account_status_is_refused(world, client_as):
    head = world.user("head")
    response = client_as("county_admin").post(f"/accounts/users/{head.pk}/active/", {"active": "maybe"})
    assert response.status_code == 400
    head.refresh_from_db()
    assert head.is_active


def test_a_reset_password_works_and_the_old_one_no_longer_does(world, client, client_as, password):
    head = world.user("head")
    response = client_as("county_admin").post(
        f"/accounts/users/{head.pk}/password/", {"password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    client.logout()
    assert _login(client, "head", password).status_code == 400
    assert _login(client, "head", NEW_PASSWORD).status_code == 302


def test_a_weak_new_password_is_refused_in_chinese(world, client_as, password):
    head = world.user("head")
    response = client_as("county_admin").post(
        f"/accounts/users/{head.pk}/password/", {"password": "12345678"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert '<p class="field-error" data-field="password">' in body
    head.refresh_from_db()
    assert head.check_password(password)


def test_an_unlock_lets_a_locked_user_sign_in_before_the_lockout_ends(
    world, client, password, django_user_model
):
    head = world.user("head")
    admin = world.user("county_admin")
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(5):
            _login(client, "head", "wrong")
        assert _login(client, "head", password).status_code == 403
        traveller.shift(dt.timedelta(minutes=2))
        client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
        page = client.get(f"/accounts/users/{head.pk}/").content.decode()
        assert 'data-testid="unlock-form"' in page
        response = client.post(f"/accounts/users/{head.pk}/unlock/", {"reason": "本人电话确认"})
        assert response.status_code == 302
        client.logout()
        traveller.shift(dt.timedelta(minutes=1))
        assert _login(client, "head", password).status_code == 302
    unlock = AccountUnlock.objects.get()
    assert (unlock.user, unlock.by, unlock.reason) == (head, admin, "本人电话确认")


def test_after_an_unlock_new_failures_count_again(world, client, client_as, password):
    head = world.user("head")
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(5):
            _login(client, "head", "wrong")
        traveller.shift(dt.timedelta(minutes=1))
        response = client_as("county_admin").post(
            f"/accounts/users/{head.pk}/unlock/", {"reason": "核实身份"}
        )
        assert response.status_code == 302
        client.logout()
        traveller.shift(dt.timedelta(minutes=1))
        for _ in range(5):
            assert _login(client, "head", "wrong").status_code == 400
        assert _login(client, "head", password).status_code == 403


def test_an_unlock_needs_a_reason_and_a_locked_account(world, client, client_as):
    head = world.user("head")
    admin = client_as("county_admin")
    response = admin.post(f"/accounts/users/{head.pk}/unlock/", {"reason": "无事"})
    assert response.status_code == 409
    assert "该账号未被锁定" in response.content.decode()
    admin.logout()
    for _ in range(5):
        _login(client, "head", "wrong")
    admin = client_as("county_admin")
    response = admin.post(f"/accounts/users/{head.pk}/unlock/", {"reason": ""})
    assert response.status_code == 400
    assert '<p class="field-error" data-field="reason">理由为必填项。</p>' in response.content.decode()
    assert not AccountUnlock.objects.exists()


def test_acts_on_a_user_outside_scope_are_404_and_change_nothing(world, client_as, password):
    other = world.user("other_head")
    client = client_as("county_admin")
    assert client.post(f"/accounts/users/{other.pk}/password/", {"password": NEW_PASSWORD}).status_code == 404
    assert client.post(f"/accounts/users/{other.pk}/unlock/", {"reason": "试"}).status_code == 404
    other.refresh_from_db()
    assert other.check_password(password)


def test_non_administrators_get_403_for_the_acts(world, client_as, password):
    officer = world.user("officer")
    client = client_as("head")
    assert client.post(f"/accounts/users/{officer.pk}/active/", {"active": "0"}).status_code == 403
    assert (
        client.post(f"/accounts/users/{officer.pk}/password/", {"password": NEW_PASSWORD}).status_code == 403
    )
    officer.refresh_from_db()
    assert officer.is_active and officer.check_password(password)
