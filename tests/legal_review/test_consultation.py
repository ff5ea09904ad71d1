"""The legal adviser's opinion (法律顾问意见, 国办发〔2018〕118号 §四): the handlers or the reviewers of
the case's agency record it on an open general case, with the 法律顾问意见书 issued in the same
transaction and the step in the record log; nobody else may, nor on a simple case, nor with a bad
date — and a refusal writes nothing. The collective discussion is issued as its record (集体讨论记录)."""

from __future__ import annotations

import datetime as dt
import json

from django.test import Client

from sanxiang.documents.models import Document
from sanxiang.legal_review import actions
from sanxiang.legal_review.consultation import record_consultation
from sanxiang.legal_review.models import Consultation, Discussion
from sanxiang.recordlog.models import Entry
from tests.cases.conftest import PERSON
from tests.fingerprint import database_fingerprint
from tests.legal_review.conftest import NOTE
from tests.legal_review.test_review_flow import answer_all, discuss, refused

DATA = {
    "adviser_name": "陈律师",
    "adviser_role": "legal_adviser",
    "adviser_organisation": "浙江某某律师事务所",
    "question": "对公司经营过期食品处以二十万元罚款，裁量是否适当？",
    "opinion": "事实清楚，适用法律正确，裁量适当。",
    "consulted_on": "2026-03-02",
}


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def signed_in(world, *names):
    """One client per persona, each signed in before any fingerprint is taken (signing in writes a
    session)."""
    clients = []
    for name in names:
        client = Client()
        client.force_login(world.user(name), backend="django.contrib.auth.backends.ModelBackend")
        clients.append(client)
    return clients


def test_a_reviewer_records_an_advisers_opinion_with_its_document(world, major_case, clock):
    case = major_case()
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    reviewer = world.user("reviewer")
    row = record_consultation(actor=reviewer, case=case, data=DATA, round=round_)
    assert (row.adviser_name, row.adviser_role, row.round, row.consulted_on) == (
        "陈律师",
        "legal_adviser",
        round_,
        dt.date(2026, 3, 2),
    )
    document = Document.objects.get(pk=row.document_id)
    assert document.kind == "legal_adviser_opinion" and document.case_id == case.pk
    assert document.values["adviser_opinion"] == DATA["opinion"]
    assert "陈律师" in document.values["adviser"] and "浙江某某律师事务所" in document.values["adviser"]
    entry = Entry.objects.get(kind="legal_review.consulted")
    assert entry.actor_id == reviewer.pk
    assert entry.payload["document_number"] == document.number and entry.payload["round"] == 1
    # The officers record one too, without a round: a second row, a second document number.
    second = record_consultation(
        actor=world.user("officer"), case=case, data=DATA | {"adviser_role": "public_lawyer"}
    )
    assert second.round is None and second.document.number != document.number


def test_only_the_agencys_handlers_and_reviewers_record_it(world, major_case, clock):
    case = major_case()
    for persona in ("publisher", "supervisor", "admin", "other_head"):
        refused(
            lambda p=persona: record_consultation(actor=world.user(p), case=case, data=DATA), "not_allowed"
        )
    assert not Consultation.objects.exists() and not Document.objects.filter(kind="legal_adviser_opinion")


def test_bad_input_is_refused_and_writes_nothing(world, major_case, clock):
    case = major_case()
    head = world.user("head")
    refused(lambda: record_consultation(actor=head, case=case, data=DATA | {"opinion": " "}), "required")
    refused(
        lambda: record_consultation(actor=head, case=case, data=DATA | {"adviser_role": "friend"}),
        "choice_invalid",
    )
    future = refused(
        lambda: record_consultation(actor=head, case=case, data=DATA | {"consulted_on": "2026-03-03"}),
        "date_in_future",
    )
    assert future.field == "consulted_on"


def test_a_simple_procedure_case_has_no_adviser_opinion(world, open_case, clock):
    case = open_case(procedure="simple", parties=[PERSON])
    error = refused(
        lambda: record_consultation(actor=world.user("officer"), case=case, data=DATA),
        "consultation_wrong_state",
    )
    assert error.citation


def test_the_panel_shows_the_opinions_and_the_form_to_whom_may_record(world, major_case, clock):
    case = major_case()
    reviewer, supervisor, publisher = signed_in(world, "reviewer", "supervisor", "publisher")
    form = {**DATA, "round": ""}
    response = reviewer.post(f"/review/case/{case.pk}/consult/", form)
    assert response.status_code == 302
    row = Consultation.objects.get(case=case)
    body = reviewer.get(f"/cases/{case.pk}/").content.decode()
    assert f'data-id="{row.pk}"' in body and row.document.number in body and "legal-review-consult" in body
    assert "legal-review-consult" not in supervisor.get(f"/cases/{case.pk}/").content.decode()
    before = database_fingerprint()
    bad = reviewer.post(f"/review/case/{case.pk}/consult/", {**form, "question": ""})
    assert bad.status_code == 400 and 'data-code="required"' in bad.content.decode()
    assert publisher.post(f"/review/case/{case.pk}/consult/", form).status_code == 403
    assert database_fingerprint() == before


def test_the_api_lists_and_records_opinions(world, major_case, clock):
    case = major_case()
    officer, supervisor, publisher, other_head = signed_in(
        world, "officer", "supervisor", "publisher", "other_head"
    )
    actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    url = f"/api/v1/review/cases/{case.pk}/consultations"
    created = post(officer, url, DATA | {"round_number": 1})
    assert created.status_code == 201, created.json()
    assert created.json()["round_number"] == 1 and created.json()["document_number"]
    listed = supervisor.get(url)
    assert listed.status_code == 200 and [c["adviser_name"] for c in listed.json()] == ["陈律师"]
    before = database_fingerprint()
    assert post(publisher, url, DATA).status_code == 403
    assert post(other_head, url, DATA).status_code == 404
    wrong_round = post(officer, url, DATA | {"round_number": 7})
    assert wrong_round.status_code == 400 and wrong_round.json()["code"] == "round_unknown"
    assert database_fingerprint() == before


def test_the_collective_discussion_is_issued_as_its_record(world, major_case, clock):
    case = major_case()
    actions_round = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    actions.assign(actor=world.user("head"), round=actions_round, reviewer=world.user("reviewer"))
    answer_all(actions_round, world.user("reviewer"))
    actions.give_opinion(actor=world.user("reviewer"), round=actions_round, opinion="agree", text="同意")
    row = discuss(world, case)
    discussion = Discussion.objects.get(pk=row.pk)
    assert discussion.document is not None and discussion.document.kind == "collective_discussion"
    assert discussion.document.values["participants"] == "局长、副局长、法规科长"
    entry = Entry.objects.get(kind="legal_review.discussed")
    assert entry.payload["document_number"] == discussion.document.number
