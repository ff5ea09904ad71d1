"""The portal in a phone-sized Chromium: find an agency, its officers, and verify a revoked certificate."""

from __future__ import annotations

import pytest

from sanxiang.catalog import actions
from sanxiang.catalog.verification import verification_path
from tests.portal.conftest import build_lists
from tests.world import build_world

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def _site_css(settings):
    # config/settings.py has no STATICFILES_DIRS, so sanxiang/static/ (site.css) is not found by the
    # staticfiles finders that live_server uses; point them at it until settings do.
    if not settings.STATICFILES_DIRS:
        settings.STATICFILES_DIRS = [settings.BASE_DIR / "sanxiang" / "static"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_works_on_a_phone(_site_css, page):
    world = build_world()
    build_lists(world)
    cert = world.certificates[0]
    actions.revoke_certificate(actor=world.user("county_admin"), certificate=cert, reason="违法违纪")
    page.set_viewport_size(PHONE)

    page.goto("/")
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
        != "rgba(0, 0, 0, 0)"
    )
    assert page.locator("h1").inner_text() == "事前公开"
    page.fill("#id_q", "东湖县市场监督")
    page.click("form.portal-search button[type=submit]")
    page.wait_for_url("**/search/?q=*")
    page.click(f"#agencies a:has-text('{world.agency.name}')")
    page.wait_for_url(f"**/agencies/{world.agency.pk}/")
    assert page.locator("h1").inner_text() == world.agency.name

    page.click("ul.tabs a:has-text('执法人员')")
    page.wait_for_url(f"**/agencies/{world.agency.pk}/officers/")
    table = page.locator("table.officers")
    assert "李娜测" in table.inner_text()
    assert "13800000000" not in page.content()
    # Nothing wider than the phone: the table scrolls inside its wrapper, not the page.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.goto(verification_path(cert))
    result = page.locator(".verify-result")
    assert "revoked" in (result.get_attribute("class") or "")
    assert "注销" in result.inner_text()
    assert page.locator(".qr img").evaluate("img => img.complete && img.naturalWidth > 0")
    page.screenshot(path="/tmp/portal.png", full_page=True)
