"""The issue's "done when", through a real browser: a decision is made, auto-redacted, an identity
number the reviewer unmasked is caught by the leak scan, masked again, approved and published within
the deadline; the public finds it by a 2-character search, verifies it against the record log,
requests a correction; the decision is revoked and the item is withdrawn with its reason in the
takedown log."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from sanxiang.cases import actions as case_actions
from sanxiang.documents.models import Document
from sanxiang.publication.models import Record, RecordState
from tests.cases.conftest import MONDAY, PERSON
from tests.cases.test_browser_general_case import perform
from tests.publication.conftest import PLANTED_ID, purge_committed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def committed_cases(transactional_db: Any) -> Any:
    yield
    purge_committed()


def test_a_decision_from_redaction_to_withdrawal(world, committed_cases, page, login_page, settings):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    with time_machine.travel(MONDAY, tick=True):

        def sign_in(persona: str) -> None:
            page.context.clear_cookies()
            login_page(persona)

        case = case_actions.open_case(
            actor=world.user("officer"),
            agency=world.agency,
            data={
                "procedure": "simple",
                "title": "张三测经营过期食品案",
                "source": "inspection",
                "facts": "当事人销售过期食品。",
            },
            parties=[{**PERSON, "address": "东湖县幸福路8号"}],
            officer_ids=[world.officers[0].pk, world.officers[1].pk],
        )
        sign_in("officer")
        page.goto(f"/cases/{case.pk}/")
        perform(
            page,
            "decide_on_the_spot",
            lambda form: (
                form.locator("select[name=kinds]").select_option(["fine"]),
                form.locator("input[name=fine]").fill("100"),
            ),
        )
        record = Record.objects.get(case=case)
        page.goto("/publication/workbench/")
        page.click(f"a[href='/publication/record/{record.pk}/']")
        assert PLANTED_ID in page.inner_text("#original")
        # No 决定书 yet: the number is shown missing (never the filing number) and submission is
        # refused with the rule; the link leads to where the 当场处罚决定书 is issued.
        assert case.number not in page.inner_text("#original")
        assert "尚未出具" in page.inner_text("#document-number")
        with page.expect_navigation():
            page.click("#submit")
        assert (
            "决定书文号" in page.inner_text(".error-box")
            and page.get_attribute("#state", "data-state") == "draft"
        )
        with page.expect_navigation():
            page.click("#document-number a")
        form = page.locator("details.document-form[data-kind=on_the_spot_decision]")
        form.locator("summary").click()
        form.locator("[data-field$=place] input").fill("城关农贸市场")
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        number = Document.objects.get(case=case, kind="on_the_spot_decision").number
        page.goto(f"/publication/record/{record.pk}/")
        assert page.inner_text("#document-number") == number and number in page.inner_text("#original")
        with page.expect_navigation():
            page.click("#submit")

        sign_in("publisher")
        page.goto(f"/publication/record/{record.pk}/")
        assert PLANTED_ID not in page.inner_text("#redacted") and "幸福路" not in page.inner_text("#redacted")
        row = page.locator("#masks tr", has_text=PLANTED_ID)
        row.locator("input[name=reason]").fill("以为是文号")
        with page.expect_navigation():
            row.locator("button").click()
        with page.expect_navigation():
            page.click("#review")
        assert "泄露扫描" in page.inner_text(".error-box") and "身份证号码" in page.inner_text(".error-box")
        assert page.get_attribute("#state", "data-state") == "redaction"
        page.fill("#redaction input[name=text]", PLANTED_ID)
        page.fill("#redaction input[name=reason]", "身份证号码")
        with page.expect_navigation():
            page.click("#add-mask")
        with page.expect_navigation():
            page.click("#review")
        assert page.get_attribute("#state", "data-state") == "approval"

        sign_in("head")
        page.goto(f"/publication/record/{record.pk}/")
        with page.expect_navigation():
            page.click("#approve")
        record.refresh_from_db()
        assert record.state == RecordState.PUBLISHED and record.on_time

        page.context.clear_cookies()
        page.goto("/publication/?q=过期")
        with page.expect_navigation():
            page.click(f"a[href='/publication/item/{record.pk}/']")
        assert PLANTED_ID not in page.inner_text("#published")
        assert page.inner_text("#digest") == record.published_digest
        with page.expect_navigation():
            page.click("#verify")
        assert "publication.published" in page.inner_text(".recordlog-result.found")
        page.goto(f"/publication/item/{record.pk}/correction/")
        page.fill("input[name=requester]", "王某")
        page.fill("textarea[name=request]", "处罚内容有误")
        page.fill("textarea[name=evidence]", "缴款凭证")
        with page.expect_navigation():
            page.click("#send-correction")
        assert "联系方式" in page.inner_text(".error-box")
        page.fill("input[name=contact]", "wang@example.com")
        with page.expect_navigation():
            page.click("#send-correction")
        assert page.inner_text("#tracking").startswith("GZ")

        sign_in("publisher")
        page.goto(f"/publication/record/{record.pk}/")
        page.select_option("#withdrawal select[name=ground]", "revoked")
        page.fill("#withdrawal input[name=ground_on]", "2026-03-02")
        page.fill("#withdrawal input[name=reason]", "行政复议决定撤销原处罚决定")
        with page.expect_navigation():
            page.click("#withdraw")
        page.context.clear_cookies()
        assert page.goto(f"/publication/item/{record.pk}/").status == 404
        page.goto("/publication/takedowns/")
        log = page.inner_text("#takedowns")
        assert "行政复议决定撤销原处罚决定" in log and "过期食品" not in log


def test_the_portal_list_shows_the_penalty_and_fits_a_phone(world, committed_cases, page):
    from tests.publication.test_browser_withdrawal_task import _published

    with time_machine.travel(MONDAY, tick=True):
        record = _published(world)
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto("/publication/")
        item = page.locator("ul.results li", has_text=record.document_number)
        outcome = item.locator(".outcome").inner_text()
        assert outcome.startswith("行政处罚：") and "罚款人民币100" in outcome, outcome
        assert record.case.number not in page.inner_text("main")
        # Nothing wider than the phone: no sideways scrolling.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # The item page too: its SHA-256 breaks instead of pushing the page to 509 px.
        page.goto(f"/publication/item/{record.pk}/")
        assert record.published_digest in page.inner_text("#digest")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
