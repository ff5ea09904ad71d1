"""The rest of the review through the JSON API over real HTTP handling: the published catalogue and
its upkeep, marking a case major, recusal, the supplement, the collective discussion, a lighter draft
reviewed, and the gate of the decision act (处罚法 Art. 58) asked through the cases API. Each refusal
carries its code, its field and a Chinese message, and writes nothing."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from sanxiang.accounts.actions import issue_api_token
from sanxiang.cases.models import Case
from sanxiang.legal_review import citations
from sanxiang.legal_review.models import Catalogue, Discussion, Escalation, ReviewRound
from tests.fingerprint import database_fingerprint
from tests.legal_review.conftest import NOTE

PERSONAS = ("officer", "head", "reviewer", "other_head")
CHINESE = re.compile(r"[\u4e00-\u9fff]")
DISCUSSION = {
    "held_on": "2026-03-05",
    "attendees": "局长、副局长、法规科长",
    "opinions": "一致同意",
    "conclusion": "同意处罚",
}


@pytest.fixture
def as_(world: Any) -> Any:
    """``as_("head")``: a client of its own per persona, all signed in before the test acts, so
    that a sign-in's ``last_login`` never shows in a fingerprint taken around a refusal."""
    clients = {}
    for name in PERSONAS:
        clients[name] = Client()
        clients[name].force_login(world.user(name), backend="django.contrib.auth.backends.ModelBackend")
    return clients.__getitem__


def send(client: Any, method: str, url: str, body: Any) -> Any:
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def post(client: Any, url: str, body: Any) -> Any:
    return send(client, "post", url, body)


def refused(response: Any, status: int, code: str, field: str | None = None) -> dict[str, Any]:
    body = response.json()
    assert response.status_code == status, body
    assert body["code"] == code, body
    assert CHINESE.search(body["message"]), body
    if field is not None:
        assert body["field"] == field, body
    return body


def review(as_: Any, world: Any, case: Case, penalty: dict[str, Any] | None = None) -> None:
    """Submit (the officer), assign (the head), answer every point and agree (the reviewer), over HTTP."""
    base = f"/api/v1/review/cases/{case.pk}"
    body: dict[str, Any] = {"note": NOTE}
    if penalty is not None:
        body["penalty"] = penalty
    submitted = post(as_("officer"), f"{base}/rounds", body)
    assert submitted.status_code == 201, submitted.json()
    reviewer_id = world.user("reviewer").pk
    assert post(as_("head"), f"{base}/review/assign", {"reviewer_id": reviewer_id}).status_code == 200
    reviewer = as_("reviewer")
    for point in range(1, 11):
        assert post(reviewer, f"{base}/review/answers", {"point": point, "answer": "pass"}).status_code == 200
    agreed = post(reviewer, f"{base}/review/opinion", {"opinion": "agree", "text": "同意"})
    assert agreed.status_code == 200, agreed.json()


def decide(client: Any, case: Case, fine: str) -> Any:
    version = Case.objects.get(pk=case.pk).version
    return post(
        client,
        f"/api/v1/cases/{case.pk}/acts/decide",
        {
            "version": version,
            "penalty": {"kinds": ["fine"], "fine": fine},
            "records": ["decision_approval", "decision"],
        },
    )


# --- the catalogue ---------------------------------------------------------------------------------


def test_the_catalogue_is_public_and_defaults_to_the_national_rules(world, client):
    response = client.get(f"/api/v1/review/agencies/{world.agency.pk}/catalogue")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["published"] is False and body["agency_id"] == world.agency.pk
    assert "licence_revocation" in body["penalty_kinds"]
    assert Decimal(body["fine_organisation"]) == 100000 and Decimal(body["fine_natural_person"]) == 10000
    assert client.get("/api/v1/review/agencies/999999/catalogue").status_code == 404


CATALOGUE = {
    "review_all": False,
    "penalty_kinds": ["closure", "licence_revocation"],
    "fine_natural_person": "20000",
    "fine_organisation": None,
    "confiscation_value": "50000",
    "hearing_held": True,
    "many_parties": 5,
    "suspected_crime": False,
}


