"""Through a real browser: a reviewer whose round is overdue sees the unread badge in the staff
navigation, finds the reminder in the inbox, opens it and lands on the case's legal-review panel;
the message is read and the badge is gone."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from sanxiang.cases import actions as case_actions
from sanxiang.evidence import actions as evidence_actions
from sanxiang.evidence import blobs
from sanxiang.inbox.models import Message
from sanxiang.jobs import tasks
from sanxiang.legal_review import actions as review_actions
from sanxiang.legal_review import rules
from tests.cases.conftest import MONDAY, ORGANISATION
from tests.legal_review.conftest import NOTE
from tests.legal_review.test_browser_review import committed  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERDUE_MORNING = dt.datetime(2026, 3, 17, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def no_messages_left(committed: Any) -> Any:  # noqa: F811
    yield
    with transaction.atomic():
        Message.objects.all().delete()


def overdue_round(world: Any) -> Any:
    review_actions.save_catalogue(
        actor=world.user("head"), agency=world.agency, data={"penalty_kinds": list(rules.DEFAULT_KINDS)}
    )
    case = case_actions.open_case(
        actor=world.user("officer"),
        agency=world.agency,
        data={
            "procedure": "general",
            "title": "东湖某某食品有限公司经营超过保质期的食品案",
            "source": "complaint",
            "legal_basis": "《中华人民共和国食品安全法》第一百二十四条",
        },
        parties=[ORGANISATION],
        officer_ids=[o.pk for o in world.officers[:2]],
    )
    officer = world.user("officer")
    case_actions.perform(case, "file", world.user("head"), {"records": ["filing_approval"]})
    case_actions.perform(case, "start_investigation", officer, {"records": ["inquiry_record"]})
    staged = blobs.stage_stream(iter([b"%PDF-1.4 sampling report"]), name="sampling.pdf")
    try:
        evidence_actions.add_evidence(actor=officer, case=case, upload=staged, data={"kind": "documentary"})
    finally:
        staged.close()
    case_actions.perform(
        case,
        "close_investigation",
        officer,
        {"kinds": ["fine"], "fine": "200000", "records": ["investigation_report"]},
    )
    round_ = review_actions.submit(actor=officer, case=case, note=NOTE)
    review_actions.assign(actor=world.user("head"), round=round_, reviewer=world.user("reviewer"))
    return case, round_


def test_a_reviewer_follows_the_overdue_reminder_to_the_case(
    world, no_messages_left, page, login_page, settings
):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    with time_machine.travel(MONDAY, tick=True):
        case, round_ = overdue_round(world)
    assert round_.due == dt.date(2026, 3, 16)
    with time_machine.travel(OVERDUE_MORNING, tick=True):
        assert tasks.remind_review_rounds.call_local() == 1
        login_page("reviewer")
        badge = page.locator("header .inbox-link .badge")
        assert badge.inner_text() == "1"
        with page.expect_navigation():
            page.locator("header .inbox-link").click()
        row = page.locator("tr.message")
        assert row.count() == 1
        assert row.get_attribute("data-kind") == "legal_review.overdue"
        assert row.get_attribute("data-read") == "false"
        assert "逾期" in row.locator(".subject").inner_text()
        assert case.number in row.locator(".subject").inner_text()
        with page.expect_navigation():
            row.locator("button.open").click()
        assert page.url.endswith(f"/cases/{case.pk}/#legal-review")
        assert page.locator('#legal-review article.review-round[data-round="1"]').count() == 1
        assert page.locator("header .inbox-link .badge").count() == 0
        assert Message.objects.get(recipient=world.user("reviewer")).read_at is not None
        # The head was told as well, and has not read it.
        assert Message.objects.get(recipient=world.user("head")).read_at is None
