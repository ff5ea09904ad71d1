"""The review through the JSON API over real HTTP handling: submit, assign, answer, opinion; the
queue shows the due date; refusals carry their code and write nothing."""

from __future__ import annotations

import json

from sanxiang.legal_review.models import ChecklistAnswer, ReviewRound
from tests.fingerprint import database_fingerprint
from tests.legal_review.conftest import NOTE


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_a_review_round_through_the_api(world, major_case, client_as, clock):
    case = major_case()
    base = f"/api/v1/review/cases/{case.pk}"
    officer = client_as("officer")
    response = post(officer, f"{base}/rounds", {"note": NOTE})
    assert response.status_code == 201, response.json()
    assert response.json()["due"] == "2026-03-16"
    head = client_as("head")
    assert post(head, f"{base}/review/assign", {"reviewer_id": world.user("reviewer").pk}).status_code == 200
    reviewer = client_as("reviewer")
    queue = reviewer.get("/api/v1/review/queue").json()
    assert [(r["case_id"], r["due"]) for r in queue["mine"]] == [(case.pk, "2026-03-16")]
    before = database_fingerprint()
    early = post(reviewer, f"{base}/review/opinion", {"opinion": "agree", "text": "同意"})
    assert early.status_code == 400 and early.json()["code"] == "checklist_incomplete"
    assert database_fingerprint() == before
    for point in range(1, 11):
        answered = post(reviewer, f"{base}/review/answers", {"point": point, "answer": "pass"})
        assert answered.status_code == 200, answered.json()
    done = post(reviewer, f"{base}/review/opinion", {"opinion": "agree", "text": "同意"})
    assert done.status_code == 200 and done.json()["opinion"] == "agree"
    detail = reviewer.get(base).json()
    assert detail["major"] and [m["rule"] for m in detail["matched"]] == ["fine"]
    assert ChecklistAnswer.objects.filter(round__case=case).count() == 10
    assert ReviewRound.objects.get(case=case).passed


def test_an_officer_cannot_answer_the_checklist(world, major_case, client_as):
    case = major_case()
    post(client_as("officer"), f"/api/v1/review/cases/{case.pk}/rounds", {"note": NOTE})
    before = database_fingerprint()
    response = post(
        client_as("officer"), f"/api/v1/review/cases/{case.pk}/review/answers", {"point": 1, "answer": "pass"}
    )
    assert response.status_code == 403 and response.json()["code"] == "not_allowed"
    assert database_fingerprint() == before
