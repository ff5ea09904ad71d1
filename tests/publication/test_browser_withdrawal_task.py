"""A revoked decision, through a real browser: the officer records the revocation on the case page, the
publication officer finds the withdrawal task on the workbench and withdraws the item; it leaves the
portal and the public takedown log shows the reason and that it came down on time."""

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


def test_a_revocation_recorded_on_the_case_is_withdrawn_from_the_workbench(
    world, committed_cases, page, login_page, settings
):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    with time_machine.travel(MONDAY, tick=True):
        record = _published(world)
    with time_machine.travel(MONDAY + dt.timedelta(days=1), tick=True):
        login_page("officer")
        page.goto(f"/cases/{record.case_id}/")
        form = page.locator('details.act-form[data-act="record_decision_change"]')
        form.locator("summary").click()
        form.locator("select[name=change]").select_option("revoked")
        form.locator("input[name=changed_on]").fill("2026-03-03")
        form.locator("input[name=changed_by]").fill("东湖县人民政府")
        form.locator("input[name=change_document]").fill("东政复决〔2026〕3号")
        form.locator("input[name=public_reason]").fill("行政复议决定撤销原处罚决定")
        with page.expect_navigation():
            form.locator("button[type=submit]").click()
        assert not page.locator(".error-box").count()
        record.refresh_from_db()
        assert record.state == RecordState.PUBLISHED and record.withdrawal_due == dt.date(2026, 3, 6)

        page.context.clear_cookies()
        login_page("publisher")
        page.goto("/publication/workbench/")
        task = page.locator("#withdrawals li", has_text="行政复议决定撤销原处罚决定")
        assert "2026-03-06" in task.inner_text() and "决定被撤销" in task.inner_text()
        task.locator("a").click()
        page.wait_for_url(f"**/publication/record/{record.pk}/**")
        with page.expect_navigation():
            page.click("#withdraw")  # the task's ground, date and reason are taken over
        assert page.get_attribute("#state", "data-state") == "withdrawn"

        page.context.clear_cookies()
        assert page.goto(f"/publication/item/{record.pk}/").status == 404
        page.goto("/publication/takedowns/")
        row = page.locator("#takedowns tr[data-state=withdrawn]")
        assert "行政复议决定撤销原处罚决定" in row.inner_text()
        assert row.locator(".on-time").inner_text() == "是"
