"""Through a real browser, on a desktop and on a 390 px phone: registering a case by searching the
enforcement item by name, choosing its grade, ticking two officers and the lead — nothing typed as an
id, nothing wider than the phone's screen."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from sanxiang.cases.models import Case, CaseOfficer
from tests.cases.conftest import MONDAY, ORGANISATION, purge_committed_cases

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def committed_cases(transactional_db: Any) -> Any:
    yield
    purge_committed_cases()


def fits(page: Any, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"the page is {scroll} px wide on a {width} px screen"


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_registering_a_case_by_choosing(world, committed_cases, page, login_page, settings, width, height):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    page.set_viewport_size({"width": width, "height": height})
    first, second = world.officers[0], world.officers[1]
    with time_machine.travel(MONDAY, tick=True):
        login_page("officer")
        page.goto("/cases/new/")
        fits(page, width)
        page.fill("#id_title", "惠民副食品商店经营过期食品案")
        page.fill("#id_facts", "货架上有过期酸奶12盒")
        page.select_option("#id_party_kind", "organisation")
        page.fill("#id_party_name", ORGANISATION["name"])
        page.fill("#id_party_credit_code", ORGANISATION["credit_code"])
        page.fill("#id_item_q", "过期食品")
        with page.expect_navigation():
            page.press("#id_item_q", "Enter")  # Enter searches; it never registers a half-filled case
        assert not Case.objects.exists()
        assert page.input_value("#id_title") == "惠民副食品商店经营过期食品案"  # nothing lost
        chosen = page.locator("#id_enforcement_item option:checked").inner_text()
        assert chosen == "ITEM-a 对经营过期食品的处罚a"  # the only match is chosen
        grade = page.locator("#id_benchmark_grade option", has_text="一般")
        page.select_option("#id_benchmark_grade", grade.get_attribute("value"))
        fits(page, width)
        page.check(f"#id_officers_{first.pk}")
        page.check(f"#id_officers_{second.pk}")
        page.check(f"#id_lead_{second.pk}")
        with page.expect_navigation():
            page.click("button[name=register]")
        case = Case.objects.get(title="惠民副食品商店经营过期食品案")
        assert page.url.endswith(f"/cases/{case.pk}/"), page.inner_text("main")[:1500]
        text = page.inner_text("main")
        assert "对经营过期食品的处罚a" in text and "经营过期食品a：一般 · 罚款 50,000–100,000 元" in text
        assert CaseOfficer.objects.get(case=case, lead=True).officer == second
        fits(page, width)
