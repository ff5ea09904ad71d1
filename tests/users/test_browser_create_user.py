"""Through a real browser: an administrator creates an officer account and the officer signs in."""

import pytest

from sanxiang.accounts.models import User

INITIAL_PASSWORD = "Chushi-mima-2026"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_county_admin_creates_an_officer_who_then_signs_in(world, login_page):
    page = login_page("county_admin")
    page.click("[data-testid=workbench-admin] >> text=用户")
    page.wait_for_url("**/accounts/users/")
    page.click("text=新建用户")
    page.fill("#id_username", "zhangsan")
    page.fill("#id_display_name", "张三测")
    page.select_option("#id_role", "officer")
    page.select_option("#id_agency", label="东湖县市场监督管理局")
    page.fill("#id_password", INITIAL_PASSWORD)
    page.screenshot(path="/tmp/user-create.png", full_page=True)
    page.click("button[type=submit] >> text=保存")
    page.wait_for_url("**/accounts/users/*/")
    facts = page.locator("[data-testid=user-facts]").inner_text()
    assert "执法人员" in facts and "东湖县市场监督管理局" in facts
    page.screenshot(path="/tmp/user-created.png", full_page=True)
    user = User.objects.get(username="zhangsan")
    assert (user.role, user.agency_id) == ("officer", world.agency.pk)

    page.click("text=退出")
    page.goto("/accounts/login/")
    page.fill("#id_username", "zhangsan")
    page.fill("#id_password", INITIAL_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/accounts/")
    assert "张三测" in page.locator("main").inner_text()
    assert "东湖县市场监督管理局" in page.locator("[data-testid=workbench-agencies]").inner_text()
