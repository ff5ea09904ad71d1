"""Through a real browser: a general-procedure case from clue to closing, with the officer, the head
for the approvals, and a hearing chaired by an officer who did not investigate — all through the
case page's own forms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine

from sanxiang.cases.models import Case
from sanxiang.documents.models import Document, DocumentCounter
from sanxiang.evidence.models import Evidence
from tests.cases.conftest import MONDAY, ORGANISATION, log_triggers_lifted, purge_committed_cases
from tests.legal_review.helpers import purge_review_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def committed_cases(transactional_db: Any) -> Any:
    """Committed case rows point at record log entries (PROTECT): remove them before the shared
    teardown empties the log."""
    yield
    # The legal review's evidence item and opinion document (their rows PROTECT the case).
    with log_triggers_lifted():  # evidence items are append-only while they stand
        purge_review_rows()  # the discussion's record PROTECTs its document
        Document.objects.update(superseded_by=None)
        for model in (Document, DocumentCounter, Evidence):
            model.objects.all().delete()
    purge_committed_cases()


def perform(page: Any, act: str, fill: Callable[[Any], None] | None = None) -> None:
    """Open the act's form on the case page, fill it, send it and wait for the answer."""
    form = page.locator(f'details.act-form[data-act="{act}"]')
    if form.get_attribute("open") is None:  # a refused act comes back with its form open
        form.locator("summary").click()
    if fill is not None:
        fill(form)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def state(case: Case) -> str:
    case.refresh_from_db()
    return case.state


def test_a_general_case_from_clue_to_closing_with_a_hearing(
    world, committed_cases, page, login_page, settings, pass_review
):
    # Sessions end with the browser: the server's clock is in March 2026, the browser's is not.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    with time_machine.travel(MONDAY, tick=True) as traveller:

        def sign_in(persona: str) -> None:
            page.context.clear_cookies()
            login_page(persona)

        sign_in("officer")
        page.goto("/cases/new/")
        page.fill("#id_title", "惠民副食品商店经营超过保质期的食品案")
        page.fill("#id_facts", "货架上有过期酸奶12盒")
        page.select_option("#id_party_kind", "organisation")
        page.fill("#id_party_name", ORGANISATION["name"])
        page.fill("#id_party_credit_code", ORGANISATION["credit_code"])
        page.check(f"#id_officers_{world.officers[0].pk}")
        page.check(f"#id_officers_{world.officers[1].pk}")
        with page.expect_navigation():
            page.click("form.manage-form button[type=submit]")
        case = Case.objects.get(title="惠民副食品商店经营超过保质期的食品案")
        assert page.url.endswith(f"/cases/{case.pk}/")
        greyed = page.locator('ul.greyed li[data-act="file"]').inner_text()
        assert "机关负责人" in greyed  # filing is the head's: shown greyed with the reason

        sign_in("head")
        page.goto(f"/cases/{case.pk}/")
        perform(page, "file")
        assert state(case) == "filed"

        sign_in("officer")
        page.goto(f"/cases/{case.pk}/")
        perform(page, "start_investigation")
        perform(
            page,
            "close_investigation",
            lambda form: (
                form.locator("select[name=kinds]").select_option(["fine"]),
                form.locator("input[name=fine]").fill("150000"),
            ),
        )
        perform(page, "serve_prior_notice")
        assert state(case) == "prior_notice_served" and case.hearing_offered
        assert "听证" in page.locator("dl.facts").inner_text()
        perform(page, "request_hearing")
        assert state(case) == "hearing_requested"

        def notify(chair: Any) -> Callable[[Any], None]:
            def fill(form: Any) -> None:
                form.locator("input[name=hearing_on]").fill("2026-03-12")
                form.locator("select[name=chair]").select_option(str(chair.pk))
                form.locator("input[name=place]").fill("本局三楼听证室")

            return fill

        perform(page, "notify_hearing", notify(world.officers[0]))  # an investigator: refused
        assert (
            "不得主持" in page.content()
            or "不得担任" in page.content()
            or "investigated" not in page.content()
        )
        assert page.locator('.field-error[data-field="chair"]').count() == 1
        assert state(case) == "hearing_requested"
        perform(page, "notify_hearing", notify(world.officers[2]))
        assert state(case) == "hearing_noticed" and case.hearing_chair_id == world.officers[2].pk

        traveller.shift(dt.timedelta(days=10))  # Thursday 12 March: the day of the hearing
        sign_in("officer")
        page.goto(f"/cases/{case.pk}/")
        perform(page, "hold_hearing")
        assert state(case) == "hearing_held"
        # A decision after a hearing is major by law (Art. 58 ¶1(2)): reviewed and discussed first.
        pass_review(case, kinds=["fine"], fine="120000")

        sign_in("head")
        page.goto(f"/cases/{case.pk}/")
        perform(
            page,
            "decide",
            lambda form: (
                form.locator("select[name=kinds]").select_option(["fine"]),
                form.locator("input[name=fine]").fill("120000"),
            ),
        )
        assert state(case) == "decided"

        sign_in("officer")
        page.goto(f"/cases/{case.pk}/")
        perform(page, "serve_decision")
        perform(
            page,
            "record_execution",
            lambda form: (
                form.locator("select[name=method]").select_option("paid"),
                form.locator("input[name=amount]").fill("120000"),
                form.locator("input[name=paid_on]").fill("2026-03-12"),
            ),
        )
        assert state(case) == "executed"

        sign_in("head")
        page.goto(f"/cases/{case.pk}/")
        perform(page, "close")
        assert state(case) == "closed"
        timeline = page.locator("ol.timeline").inner_text()
        assert "王强测" not in page.locator("ol.timeline li[data-act=start_investigation]").inner_text()
        assert timeline.count("330101000001") >= 1
        page.screenshot(path="/tmp/case-closed.png", full_page=True)
    assert list(case.acts.values_list("act", flat=True)) == [
        "open",
        "file",
        "start_investigation",
        "close_investigation",
        "serve_prior_notice",
        "request_hearing",
        "notify_hearing",
        "hold_hearing",
        "decide",
        "serve_decision",
        "record_execution",
        "close",
    ]
