"""The extension with approval (legal-rules C-08): the assigned reviewer asks with a reason, the head
refuses with a reason or approves — the approval completes the request and moves the due date by
the policy's 3 working days, once. Through the actions, the pages and the API; the wrong person,
a second request or a refusal of nothing is refused and writes nothing."""

from __future__ import annotations

import datetime as dt
import json

from sanxiang.legal_review import actions
from sanxiang.legal_review.extension import extend, refuse_extension, request_extension
from sanxiang.legal_review.models import ReviewRound
from sanxiang.recordlog.models import Entry
from tests.fingerprint import database_fingerprint
from tests.legal_review.conftest import NOTE
from tests.legal_review.test_consultation import signed_in
from tests.legal_review.test_review_flow import refused


def assigned_round(world, major_case):
    case = major_case()
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    return actions.assign(actor=world.user("head"), round=round_, reviewer=world.user("reviewer"))


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_the_reviewer_asks_the_head_refuses_then_approves(world, major_case, clock):
    round_ = assigned_round(world, major_case)
    head, reviewer, officer = world.user("head"), world.user("reviewer"), world.user("officer")
    refused(lambda: request_extension(actor=officer, round=round_, reason="案情复杂"), "not_allowed")
    refused(lambda: request_extension(actor=head, round=round_, reason="案情复杂"), "not_allowed")
    refused(lambda: request_extension(actor=reviewer, round=round_, reason=" "), "required")
    refused(lambda: refuse_extension(actor=head, round=round_, reason="不同意"), "extension_not_requested")

    asked = request_extension(actor=reviewer, round=round_, reason="涉及多个法律关系，需征询法律顾问")
    assert asked.extension_pending and asked.due == dt.date(2026, 3, 16)
    refused(lambda: request_extension(actor=reviewer, round=round_, reason="再次申请"), "extension_pending")
    refused(lambda: refuse_extension(actor=reviewer, round=round_, reason="不同意"), "not_allowed")
    refused(
        lambda: refuse_extension(actor=world.user("other_head"), round=round_, reason="不同意"), "not_allowed"
    )
    refused(lambda: refuse_extension(actor=head, round=round_, reason=""), "required")

    no = refuse_extension(actor=head, round=round_, reason="期限内可以完成")
    assert not no.extension_pending and no.due == dt.date(2026, 3, 16) and not no.extended_days
    assert no.extension_refusal_reason == "期限内可以完成"

    again = request_extension(actor=reviewer, round=round_, reason="法律顾问意见尚未出具")
    assert again.extension_pending
    yes = extend(actor=head, round=round_, reason="同意延长")
    assert yes.due == dt.date(2026, 3, 19) and yes.extended_days == 3 and not yes.extension_pending
    refused(lambda: request_extension(actor=reviewer, round=round_, reason="再延"), "review_extended")

    kinds = list(
        Entry.objects.filter(kind__startswith="legal_review.extension")
        .order_by("seq")
        .values_list("kind", flat=True)
    )
    assert kinds == [
        "legal_review.extension_requested",
        "legal_review.extension_refused",
        "legal_review.extension_requested",
    ]
    extended = Entry.objects.get(kind="legal_review.extended")
    assert extended.actor_id == head.pk and extended.payload["requested_by"] == reviewer.pk
    assert (extended.payload["from"], extended.payload["to"]) == ("2026-03-16", "2026-03-19")


def test_a_closed_round_takes_no_request(world, major_case, clock):
    round_ = assigned_round(world, major_case)
    reviewer = world.user("reviewer")
    for point in range(1, 11):
        actions.answer(actor=reviewer, round=round_, point=point, answer="pass")
    actions.give_opinion(actor=reviewer, round=round_, opinion="agree", text="同意")
    refused(lambda: request_extension(actor=reviewer, round=round_, reason="案情复杂"), "review_closed")


def test_the_panel_shows_each_person_their_buttons(world, major_case, clock):
    round_ = assigned_round(world, major_case)
    case_url = f"/cases/{round_.case_id}/"
    reviewer, head, officer = signed_in(world, "reviewer", "head", "officer")
    assert "legal-review-extension-request" in reviewer.get(case_url).content.decode()
    officer_page = officer.get(case_url).content.decode()
    assert "legal-review-extension-request" not in officer_page
    assert "legal-review-extension-approve" not in officer_page
    before = database_fingerprint()
    assert (
        officer.post(f"/review/case/{round_.case_id}/extension/request/", {"reason": "x"}).status_code == 403
    )
    assert (
        reviewer.post(f"/review/case/{round_.case_id}/extension/approve/", {"reason": "x"}).status_code == 403
    )
    assert database_fingerprint() == before

    response = reviewer.post(f"/review/case/{round_.case_id}/extension/request/", {"reason": "案情复杂"})
    assert response.status_code == 302
    head_page = head.get(case_url).content.decode()
    assert 'data-state="requested"' in head_page and "legal-review-extension-refuse" in head_page
    assert "extension-requested" in reviewer.get("/review/").content.decode()
    assert "legal-review-extension-request" not in reviewer.get(case_url).content.decode()
    assert (
        head.post(f"/review/case/{round_.case_id}/extension/approve/", {"reason": "同意"}).status_code == 302
    )
    assert ReviewRound.objects.get(pk=round_.pk).due == dt.date(2026, 3, 19)
    queue = reviewer.get("/review/").content.decode()
    assert 'class="due">2026-03-19<' in queue
    assert 'data-state="extended"' in head.get(case_url).content.decode()


def test_the_extension_through_the_api(world, major_case, clock):
    round_ = assigned_round(world, major_case)
    base = f"/api/v1/review/rounds/{round_.pk}"
    reviewer, head, officer, other_head = signed_in(world, "reviewer", "head", "officer", "other_head")
    before = database_fingerprint()
    assert post(officer, f"{base}/extension-request", {"reason": "x"}).status_code == 403
    assert post(other_head, f"{base}/extension", {"reason": "x"}).status_code == 404
    early = post(head, f"{base}/extension-refusal", {"reason": "不同意"})
    assert early.status_code == 409 and early.json()["code"] == "extension_not_requested"
    assert database_fingerprint() == before

    asked = post(reviewer, f"{base}/extension-request", {"reason": "案情复杂"})
    assert asked.status_code == 200 and asked.json()["extension_requested"]
    no = post(head, f"{base}/extension-refusal", {"reason": "期限内可以完成"})
    assert no.status_code == 200 and not no.json()["extension_requested"]
    assert no.json()["extension_refusal_reason"] == "期限内可以完成"
    post(reviewer, f"{base}/extension-request", {"reason": "仍需研究"})
    yes = post(head, f"{base}/extension", {"reason": "同意"})
    assert yes.status_code == 200 and yes.json()["due"] == "2026-03-19" and yes.json()["extended_days"] == 3
    queue = reviewer.get("/api/v1/review/queue").json()
    assert [r["due"] for r in queue["mine"]] == ["2026-03-19"]
    twice = post(head, f"{base}/extension", {"reason": "再延"})
    assert twice.status_code == 409 and twice.json()["code"] == "review_extended"
