"""Through a real browser: a ¥200,000 fine on a company is classified major; the review says
"correct and resubmit"; the officers correct the draft (a new notice with ¥150,000) and resubmit;
the second round passes; the heads discuss it collectively; the head decides — each step through
the case page's own forms, by the person whose step it is."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.apps import apps

from sanxiang.cases import actions as case_actions
from sanxiang.evidence import actions as evidence_actions
from sanxiang.evidence import blobs
from sanxiang.evidence.models import Blob, Evidence
from sanxiang.legal_review import actions as review_actions
from sanxiang.legal_review import rules
from sanxiang.legal_review.models import (
    Catalogue,
    ChecklistAnswer,
    Classification,
    Discussion,
    Escalation,
    ReviewerProfile,
    ReviewRound,
)
from tests.cases.conftest import MONDAY, ORGANISATION, log_triggers_lifted, purge_committed_cases
from tests.cases.test_browser_general_case import perform, state
from tests.legal_review.conftest import NOTE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def committed(transactional_db: Any, settings: Any, tmp_path: Path) -> Any:
    settings.BLOB_ROOT = tmp_path / "blobs"
    yield
    with log_triggers_lifted():  # evidence items are append-only while they stand
        # Apps above cases that record something when a case is decided (publication records).
        for label in (
            # Legal review rows that hold an issued document (PROTECT) go first.
            "legal_review.Consultation",
            "legal_review.Discussion",
            "publication.Correction",
            "publication.Version",
            "publication.Record",
            "documents.Document",
        ):
            with contextlib.suppress(LookupError):
                apps.get_model(label).objects.all().delete()
        for model in (
            Discussion,
            ChecklistAnswer,
            ReviewRound,
            Classification,
            Escalation,
            Catalogue,
            ReviewerProfile,
            Evidence,
            Blob,
        ):
            model.objects.all().delete()
    purge_committed_cases()


def submit_form(page: Any, selector: str, fill: Any = None) -> None:
    form = page.locator(selector)
    if fill is not None:
        fill(form)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def review(page: Any, fail_point: int | None, opinion: str, text: str) -> None:
    def answers(form: Any) -> None:
        for n in range(1, 11):
            value = "fail" if n == fail_point else "pass"
            form.locator(f'input[name=answer_{n}][value="{value}"]').check()
        if fail_point:
            form.locator(f"input[name=comment_{fail_point}]").fill("罚款数额未适用裁量基准")

    submit_form(page, "form.legal-review-checklist", answers)
    submit_form(
        page,
        "form.legal-review-opinion",
        lambda form: (
            form.locator("select[name=opinion]").select_option(opinion),
            form.locator("textarea[name=text]").fill(text),
        ),
    )


def test_a_major_fine_is_corrected_passed_discussed_and_decided(world, committed, page, login_page, settings):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    with time_machine.travel(MONDAY, tick=True):
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
        case_actions.perform(case, "file", world.user("head"), {"records": ["filing_approval"]})
        case_actions.perform(
            case, "start_investigation", world.user("officer"), {"records": ["inquiry_record"]}
        )
        staged = blobs.stage_stream(iter([b"%PDF-1.4 sampling report"]), name="sampling.pdf")
        try:
            evidence_actions.add_evidence(
                actor=world.user("officer"), case=case, upload=staged, data={"kind": "documentary"}
            )
        finally:
            staged.close()

        def sign_in(persona: str) -> None:
            page.context.clear_cookies()
            login_page(persona)
            page.goto(f"/cases/{case.pk}/")

        sign_in("officer")
        perform(
            page,
            "close_investigation",
            lambda form: (
                form.locator("select[name=kinds]").select_option(["fine"]),
                form.locator("input[name=fine]").fill("200000"),
            ),
        )
        panel = page.locator("#legal-review")
        assert panel.get_attribute("data-major") == "true"
        assert panel.locator('li[data-rule="fine"]').count() == 1
        submit_form(page, "form.legal-review-submit", lambda f: f.locator("textarea[name=note]").fill(NOTE))
        assert page.locator('article.review-round[data-round="1"]').get_attribute("data-opinion") == "open"

        sign_in("head")
        submit_form(
            page,
            "form.legal-review-assign",
            lambda f: f.locator("select[name=reviewer]").select_option(str(world.user("reviewer").pk)),
        )

        sign_in("reviewer")
        review(page, 6, "correct", "罚款数额偏重，请按裁量基准改正后重新报送")
        assert page.locator('article.review-round[data-round="1"]').get_attribute("data-opinion") == "correct"

        # The failed round cannot go to collective discussion.
        sign_in("head")
        submit_form(
            page,
            "form.legal-review-discuss",
            lambda f: (
                page.locator("#legal-review details summary").last.click(),
                f.locator("input[name=held_on]").fill("2026-03-05"),
                f.locator("input[name=attendees]").fill("局长、副局长、法规科长"),
                f.locator("textarea[name=opinions]").fill("一致同意"),
                f.locator("textarea[name=conclusion]").fill("同意处罚"),
            ),
        )
        assert "discussion_needs_pass" in page.content() or "通过法制审核后" in page.content()
        assert not Discussion.objects.filter(case=case).exists()

        sign_in("officer")
        perform(page, "serve_prior_notice")
        perform(
            page,
            "serve_new_notice",
            lambda form: (
                form.locator("select[name=kinds]").select_option(["fine"]),
                form.locator("input[name=fine]").fill("150000"),
            ),
        )
        assert state(case) == "prior_notice_served"
        submit_form(page, "form.legal-review-submit", lambda f: f.locator("textarea[name=note]").fill(NOTE))

        sign_in("head")
        submit_form(
            page,
            "form.legal-review-assign",
            lambda f: f.locator("select[name=reviewer]").select_option(str(world.user("reviewer").pk)),
        )
        sign_in("reviewer")
        review(page, None, "agree", "同意")
        assert page.locator('article.review-round[data-round="2"]').get_attribute("data-opinion") == "agree"

        sign_in("officer")
        perform(page, "waive_rights")

        sign_in("head")
        submit_form(
            page,
            "form.legal-review-discuss",
            lambda f: (
                page.locator("#legal-review details summary").last.click(),
                f.locator("input[name=held_on]").fill("2026-03-05"),
                f.locator("input[name=attendees]").fill("局长、副局长、法规科长"),
                f.locator("textarea[name=opinions]").fill("一致同意"),
                f.locator("textarea[name=conclusion]").fill("同意处罚"),
            ),
        )
        assert page.locator("#legal-review p.discussion").count() == 1
        perform(
            page,
            "decide",
            lambda form: (
                form.locator("select[name=kinds]").select_option(["fine"]),
                form.locator("input[name=fine]").fill("150000"),
            ),
        )
        assert state(case) == "decided", page.locator("main").inner_text()[:3000]
        page.screenshot(path="/tmp/legal-review-decided.png", full_page=True)
    assert list(ReviewRound.objects.filter(case=case).values_list("number", "opinion")) == [
        (1, "correct"),
        (2, "agree"),
    ]
