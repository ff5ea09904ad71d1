"""The full decision document (policy ``publication.content`` = "full"): the text to redact is the
issued 行政处罚决定书's own words, masked and leak-scanned like a summary, published as served
(市场监督管理行政处罚信息公示规定 Arts. 4, 7) and shown on the portal item page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sanxiang.core.actions import record_policy_value
from sanxiang.core.errors import Invalid, WrongState
from sanxiang.documents.actions import issue_document
from sanxiang.publication import actions, full_text
from sanxiang.publication.models import RecordState
from tests.fingerprint import database_fingerprint
from tests.publication.conftest import PERSON, PLANTED_ID

EVIDENCE = "现场检查笔录一份、询问笔录一份"


@pytest.fixture(autouse=True)
def blob_root(settings: Any, tmp_path: Path) -> Path:
    settings.BLOB_ROOT = tmp_path / "blobs"
    return Path(settings.BLOB_ROOT)


@pytest.fixture
def full(world: Any) -> None:
    record_policy_value(
        actor=world.user("admin"),
        key="publication.content",
        scope=f"agency:{world.agency.pk}",
        value="full",
        reason="测试",
    )


def test_html_to_text_keeps_paragraphs_and_drops_the_head_and_seal():
    html = (
        "<html><head><title>T</title><style>p{color:red}</style></head><body>"
        "<p class='issuer'>某局</p><h1>行政处罚决定书</h1><p>经查，  当事人&amp;其他</p>"
        "<div class='signature'><p><span class='seal'>（印章）</span></p><p>2026年3月2日</p></div>"
        "<table><tr><th>证据</th><td>笔录</td></tr></table></body></html>"
    )
    assert (
        full_text.html_to_text(html) == "某局\n行政处罚决定书\n经查， 当事人&其他\n2026年3月2日\n证据：笔录"
    )


def test_the_summary_is_published_by_default(world, decided):
    record = decided()
    assert record.content == "summary" and record.original_text.startswith("决定书文号：")


def test_the_issued_decision_document_is_redacted_and_published_in_full(world, decided, full, client):
    record = decided(parties=[{**PERSON, "address": "东湖县幸福路8号"}], issue=False)
    assert record.content == "full"
    # Before the document is issued the draft is a preview of it, without the officer's entries.
    assert "行政处罚决定书" in record.original_text and EVIDENCE not in record.original_text
    document = issue_document(
        actor=world.user("head"), case=record.case, kind="decision", entered={"evidence": EVIDENCE}
    )
    record = actions.submit(actor=world.user("officer"), record=record)
    assert record.state == RecordState.REDACTION
    assert EVIDENCE in record.original_text and document.number in record.original_text
    assert record.document_number == document.number
    assert PLANTED_ID in record.original_text and "幸福路8号" in record.original_text
    assert actions.leak_hits(record) == []  # the same automatic masks cover the full text
    record = actions.review(actor=world.user("publisher"), record=record)
    record = actions.approve(actor=world.user("head"), record=record)
    assert record.state == RecordState.PUBLISHED
    assert PLANTED_ID not in record.published_text and "幸福路" not in record.published_text
    assert EVIDENCE in record.published_text and "经查" in record.published_text
    item = client.get(f"/api/v1/publication/items/{record.pk}").json()
    assert item["content"] == "full" and item["text"] == record.published_text
    page = client.get(f"/publication/item/{record.pk}/").content.decode()
    assert "决定书全文" in page and 'data-content="full"' in page and EVIDENCE in page
    assert PLANTED_ID not in page


def test_without_an_issued_document_the_full_text_cannot_be_submitted(world, decided, full):
    record = decided(issue=False)
    before = database_fingerprint()
    with pytest.raises(WrongState) as refused:
        actions.submit(actor=world.user("officer"), record=record)
    assert refused.value.code == "publication_no_document" and "第七条" in str(refused.value.citation)
    assert database_fingerprint() == before


def test_the_full_document_is_masked_never_rewritten(world, decided, full):
    record = decided()
    before = database_fingerprint()
    with pytest.raises(Invalid) as refused:
        actions.edit_draft(actor=world.user("officer"), record=record, data={"text": "改写的决定书"})
    assert refused.value.code == "publication_full_text" and refused.value.field == "text"
    assert database_fingerprint() == before
    # Naming other persons (to be masked) is still possible.
    record = actions.edit_draft(actor=world.user("officer"), record=record, data={"other_persons": "王五"})
    assert {"category": "other_person", "value": "王五"} in record.private_values


def test_a_manual_mask_hides_words_of_the_full_document(world, decided, full):
    record = decided(issue=False)
    issue_document(
        actor=world.user("head"), case=record.case, kind="decision", entered={"evidence": "证人王五的证言"}
    )
    record = actions.submit(actor=world.user("officer"), record=record)
    record = actions.add_mask(
        actor=world.user("publisher"), record=record, data={"text": "王五", "reason": "证人姓名"}
    )
    record = actions.review(actor=world.user("publisher"), record=record)
    record = actions.approve(actor=world.user("head"), record=record)
    assert "王五" not in record.published_text and "证人＊＊＊的证言" in record.published_text
