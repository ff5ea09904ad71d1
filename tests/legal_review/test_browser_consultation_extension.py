"""Through a real browser: the reviewer of a major case records the legal adviser's opinion (its
法律顾问意见书 is issued) and asks for an extension; the head sees the request on the case page and
approves it; the round's due date moves by three working days, on the panel and in the queue."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from sanxiang.cases import actions as case_actions
from sanxiang.evidence import actions as evidence_actions
from sanxiang.evidence import blobs
from sanxiang.legal_review import actions as review_actions
from sanxiang.legal_review import rules
from sanxiang.legal_review.models import Consultation, ReviewRound
from tests.cases.conftest import MONDAY, ORGANISATION
from tests.legal_review.conftest import NOTE
from tests.legal_review.test_browser_review import committed, submit_form  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def major_round(world: Any) -> ReviewRound:
    head, officer = world.user("head"), world.user("officer")
    review_actions.save_catalogue(
        actor=head, agency=world.agency, data={"penalty_kinds": list(rules.DEFAULT_KINDS)}
    )
    case = case_actions.open_case(
        actor=officer,
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
    case_actions.perform(case, "file", head, {"records": ["filing_approval"]})
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
    case.refresh_from_db()
    round_ = review_actions.submit(actor=officer, case=case, note=NOTE)
    return review_actions.assign(actor=head, round=round_, reviewer=world.user("reviewer"))


@pytest.mark.usefixtures("committed")
def test_a_reviewer_consults_and_the_head_approves_the_extension(world, page, login_page, settings):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    with time_machine.travel(MONDAY, tick=True):
        round_ = major_round(world)
        case_url = f"/cases/{round_.case_id}/"
        assert round_.due == dt.date(2026, 3, 16)

        def sign_in(persona: str) -> None:
            page.context.clear_cookies()
            login_page(persona)
            page.goto(case_url)

        sign_in("reviewer")
        page.locator(".review-consultations details summary").click()
        submit_form(
            page,
            "form.legal-review-consult",
            lambda f: (
                f.locator("input[name=adviser_name]").fill("陈律师"),
                f.locator("select[name=adviser_role]").select_option("legal_adviser"),
                f.locator("input[name=adviser_organisation]").fill("浙江某某律师事务所"),
                f.locator("input[name=consulted_on]").fill("2026-03-02"),
                f.locator("textarea[name=question]").fill("二十万元罚款的裁量是否适当？"),
                f.locator("textarea[name=opinion]").fill("裁量适当，建议维持。"),
            ),
        )
        row = page.locator("table.consultations tr.consultation")
        assert row.count() == 1 and row.get_attribute("data-round") == "1"
        number = Consultation.objects.get(case_id=round_.case_id).document.number
        assert row.locator("td.document-number").inner_text() == number

        page.locator(".review-extension details summary").click()
        submit_form(
            page,
            "form.legal-review-extension-request",
            lambda f: f.locator("textarea[name=reason]").fill("涉及多个法律关系，待法律顾问补充意见"),
        )
        assert page.locator(".review-extension").get_attribute("data-state") == "requested"
        assert page.locator("form.legal-review-extension-approve").count() == 0

        sign_in("head")
        assert page.locator(".review-extension p.extension-requested").count() == 1
        approve = page.locator("form.legal-review-extension-approve textarea[name=reason]")
        assert approve.input_value() == "涉及多个法律关系，待法律顾问补充意见"
        submit_form(page, "form.legal-review-extension-approve")
        assert page.locator(".review-extension").get_attribute("data-state") == "extended"
        assert page.locator('article.review-round[data-round="1"] .due').inner_text() == "2026-03-19"

        sign_in("reviewer")
        page.goto("/review/")
        assert page.locator("table.review-queue.mine td.due").inner_text() == "2026-03-19"
        page.screenshot(path="/tmp/legal-review-extension.png", full_page=True)
    assert ReviewRound.objects.get(pk=round_.pk).extended_days == 3
