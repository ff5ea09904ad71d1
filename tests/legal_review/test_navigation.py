"""Getting to the review: the reviewer's queue from the staff workbench, with each round's due date;
the agency's catalogue of major decisions from its portal page; and the submit and discussion forms'
lighter draft (a decision lighter than the notice after the statement, Art. 45) posted from the page."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from sanxiang.cases import actions as case_actions
from sanxiang.evidence import actions as evidence_actions
from sanxiang.evidence import blobs
from sanxiang.legal_review import actions, rules
from sanxiang.legal_review.models import Discussion, ReviewRound
from tests.cases.conftest import MONDAY, ORGANISATION
from tests.fingerprint import database_fingerprint
from tests.legal_review.conftest import NOTE
from tests.legal_review.test_browser_review import committed, submit_form  # noqa: F401  (fixture)

PERSONAS = ("officer", "head", "reviewer")
DISCUSSION = {
    "held_on": "2026-03-05",
    "attendees": "局长、副局长、法规科长",
    "opinions": "一致同意从轻处罚",
    "conclusion": "同意罚款十五万元",
}


@pytest.fixture
def as_(world: Any) -> Any:
    """A client of its own per persona, signed in before the test acts (``last_login`` stays out
    of the fingerprints taken around refusals)."""
    clients = {}
    for name in PERSONAS:
        clients[name] = Client()
        clients[name].force_login(world.user(name), backend="django.contrib.auth.backends.ModelBackend")
    return clients.__getitem__


def due_cell(html: str, table: str, case_id: int) -> str | None:
    """The due-date cell of the case's row in one of the queue's tables (mine, unassigned, overdue)."""
    found = re.search(rf'<table class="review-queue {table}">(.*?)</table>', html, re.S)
    if found is None:
        return None
    row = re.search(rf'<tr data-case="{case_id}">(.*?)</tr>', found.group(1), re.S)
    if row is None:
        return None
    cell = re.search(r'<td class="due">([^<]*)</td>', row.group(1))
    return cell.group(1) if cell else None


def test_the_reviewer_sees_their_queue_with_due_dates(world, major_case, as_, clock):
    case = major_case()
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    # Waiting for a reviewer: the head sees it unassigned with its due date.
    assert due_cell(as_("head").get("/review/").content.decode(), "unassigned", case.pk) == "2026-03-16"
    actions.assign(actor=world.user("head"), round=round_, reviewer=world.user("reviewer"))
    page = as_("reviewer").get("/review/")
    assert page.status_code == 200
    html = page.content.decode()
    assert due_cell(html, "mine", case.pk) == "2026-03-16"  # 10 working days from Monday 2 March
    assert due_cell(html, "unassigned", case.pk) is None


def test_the_workbench_links_reviewers_and_heads_to_the_queue(world, as_):
    queue = reverse("legal_review:queue")
    link = f'href="{queue}" data-testid="workbench-review-queue"'
    for name in ("reviewer", "head"):
        html = as_(name).get(reverse("accounts:workbench")).content.decode()
        assert link in html and "法制审核待办" in html, name
    assert link not in as_("officer").get(reverse("accounts:workbench")).content.decode()


def test_the_portal_agency_page_links_to_the_catalogue(world, client):
    catalogue = reverse("legal_review:catalogue", args=[world.agency.pk])
    for tab in ("agency", "officers", "items"):
        page = client.get(reverse(f"catalog_public:{tab}", args=[world.agency.pk]))
        assert page.status_code == 200
        assert f'href="{catalogue}" data-tab="review-catalogue"' in page.content.decode(), tab
    published = client.get(catalogue)
    assert published.status_code == 200
    assert '<table class="catalogue">' in published.content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_the_browser_the_queue_from_the_workbench_and_the_catalogue_from_the_portal(world, login_page):
    page = login_page("reviewer")
    page.click("[data-testid=workbench-review-queue]")
    page.wait_for_url("**/review/")
    # Mine, waiting for a reviewer, overdue.
    assert page.locator("h2").count() == 3 and page.locator("p.help").count() == 3
    page.goto(reverse("catalog_public:agency", args=[world.agency.pk]))
    page.click("[data-tab=review-catalogue]")
    page.wait_for_url(f"**/review/catalogue/{world.agency.pk}/")
    assert page.locator("table.catalogue tr[data-rule=fine]").count() == 1


# --- a lighter draft through the forms -------------------------------------------------------------


def test_a_lighter_draft_is_submitted_and_discussed_from_the_page(world, major_case, act, as_, clock):
    case = major_case()
    act(case, "serve_prior_notice", records=["prior_notice"])
    act(case, "waive_rights", records=["waiver"])
    panel = as_("officer").get(f"/cases/{case.pk}/").content.decode()
    submit_form = panel[panel.index('class="legal-review-submit"') :]
    assert 'name="fine"' in submit_form[: submit_form.index("</form>")]
    before = database_fingerprint()
    bad = as_("officer").post(f"/review/case/{case.pk}/submit/", {"note": NOTE, "kinds": ["fine"]})
    assert bad.status_code == 400 and "fine_required" in bad.content.decode()
    assert database_fingerprint() == before
    lighter = {"kinds": ["fine"], "fine": "150000", "detail": "当事人陈述后从轻"}
    done = as_("officer").post(f"/review/case/{case.pk}/submit/", {"note": NOTE, **lighter})
    assert done.status_code == 302
    round_ = ReviewRound.objects.get(case=case)
    assert Decimal(round_.draft["fine"]) == 150000 and round_.draft["detail"] == lighter["detail"]
    reviewer = world.user("reviewer")
    actions.assign(actor=world.user("head"), round=round_, reviewer=reviewer)
    for point in range(1, 11):
        actions.answer(actor=reviewer, round=round_, point=point, answer="pass")
    actions.give_opinion(actor=reviewer, round=round_, opinion="agree", text="同意从轻")
    head_panel = as_("head").get(f"/cases/{case.pk}/").content.decode()
    discuss_form = head_panel[head_panel.index('class="legal-review-discuss"') :]
    assert 'name="kinds"' in discuss_form[: discuss_form.index("</form>")]
    before = database_fingerprint()
    # The notice's penalty is not the draft that passed: the discussion is refused.
    notice = as_("head").post(f"/review/case/{case.pk}/discuss/", DISCUSSION)
    assert notice.status_code == 409 and "discussion_needs_pass" in notice.content.decode()
    assert database_fingerprint() == before
    discussed = as_("head").post(f"/review/case/{case.pk}/discuss/", {**DISCUSSION, **lighter})
    assert discussed.status_code == 302
    assert Discussion.objects.get(case=case).draft_hash == round_.draft_hash


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_the_browser_a_lighter_draft_is_submitted_discussed_and_decided(
    world,
    committed,  # noqa: F811
    page,
    login_page,
    settings,
):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # the server's clock is in March 2026
    head, officer, reviewer = world.user("head"), world.user("officer"), world.user("reviewer")
    with time_machine.travel(MONDAY, tick=True):
        actions.save_catalogue(
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
            evidence_actions.add_evidence(
                actor=officer, case=case, upload=staged, data={"kind": "documentary"}
            )
        finally:
            staged.close()
        notice = {"kinds": ["fine"], "fine": "200000", "records": ["investigation_report"]}
        case_actions.perform(case, "close_investigation", officer, notice)
        case_actions.perform(case, "serve_prior_notice", officer, {"records": ["prior_notice"]})
        case_actions.perform(case, "waive_rights", officer, {"records": ["waiver"]})

        def fill_lighter(form: Any) -> None:
            form.locator('input[name=kinds][value="fine"]').check()
            form.locator("input[name=fine]").fill("150000")
            form.locator("input[name=detail]").fill("当事人陈述后从轻")

        login_page("officer")
        page.goto(f"/cases/{case.pk}/")
        submit_form(
            page,
            "form.legal-review-submit",
            lambda f: (f.locator("textarea[name=note]").fill(NOTE), fill_lighter(f)),
        )
        round_ = ReviewRound.objects.get(case=case)
        assert Decimal(round_.draft["fine"]) == 150000
        actions.assign(actor=head, round=round_, reviewer=reviewer)
        for point in range(1, 11):
            actions.answer(actor=reviewer, round=round_, point=point, answer="pass")
        actions.give_opinion(actor=reviewer, round=round_, opinion="agree", text="同意从轻")

        page.context.clear_cookies()
        login_page("head")
        page.goto(f"/cases/{case.pk}/")
        form = page.locator("form.legal-review-discuss")
        page.locator("#legal-review details summary").last.click()
        submit_form(
            page,
            "form.legal-review-discuss",
            lambda f: (
                f.locator("input[name=held_on]").fill("2026-03-02"),
                f.locator("input[name=attendees]").fill("局长、副局长、法规科长"),
                f.locator("textarea[name=opinions]").fill("一致同意从轻"),
                f.locator("textarea[name=conclusion]").fill("同意罚款十五万元"),
                fill_lighter(f),
            ),
        )
        assert form.count() == 1
        assert page.locator("#legal-review p.discussion").count() == 1
        assert Discussion.objects.get(case=case).draft_hash == round_.draft_hash
        lighter = {"kinds": ["fine"], "fine": "150000", "detail": "当事人陈述后从轻"}
        case_actions.perform(case, "decide", head, {**lighter, "records": ["decision_approval", "decision"]})
        case.refresh_from_db()
        assert case.state == "decided"