def test_the_head_keeps_the_catalogue_and_the_portal_reads_it(world, as_, client):
    url = f"/api/v1/review/agencies/{world.agency.pk}/catalogue"
    saved = send(as_("head"), "put", url, CATALOGUE)
    assert saved.status_code == 200, saved.json()
    row = Catalogue.objects.get(agency=world.agency)
    assert row.many_parties == 5 and row.fine_natural_person == 20000 and not row.suspected_crime
    client.logout()
    public = client.get(url).json()
    assert public["published"] is True
    assert public["penalty_kinds"] == ["closure", "licence_revocation"]
    assert Decimal(public["fine_natural_person"]) == 20000 and Decimal(public["confiscation_value"]) == 50000
    assert Decimal(public["fine_organisation"]) == 100000  # empty: the policy's threshold applies
    assert public["outside_benchmark"] is False and public["dispute"] is True  # not named: defaults
    changed = {**CATALOGUE, "outside_benchmark": True, "dispute": False}
    assert send(as_("head"), "put", url, changed).status_code == 200
    assert send(as_("head"), "put", url, CATALOGUE).status_code == 200  # not named again: kept
    kept = client.get(url).json()
    assert kept["outside_benchmark"] is True and kept["dispute"] is False


def test_the_catalogue_refuses_other_editors_and_bad_values(world, as_):
    url = f"/api/v1/review/agencies/{world.agency.pk}/catalogue"
    before = database_fingerprint()
    refused(send(as_("officer"), "put", url, CATALOGUE), 403, "not_allowed")
    refused(
        send(as_("head"), "put", url, {**CATALOGUE, "many_parties": 101}),
        400,
        "many_parties",
        "many_parties",
    )
    refused(
        send(as_("head"), "put", url, {**CATALOGUE, "fine_natural_person": "-1"}),
        400,
        "decimal_format",
        "fine_natural_person",
    )
    refused(
        send(as_("head"), "put", url, {**CATALOGUE, "penalty_kinds": ["beheading"]}),
        400,
        "penalty_kind_unknown",
        "penalty_kinds",
    )
    # Another agency's head does not see agency A's internals at all.
    assert send(as_("other_head"), "put", url, CATALOGUE).status_code == 404
    assert database_fingerprint() == before


# --- marking major, recusal, supplement ------------------------------------------------------------


def test_the_officer_marks_a_case_major_with_a_reason(world, major_case, as_):
    case = major_case(fine="5000")
    url = f"/api/v1/review/cases/{case.pk}/escalations"
    before = database_fingerprint()
    refused(post(as_("officer"), url, {"ground": "complex_facts", "reason": ""}), 400, "required", "reason")
    refused(
        post(as_("officer"), url, {"ground": "whim", "reason": "案情复杂"}), 400, "choice_invalid", "ground"
    )
    refused(
        post(as_("reviewer"), url, {"ground": "complex_facts", "reason": "案情复杂"}),
        403,
        "not_allowed",
    )
    assert database_fingerprint() == before
    marked = post(as_("officer"), url, {"ground": "complex_facts", "reason": "涉及多个法律关系"})
    assert marked.status_code == 201, marked.json()
    assert marked.json()["major"] is True and marked.json()["by_id"] == world.user("officer").pk
    assert Escalation.objects.get(case=case).reason == "涉及多个法律关系"
    detail = as_("officer").get(f"/api/v1/review/cases/{case.pk}").json()
    assert detail["major"] is True
    assert [(e["ground"], e["reason"]) for e in detail["escalations"]] == [
        ("complex_facts", "涉及多个法律关系")
    ]


