"""Through a real browser: an on-the-spot penalty and an inspection run to their end from the case
page's forms; the inspection found a suspected violation and opens its penalty case in one act."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from sanxiang.cases.models import Case
from tests.cases.conftest import MONDAY, ORGANISATION, PERSON, purge_committed_cases
from tests.cases.test_browser_general_case import perform, state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def committed_cases(transactional_db: Any) -> Any:
    yield
    purge_committed_cases()


def register(page: Any, world: Any, procedure: str, title: str, party: dict[str, str]) -> Case:
    page.goto("/cases/new/")
    page.select_option("#id_procedure", procedure)
    page.fill("#id_title", title)
    page.select_option("#id_source", "inspection")
    page.select_option("#id_party_kind", party["kind"])
    page.fill("#id_party_name", party["name"])
    field = "#id_party_id_number" if party["kind"] == "natural_person" else "#id_party_credit_code"
    page.fill(field, party.get("id_number") or party["credit_code"])
    page.check(f"#id_officers_{world.officers[0].pk}")
    page.check(f"#id_officers_{world.officers[1].pk}")
    with page.expect_navigation():
        page.click("form.manage-form button[type=submit]")
    return Case.objects.get(title=title)


def test_an_on_the_spot_fine_and_an_inspection_in_the_browser(
    world, committed_cases, page, login_page, settings
):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    with time_machine.travel(MONDAY, tick=True):

        def sign_in(persona: str) -> None:
            page.context.clear_cookies()
            login_page(persona)

        sign_in("officer")
        spot = register(page, world, "simple", "张三测占道经营案", PERSON)
        perform(
            page,
            "decide_on_the_spot",
            lambda form: (
                form.locator("select[name=kinds]").select_option(["fine"]),
                form.locator("input[name=fine]").fill("500"),
            ),
        )
        assert state(spot) == "on_the_spot"  # over the ¥200 limit for a person: refused
        assert "二百" in page.content() or "200" in page.locator(".field-error").first.inner_text()
        perform(
            page,
            "decide_on_the_spot",
            lambda form: (
                form.locator("select[name=kinds]").select_option(["fine"]),
                form.locator("input[name=fine]").fill("100"),
            ),
        )
        assert state(spot) == "decided"
        perform(page, "serve_decision")
        assert "加处罚款" in page.content()  # the payment period runs: the surcharge box shows ¥0
        perform(
            page,
            "record_execution",
            lambda form: (
                form.locator("select[name=method]").select_option("paid"),
                form.locator("input[name=amount]").fill("100"),
            ),
        )
        sign_in("head")
        page.goto(f"/cases/{spot.pk}/")
        perform(page, "close")
        assert state(spot) == "closed"

        sign_in("officer")
        inspection = register(page, world, "inspection", "食品经营者双随机检查", ORGANISATION)
        perform(page, "start_inspection")
        perform(
            page,
            "record_result",
            lambda form: (
                form.locator("select[name=result]").select_option("case_opened"),
                form.locator("textarea[name=findings]").fill("货架上有过期酸奶12盒"),
            ),
        )
        assert state(inspection) == "result_recorded"
        perform(page, "open_penalty_case")
        derived = Case.objects.get(origin=inspection)
        page.click(f'a[href="/cases/{derived.pk}/"]')
        page.wait_for_url(f"**/cases/{derived.pk}/")
        assert "货架上有过期酸奶12盒" in page.content()
        assert page.locator('ul.deadlines li[data-rule="penalty.filing_check"]').count() == 1
        sign_in("head")
        page.goto(f"/cases/{inspection.pk}/")
        perform(page, "close")
        assert state(inspection) == "closed"
