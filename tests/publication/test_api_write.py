"""The publication flow through the JSON API, over real HTTP handling: every step calls the action
the record page calls, errors come back in the house format, the state the caller saw is checked,
and a refused step writes nothing."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sanxiang.accounts.actions import issue_api_token
from sanxiang.publication import actions
from sanxiang.publication.models import Correction, OutboxMessage, RecordState
from sanxiang.recordlog.models import Entry
from tests.fingerprint import database_fingerprint
from tests.publication.conftest import PERSON, PLANTED_ID


def post(client: Any, url: str, body: dict[str, Any], **headers: Any) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


def refused(client: Any, url: str, body: dict[str, Any], status: int, code: str, **headers: Any) -> dict:
    before = database_fingerprint()
    response = post(client, url, body, **headers)
    assert response.status_code == status, response.content
    payload = response.json()
    assert payload["code"] == code and payload["message"]
    assert database_fingerprint() == before
    return payload


def test_the_whole_flow_from_draft_to_withdrawal_by_session(world, decided, client_as, clock):
    record = decided(parties=[{**PERSON, "address": "东湖县幸福路8号"}])
    base = f"/api/v1/publication/records/{record.pk}"

    officer = client_as("officer")
    detail = officer.get(base).json()
    assert (
        detail["state"] == "draft"
        and PLANTED_ID in detail["original_text"]
        and detail["content"] == "summary"
    )
    edited = post(officer, f"{base}/draft", {"state": "draft", "other_persons": "王五"})
    assert edited.status_code == 200
    submitted = post(officer, f"{base}/submit", {"state": "draft"}).json()
    assert submitted["state"] == "redaction" and submitted["masks"]
    assert PLANTED_ID not in submitted["redacted_text"]

    publisher = client_as("publisher")
    id_mask = next(m for m in submitted["masks"] if m["text"] == PLANTED_ID)
    unmasked = post(
        publisher, f"{base}/masks/{id_mask['index']}/remove", {"state": "redaction", "reason": "误判"}
    )
    assert unmasked.status_code == 200 and unmasked.json()["leak_hits"][0]["text"] == PLANTED_ID
    leak = refused(publisher, f"{base}/review", {"state": "redaction"}, 400, "publication_leak")
    assert leak["field"] == "masks" and "个人信息保护法" in leak["citation"]
    masked = post(
        publisher, f"{base}/masks", {"state": "redaction", "text": PLANTED_ID, "reason": "身份证号码"}
    )
    assert masked.status_code == 200 and masked.json()["leak_hits"] == []
    assert post(publisher, f"{base}/review", {"state": "redaction"}).json()["state"] == "approval"

    head = client_as("head")
    back = post(head, f"{base}/send-back", {"state": "approval", "reason": "再核一遍"})
    assert back.json()["state"] == "redaction"
    post(client_as("publisher"), f"{base}/review", {"state": "redaction"})
    head = client_as("head")
    published = post(head, f"{base}/approve", {"state": "approval"}).json()
    assert published["state"] == "published" and PLANTED_ID not in published["published_text"]
    public = head.get(f"/api/v1/publication/items/{record.pk}").json()
    assert public["sha256"] == published["sha256"]

    # A repeated click (the state the caller saw is gone) is 409 and writes nothing.
    refused(head, f"{base}/approve", {"state": "approval"}, 409, "publication_changed")

    withdrawn = post(
        head,
        f"{base}/withdraw",
        {"state": "published", "ground": "revoked", "reason": "复议撤销", "ground_on": "2026-03-02"},
    )
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"
    assert head.get(f"/api/v1/publication/items/{record.pk}").status_code == 404
    takedowns = head.get("/api/v1/publication/takedowns").json()
    assert takedowns[0]["id"] == record.pk and takedowns[0]["state"] == "withdrawn"
    assert takedowns[0]["reason"] == "复议撤销"
    kinds = list(
        Entry.objects.filter(subject_id=str(record.pk), kind__startswith="publication.")
        .order_by("seq")
        .values_list("kind", flat=True)
    )
    assert kinds == [
        "publication.created",
        "publication.document_number_filled",  # the 决定书 issued after the decision
        "publication.draft_edited",
        "publication.submitted",
        "publication.mask_removed",
        "publication.mask_added",
        "publication.reviewed",
        "publication.sent_back",
        "publication.reviewed",
        "publication.published",
        "publication.withdrawn",
    ]


def test_who_may_take_a_step_is_asked_before_the_state(world, decided, client_as, client):
    record = decided()
    base = f"/api/v1/publication/records/{record.pk}"
    assert post(client, f"{base}/submit", {"state": "draft"}).status_code == 401
    # The publisher may not submit a draft, whatever state it names; the head of another agency
    # does not see the record at all.
    refused(client_as("publisher"), f"{base}/submit", {"state": "approval"}, 403, "publication_not_allowed")
    refused(client_as("other_head"), f"{base}/submit", {"state": "draft"}, 404, "publication_not_visible")
    assert client_as("other_head").get(base).status_code == 404
    refused(client_as("officer"), f"{base}/submit", {"state": "redaction"}, 409, "publication_changed")
    bad = refused(client_as("officer"), f"{base}/submit", {}, 400, "invalid")
    assert bad["field"] == "state"


def test_an_api_token_may_read_but_never_act(world, decided, client):
    record = decided()
    _token, secret = issue_api_token(
        actor=world.user("admin"), agency=world.agency, name="平台", scopes=["cases:read"]
    )
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    base = f"/api/v1/publication/records/{record.pk}"
    # Reading with cases:read is allowed (and logged as a read of personal data).
    read = client.get(base, **auth)
    assert read.status_code == 200 and read.json()["state"] == "draft"
    assert Entry.objects.filter(kind="access.publication_original", payload__via__isnull=False).exists()
    refused(client, f"{base}/submit", {"state": "draft"}, 403, "token_scope", **auth)


def test_withholding_and_invalid_input_through_the_api(world, decided, client_as):
    record = decided()
    base = f"/api/v1/publication/records/{record.pk}"
    officer = client_as("officer")
    bad = refused(
        officer, f"{base}/withhold", {"state": "draft", "ground": "whim", "note": "x"}, 400, "choice_invalid"
    )
    assert bad["field"] == "ground"
    done = post(
        officer, f"{base}/withhold", {"state": "draft", "ground": "commercial_secret", "note": "配方"}
    )
    assert done.status_code == 200 and done.json()["state"] == "withheld"
    assert "第十五条" in done.json()["withheld_reason"]


def test_a_correction_is_answered_and_an_item_removed_early_through_the_api(
    world, published, client_as, clock
):
    record = published()
    correction = actions.request_correction(
        record=record,
        data={"requester": "李四", "contact": "13900000000", "request": "日期有误", "evidence": "送达回证"},
    )
    base = f"/api/v1/publication/records/{record.pk}"
    publisher = client_as("publisher")
    text = record.published_text.replace("经营", "销售")
    answered = post(
        publisher,
        f"{base}/corrections/{correction.pk}",
        {"state": "published", "accept": True, "response": "已更正", "text": text},
    )
    assert answered.status_code == 200 and answered.json()["version"] == 2
    assert answered.json()["published_text"] == text
    assert Correction.objects.get(pk=correction.pk).state == "accepted"
    refused(
        publisher,
        f"{base}/corrections/{correction.pk + 1000}",
        {"state": "published", "accept": False, "response": "x"},
        400,
        "correction_unknown",
    )

    too_early = refused(
        publisher,
        f"{base}/removal",
        {"state": "published", "reason": "已修复", "repair_reference": "信修〔2026〕1号"},
        403,
        "removal_too_early",
    )
    assert "信用修复管理办法" in too_early["citation"]
    clock.shift(dt.timedelta(days=100))
    publisher = client_as("publisher")  # the session of 100 days ago has expired
    removed = post(
        publisher,
        f"{base}/removal",
        {"state": "published", "reason": "已修复", "repair_reference": "信修〔2026〕1号"},
    )
    assert removed.status_code == 200 and removed.json()["state"] == RecordState.REMOVED
    takedowns = publisher.get("/api/v1/publication/takedowns").json()
    assert takedowns[0]["state"] == "removed" and takedowns[0]["reason"] == "已修复"
    assert takedowns[0]["ground"] == "credit_repair" and "text" not in takedowns[0]
    assert OutboxMessage.objects.filter(record=record, event="removed").count() == 1
