"""In a real browser, on a phone-sized screen: set up an authenticator app from the workbench, then
sign in with password and code; a role that must use one is taken to the set-up after the password."""

from __future__ import annotations

import time

from sanxiang.accounts import totp
from sanxiang.catalog import actions as catalog_actions
from tests.world import PASSWORD


def _app_code(page, steps_ahead=0):
    """What the user's authenticator app shows, from the key as the page shows it."""
    secret = page.get_by_test_id("second-factor-secret").inner_text().replace(" ", "")
    return secret, totp.code_at(secret, time.time() + 30 * steps_ahead)


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_enrol_from_the_workbench_then_sign_in_with_a_code(page, login_page, world):
    page.set_viewport_size({"width": 390, "height": 844})
    login_page("officer")
    page.get_by_role("link", name="身份验证器应用").click()
    page.wait_for_url("**/accounts/second-factor/")
    assert page.locator('[data-testid="second-factor-qr"] svg').is_visible()
    assert _fits(page)
    secret, code = _app_code(page)
    page.fill("#id_code", code)
    page.get_by_role("button", name="确认").click()
    page.wait_for_url("**/accounts/")
    assert "身份验证器应用已设置" in page.content()

    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/accounts/login/code/")
    assert _fits(page)
    # The next step's code: the enrolment used this one, and a code is accepted only once.
    page.fill("#id_code", totp.code_at(secret, time.time() + 30))
    page.click("button[type=submit]")
    page.wait_for_url("**/accounts/")
    assert page.get_by_test_id("workbench-work").is_visible()


def test_a_required_role_is_taken_to_the_set_up_after_the_password(page, world):
    catalog_actions.set_policy(
        actor=world.user("county_admin"),
        key="accounts.second_factor_required",
        target=world.agency,
        value="admin_head",
        reason="本局规定",
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/accounts/login/")
    page.fill("#id_username", "head")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/accounts/login/enrol/")
    assert page.get_by_test_id("second-factor-required").is_visible()
    assert _fits(page)
    page.goto("/accounts/")  # nothing else is reachable before the set-up
    page.wait_for_url("**/accounts/login/**")
    page.goto("/accounts/login/enrol/")
    page.fill("#id_code", "000000" if _app_code(page)[1] != "000000" else "111111")
    page.get_by_role("button", name="确认").click()
    assert "验证码" in page.locator(".error-box").inner_text()
    page.fill("#id_code", _app_code(page)[1])
    page.get_by_role("button", name="确认").click()
    page.wait_for_url("**/accounts/")
    assert page.get_by_test_id("workbench-work").is_visible()