def test_a_reviewer_recuses_through_the_api(world, major_case, as_):
    case = major_case()
    base = f"/api/v1/review/cases/{case.pk}"
    post(as_("officer"), f"{base}/rounds", {"note": NOTE})
    reviewer = world.user("reviewer")
    post(as_("head"), f"{base}/review/assign", {"reviewer_id": reviewer.pk})
    before = database_fingerprint()
    refused(post(as_("officer"), f"{base}/recusal", {"reason": "近亲属"}), 403, "not_allowed")
    refused(post(as_("reviewer"), f"{base}/recusal", {"reason": " "}), 400, "required", "reason")
    assert database_fingerprint() == before
    done = post(as_("reviewer"), f"{base}/recusal", {"reason": "与当事人有利害关系"})
    assert done.status_code == 200, done.json()
    assert done.json()["reviewer_id"] is None
    assert ReviewRound.objects.get(case=case).recused == [reviewer.pk]
    # Stepped down: the reviewer is not assigned to the round again.
    again = post(as_("head"), f"{base}/review/assign", {"reviewer_id": reviewer.pk})
    refused(again, 400, "reviewer_recused", "reviewer")


def test_the_supplement_is_asked_and_supplied_through_the_api(world, major_case, as_, clock):
    case = major_case()
    base = f"/api/v1/review/cases/{case.pk}"
    post(as_("officer"), f"{base}/rounds", {"note": NOTE})
    post(as_("head"), f"{base}/review/assign", {"reviewer_id": world.user("reviewer").pk})
    before = database_fingerprint()
    refused(post(as_("officer"), f"{base}/supplement", {"note": "补充"}), 409, "supplement_not_asked")
    refused(post(as_("officer"), f"{base}/supplement-request", {"what": "检验报告"}), 403, "not_allowed")
    assert database_fingerprint() == before
    asked = post(as_("reviewer"), f"{base}/supplement-request", {"what": "请补充抽样检验报告原件"})
    assert asked.status_code == 200, asked.json()
    assert ReviewRound.objects.get(case=case).supplement_due == dt.date(2026, 3, 5)
    refused(post(as_("reviewer"), f"{base}/supplement", {"note": "补充"}), 403, "not_allowed")
    clock.shift(dt.timedelta(days=2))  # Wednesday 4 March, inside the window
    officer = Client()  # two days later the morning's session has lapsed: sign in again
    officer.force_login(world.user("officer"), backend="django.contrib.auth.backends.ModelBackend")
    supplied = post(officer, f"{base}/supplement", {"note": "已补充检验报告原件"})
    assert supplied.status_code == 200, supplied.json()
    assert supplied.json()["due"] == "2026-03-18"  # 10 working days from the complete package


def test_without_an_open_round_the_reviewer_acts_are_409(world, major_case, as_):
    case = major_case()
    base = f"/api/v1/review/cases/{case.pk}"
    refused(post(as_("reviewer"), f"{base}/recusal", {"reason": "回避"}), 409, "review_no_open_round")
    refused(
        post(as_("reviewer"), f"{base}/supplement-request", {"what": "材料"}),
        409,
        "review_no_open_round",
    )


# --- the collective discussion and the gate --------------------------------------------------------


