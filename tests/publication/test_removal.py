"""Early removal after credit repair (信用修复): the publication officer or the head takes a published
item off the portal with a reason and the repair decision, when the agency's policy allows it, after
the minimum period, and never for the penalty kinds Art. 14 ¶2 excludes. Refusals cite the rule and
write nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sanxiang.core.actions import record_policy_value
from sanxiang.core.errors import Invalid, NotAllowed, WrongState
from sanxiang.legal_review.actions import save_catalogue
from sanxiang.publication import queries, removal
from sanxiang.publication.models import OutboxMessage, RecordState
from sanxiang.recordlog.models import Entry
from tests.fingerprint import database_fingerprint

REPAIR = {"reason": "当事人已履行处罚决定并完成信用修复", "repair_reference": "信修〔2026〕12号"}


def _refused(call: Any, error: type[Exception]) -> Any:
    before = database_fingerprint()
    with pytest.raises(error) as refused:
        call()
    assert database_fingerprint() == before
    return refused.value


def test_the_publication_officer_removes_a_repaired_item_early(world, published, clock, client):
    record = published()
    clock.shift(dt.timedelta(days=100))
    record = removal.remove_early(actor=world.user("publisher"), record=record, data=REPAIR)
    assert record.state == RecordState.REMOVED and record.removed_at is not None
    assert record.removal_reason == REPAIR["reason"] and "信用修复管理办法" in record.removal_citation
    assert record.summary["credit_repair_reference"] == "信修〔2026〕12号"
    assert record.search_text == "" and not queries.public_items().filter(pk=record.pk).exists()
    assert client.get(f"/publication/item/{record.pk}/").status_code == 404
    # The takedown log names it and the reason, never the content.
    log = list(removal.takedown_log())
    assert [r.pk for r in log] == [record.pk] and log[0].state == "removed"
    page = client.get("/publication/takedowns/").content.decode()
    assert REPAIR["reason"] in page and record.document_number in page
    assert record.published_text.splitlines()[-1] not in page
    message = OutboxMessage.objects.get(record=record, event="removed")
    assert message.payload["reason"] == REPAIR["reason"] and "text" not in message.payload
    entry = Entry.objects.get(kind="publication.removed", subject_id=str(record.pk))
    assert entry.payload["repair_reference"] == "信修〔2026〕12号"


def test_the_head_may_remove_and_an_officer_may_not(world, published, clock):
    first, second = published(), published()
    clock.shift(dt.timedelta(days=100))
    refused = _refused(
        lambda: removal.remove_early(actor=world.user("officer"), record=first, data=REPAIR), NotAllowed
    )
    assert refused.code == "publication_not_allowed"
    assert removal.remove_early(actor=world.user("head"), record=second, data=REPAIR).state == "removed"


@pytest.mark.parametrize(
    "kinds",
    [
        ["fine", "suspension"],
        ["licence_revocation"],
        ["licence_suspension"],
        ["activity_restriction"],
        ["employment_restriction"],
        ["qualification_lowered"],
    ],
)
def test_excluded_penalty_kinds_stay_public_for_the_whole_period(world, published, clock, kinds):
    # An empty catalogue of major decisions, so these penalties need no legal review in this test.
    save_catalogue(actor=world.user("head"), agency=world.agency, data={"penalty_kinds": []})
    record = published(kinds=kinds, fine="1000" if "fine" in kinds else "")
    clock.shift(dt.timedelta(days=100))
    refused = _refused(
        lambda: removal.remove_early(actor=world.user("publisher"), record=record, data=REPAIR), NotAllowed
    )
    assert refused.code == "removal_excluded_penalty"
    assert "第十四条第二款" in str(refused.citation)
    record.refresh_from_db()
    assert record.state == RecordState.PUBLISHED


def test_removal_waits_for_the_minimum_period(world, published, clock):
    record = published()
    clock.shift(dt.timedelta(days=30))
    refused = _refused(
        lambda: removal.remove_early(actor=world.user("publisher"), record=record, data=REPAIR), NotAllowed
    )
    assert refused.code == "removal_too_early" and "2026-06-02" in str(refused.message)
    assert "信用修复管理办法" in str(refused.citation)


def test_the_agency_s_policy_may_forbid_early_removal(world, published, clock):
    record_policy_value(
        actor=world.user("admin"),
        key="publication.early_removal",
        scope=f"agency:{world.agency.pk}",
        value="false",
        reason="测试",
    )
    record = published()
    clock.shift(dt.timedelta(days=100))
    refused = _refused(
        lambda: removal.remove_early(actor=world.user("publisher"), record=record, data=REPAIR), NotAllowed
    )
    assert refused.code == "removal_not_allowed_by_policy"
    assert "publication.early_removal" in str(refused.citation)


def test_removal_needs_the_reason_and_the_repair_decision_and_a_published_item(
    world, published, decided, clock
):
    record = published()
    clock.shift(dt.timedelta(days=100))
    refused = _refused(
        lambda: removal.remove_early(actor=world.user("publisher"), record=record, data={"reason": "  "}),
        Invalid,
    )
    assert {e.field for e in refused.errors} == {"reason", "repair_reference"}
    draft = decided()
    refused = _refused(
        lambda: removal.remove_early(actor=world.user("publisher"), record=draft, data=REPAIR), WrongState
    )
    assert refused.code == "publication_state"
    removal.remove_early(actor=world.user("publisher"), record=record, data=REPAIR)
    again = _refused(
        lambda: removal.remove_early(actor=world.user("publisher"), record=record, data=REPAIR), WrongState
    )
    assert again.code == "publication_state"


def test_the_record_page_removes_with_its_button(world, published, clock, client_as):
    record = published()
    early = client_as("publisher").get(f"/publication/record/{record.pk}/").content.decode()
    assert 'id="removal-refusal"' in early and "2026-06-02" in early
    clock.shift(dt.timedelta(days=100))
    officer = client_as("officer").get(f"/publication/record/{record.pk}/").content.decode()
    assert 'id="remove"' not in officer
    publisher = client_as("publisher")
    now = publisher.get(f"/publication/record/{record.pk}/").content.decode()
    assert 'id="remove"' in now and 'id="removal-refusal"' not in now
    response = publisher.post(
        f"/publication/record/{record.pk}/remove/", {"state": "published", **REPAIR}, follow=True
    )
    assert response.status_code == 200
    record.refresh_from_db()
    assert record.state == RecordState.REMOVED
    assert (
        client_as("officer")
        .post(f"/publication/record/{record.pk}/remove/", {"state": "removed"})
        .status_code
        == 403
    )
