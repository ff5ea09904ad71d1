"""Early removal after credit repair, through a real browser: the publication officer's first try is
refused with the rule (too early), later the item is removed with the repair decision; it leaves
the portal and the public takedown log shows the reason, not the content."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from sanxiang.cases import actions as case_actions
from sanxiang.documents.actions import issue_document
from sanxiang.publication import actions
from sanxiang.publication.models import Record, RecordState
from tests.cases.conftest import MONDAY, ORGANISATION
from tests.publication.conftest import purge_committed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def committed_cases(transactional_db: Any) -> Any:
    yield
    purge_committed()


def _published(world: Any) -> Record:
    case = case_actions.open_case(
        actor=world.user("officer"),
        agency=world.agency,
        data={
            "procedure": "simple",
            "title": "某公司经营过期食品案",
            "source": "inspection",
            "facts": "当事人销售过期酸奶。",
        },
        parties=[ORGANISATION],
        officer_ids=[world.officers[0].pk, world.officers[1].pk],
    )
    case_actions.perform(
        case, "decide_on_the_spot", world.user("officer"), {"kinds": ["fine"], "fine": "100"}
    )
    # The 当场处罚决定书 whose number the public record carries.
    issue_document(
        actor=world.user("officer"), case=case, kind="on_the_spot_decision", entered={"place": "某市场"}
    )
    record = Record.objects.get(case=case)
    record = actions.submit(actor=world.user("officer"), record=record)
    record = actions.review(actor=world.user("publisher"), record=record)
    return actions.approve(actor=world.user("head"), record=record)


def test_an_item_is_removed_early_after_credit_repair(world, committed_cases, page, login_page, settings):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    with time_machine.travel(MONDAY, tick=True):
        record = _published(world)
    assert "过期酸奶" in record.published_text

    def remove() -> None:
        page.goto(f"/publication/record/{record.pk}/")
        page.fill("#removal input[name=repair_reference]", "东信修〔2026〕8号")
        page.fill("#removal input[name=reason]", "当事人已缴纳罚款并完成信用修复")
        with page.expect_navigation():
            page.click("#remove")

    with time_machine.travel(MONDAY + dt.timedelta(days=30), tick=True):
        login_page("publisher")
        remove()
        box = page.inner_text(".error-box")
        assert "最短公示期" in box and "信用修复管理办法" in box
        assert page.get_attribute("#state", "data-state") == "published"

    with time_machine.travel(MONDAY + dt.timedelta(days=100), tick=True):
        page.context.clear_cookies()
        login_page("publisher")
        remove()
        assert page.get_attribute("#state", "data-state") == "removed"
        assert "东信修〔2026〕8号" in page.inner_text("#removed")
        record.refresh_from_db()
        assert record.state == RecordState.REMOVED

        page.context.clear_cookies()
        assert page.goto(f"/publication/item/{record.pk}/").status == 404
        page.goto("/publication/?q=过期")
        assert f"/publication/item/{record.pk}/" not in page.content()
        page.goto("/publication/takedowns/")
        row = page.locator("#takedowns tr[data-state=removed]")
        text = row.inner_text()
        assert record.document_number in text and "当事人已缴纳罚款并完成信用修复" in text
        assert "信用修复后提前撤下" in text and "过期酸奶" not in page.inner_text("#takedowns")