def test_the_gate_through_the_api(world, major_case, act, as_, clock):
    case = major_case()
    act(case, "serve_prior_notice", records=["prior_notice"])
    act(case, "waive_rights", records=["waiver"])
    discussion_url = f"/api/v1/review/cases/{case.pk}/discussion"
    before = database_fingerprint()
    # No review yet: neither a discussion nor a decision.
    body = refused(post(as_("head"), discussion_url, DISCUSSION), 409, "discussion_needs_pass")
    assert body["citation"] == str(citations.ART_57_2)
    body = refused(decide(as_("head"), case, "200000"), 409, "legal_review_required")
    assert body["citation"] == str(citations.ART_58)
    refused(post(as_("officer"), discussion_url, DISCUSSION), 403, "not_allowed")
    assert database_fingerprint() == before

    review(as_, world, case)
    # A pass but another draft: a lower fine than the one reviewed voids the pass.
    body = refused(decide(as_("head"), case, "180000"), 409, "legal_review_stale")
    assert body["citation"] == str(citations.ART_58)
    # The reviewed draft without the heads' collective discussion.
    refused(decide(as_("head"), case, "200000"), 409, "collective_discussion_required")
    refused(
        post(as_("head"), discussion_url, {**DISCUSSION, "held_on": "昨天"}),
        400,
        "date_format",
        "held_on",
    )
    assert not Discussion.objects.filter(case=case).exists()

    discussed = post(as_("head"), discussion_url, DISCUSSION)
    assert discussed.status_code == 201, discussed.json()
    body = discussed.json()
    assert body["round_number"] == 1 and body["attendees"] == DISCUSSION["attendees"]
    assert body["draft_sha256"] == ReviewRound.objects.get(case=case).draft_hash
    assert body["document_number"]
    detail = as_("reviewer").get(f"/api/v1/review/cases/{case.pk}").json()
    assert detail["discussion"]["conclusion"] == DISCUSSION["conclusion"]
    assert detail["discussion"]["document_number"] == body["document_number"]
    decided = decide(as_("head"), case, "200000")
    assert decided.status_code == 200, decided.json()
    assert decided.json()["state"] == "decided"


def test_a_lighter_decision_is_reviewed_discussed_and_decided_through_the_api(
    world, major_case, act, as_, clock
):
    case = major_case()
    act(case, "serve_prior_notice", records=["prior_notice"])
    act(case, "waive_rights", records=["waiver"])
    lighter = {"kinds": ["fine"], "fine": "150000", "detail": "当事人陈述后从轻"}
    before = database_fingerprint()
    bad = post(
        as_("officer"),
        f"/api/v1/review/cases/{case.pk}/rounds",
        {"note": NOTE, "penalty": {"kinds": ["fine"]}},
    )
    refused(bad, 400, "fine_required", "fine")
    assert database_fingerprint() == before
    review(as_, world, case, penalty=lighter)
    round_ = ReviewRound.objects.get(case=case)
    assert Decimal(round_.draft["fine"]) == 150000 and round_.draft["detail"] == lighter["detail"]
    discussion_url = f"/api/v1/review/cases/{case.pk}/discussion"
    # The discussion of the notice's penalty is not the discussion of the reviewed draft.
    refused(post(as_("head"), discussion_url, DISCUSSION), 409, "discussion_needs_pass")
    discussed = post(as_("head"), discussion_url, {**DISCUSSION, "penalty": lighter})
    assert discussed.status_code == 201, discussed.json()
    refused(decide(as_("head"), case, "200000"), 409, "legal_review_stale")
    decided = post(
        as_("head"),
        f"/api/v1/cases/{case.pk}/acts/decide",
        {
            "version": Case.objects.get(pk=case.pk).version,
            "penalty": lighter,
            "records": ["decision_approval", "decision"],
        },
    )
    assert decided.status_code == 200, decided.json()
    assert Decimal(decided.json()["decided_penalty"]["fine"]) == 150000


def test_a_token_reads_the_catalogue_and_the_review_but_makes_no_act(world, major_case, client):
    _token, secret = issue_api_token(
        actor=world.user("admin"),
        agency=world.agency,
        name="对接测试",
        scopes=["cases:read", "catalog:write"],
    )
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    case = major_case()
    url = f"/api/v1/review/agencies/{world.agency.pk}/catalogue"
    assert client.get(url, **bearer).status_code == 200
    assert client.get(f"/api/v1/review/cases/{case.pk}", **bearer).status_code == 200
    before = database_fingerprint()
    refused(
        client.put(url, data=json.dumps(CATALOGUE), content_type="application/json", **bearer),
        403,
        "token_scope",
    )
    escalation = {"ground": "complex_facts", "reason": "案情复杂"}
    body = json.dumps(escalation)
    answer = client.post(
        f"/api/v1/review/cases/{case.pk}/escalations", data=body, content_type="application/json", **bearer
    )
    refused(answer, 403, "token_scope")
    assert database_fingerprint() == before
