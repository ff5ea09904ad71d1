"""The public record names the decision document's number (决定书文号), never the case's filing number
(立案号): 国办发〔2018〕118号 §二(三), 行政处罚法 Art. 48, 市场监督管理行政处罚信息公示规定 Art. 4
(legal-rules A-14, A-21). The number is missing until the 决定书 is issued, its issue fills it in,
submission and approval refuse without it; items published with the filing number by an older
version are corrected through a public new version; the portal list shows the penalty."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.core.management import call_command

from sanxiang.accounts.demo_data import ensure_demo
from sanxiang.core.errors import WrongState
from sanxiang.documents.actions import issue_document
from sanxiang.publication import actions, decision_number
from sanxiang.publication.demo import ensure_demo_publication
from sanxiang.publication.models import OutboxMessage, Record, RecordState, Version
from sanxiang.recordlog.models import Entry
from tests.cases.test_licence_procedure import GRANT, licence_case
from tests.fingerprint import database_fingerprint
from tests.publication.conftest import DECISION_ENTERED


def _public_texts(client: Any, record: Record) -> dict[str, str]:
    csv_body = b"".join(client.get("/publication/export.csv").streaming_content).decode("utf-8-sig")
    return {
        "item": client.get(f"/publication/item/{record.pk}/").content.decode(),
        "text": client.get(f"/publication/item/{record.pk}/text.txt").content.decode(),
        "portal": client.get("/publication/").content.decode(),
        "csv": csv_body,
        "feed": client.get("/publication/feed.atom").content.decode(),
        "api": json.dumps(client.get(f"/api/v1/publication/items/{record.pk}").json(), ensure_ascii=False),
    }


def test_the_draft_shows_the_number_missing_and_submission_waits_for_the_decision_document(
    world, decided, client, client_as
):
    record = decided(issue=False)
    case = record.case
    filing = case.number
    # No filing number anywhere in the draft: the number is shown as missing.
    assert record.document_number == "" and record.summary["document_number"] == ""
    assert filing not in record.original_text and filing not in str(record.summary)
    assert record.original_text.startswith(decision_number.LINE_LABEL + decision_number.MISSING)
    page = client_as("officer").get(f"/publication/record/{record.pk}/").content.decode()
    assert 'id="document-number"' in page and f"/cases/{case.pk}/#documents" in page
    before = database_fingerprint()
    with pytest.raises(WrongState) as refused:
        actions.submit(actor=world.user("officer"), record=record)
    assert refused.value.code == "publication_no_decision_number"
    assert refused.value.field == "document_number"
    assert "A-21" in str(refused.value.citation) and "第四十八条" in str(refused.value.citation)
    assert database_fingerprint() == before

    # The 决定书 issued after the decision fills the number into the record, logged.
    document = issue_document(actor=world.user("head"), case=case, kind="decision", entered=DECISION_ENTERED)
    record = Record.objects.get(pk=record.pk)
    assert document.number != filing and "罚〔2026〕" in document.number
    assert record.document_number == document.number == record.summary["document_number"]
    assert record.original_text.startswith(decision_number.LINE_LABEL + document.number)
    entry = Entry.objects.get(kind="publication.document_number_filled", subject_id=str(record.pk))
    assert entry.payload["to"] == document.number

    record = actions.submit(actor=world.user("officer"), record=record)
    record = actions.review(actor=world.user("publisher"), record=record)
    record = actions.approve(actor=world.user("head"), record=record)
    assert record.state == RecordState.PUBLISHED
    for name, text in _public_texts(client, record).items():
        assert document.number in text, name
        assert filing not in text, name


def test_approval_refuses_a_record_still_carrying_the_filing_number(world, decided):
    record = decided(issue=False)
    # As an older version left it: sent to approval with the filing number as its 文号.
    Record.objects.filter(pk=record.pk).update(
        state=RecordState.APPROVAL,
        document_number=record.case.number,
        original_text=record.original_text.replace(decision_number.MISSING, record.case.number),
    )
    record = Record.objects.get(pk=record.pk)
    before = database_fingerprint()
    with pytest.raises(WrongState) as refused:
        actions.approve(actor=world.user("head"), record=record)
    assert refused.value.code == "publication_no_decision_number"
    assert database_fingerprint() == before


def test_a_licence_record_takes_the_licence_decision_number_when_issued(
    world, open_case, act, settings, tmp_path
):
    settings.BLOB_ROOT = tmp_path / "blobs"
    case = licence_case(open_case)
    act(case, "accept_application")
    act(case, "start_review")
    act(case, "decide_licence", who="head", **GRANT)
    record = Record.objects.get(case=case)
    assert record.document_number == "" and case.number not in record.original_text
    document = issue_document(
        actor=world.user("head"),
        case=case,
        kind="licence_grant",
        entered={
            "licence_number": GRANT["licence_number"],
            "valid_until": GRANT["valid_until"],
            "scope": "预包装食品销售",
        },
    )
    record = Record.objects.get(pk=record.pk)
    assert record.document_number == document.number and "许准" in document.number
    assert document.number in record.original_text


def _as_an_old_version_published_it(record: Record) -> Record:
    """Write the DB as the version before this fix did: the filing number as 文号 everywhere."""
    filing, number = record.case.number, record.document_number
    text = record.published_text.replace(number, filing)
    public = {**record.summary["public"], "document_number": filing}
    Record.objects.filter(pk=record.pk).update(
        document_number=filing,
        summary={**record.summary, "document_number": filing, "public": public},
        original_text=record.original_text.replace(number, filing),
        published_text=text,
    )
    Version.objects.filter(record=record).update(text=text)
    return Record.objects.get(pk=record.pk)


def test_an_item_published_with_the_filing_number_is_corrected_in_public(world, published, client):
    record = _as_an_old_version_published_it(published())
    filing = record.case.number
    number = record.case.documents.get(kind="decision").number
    assert filing in client.get(f"/publication/item/{record.pk}/").content.decode()

    out = io.StringIO()
    call_command("publication", "correct-numbers", stdout=out)
    assert f"{filing} → {number}" in out.getvalue()
    record = Record.objects.get(pk=record.pk)
    assert record.document_number == number and record.version == 2
    assert number in record.published_text and filing not in record.published_text
    latest = record.versions.get(number=2)
    assert filing in latest.note and number in latest.note and latest.text == record.published_text
    assert OutboxMessage.objects.filter(record=record, event="corrected").exists()
    entry = Entry.objects.get(kind="publication.corrected", subject_id=str(record.pk))
    assert entry.payload["document_number"] == {"from": filing, "to": number}
    assert entry.digest == record.published_digest
    # The item page shows the correction history entry, and nothing public shows the filing number
    # but the history (the old version's text stays public, as for any correction).
    page = client.get(f"/publication/item/{record.pk}/").content.decode()
    assert 'id="history"' in page and latest.note in page
    texts = _public_texts(client, record)
    for name in ("text", "portal", "csv", "feed"):
        assert number in texts[name] and filing not in texts[name], name
    item = client.get(f"/api/v1/publication/items/{record.pk}").json()
    assert item["document_number"] == number and filing not in item["text"]
    # Idempotent: a second run changes nothing.
    before = database_fingerprint()
    assert decision_number.correct_published_numbers().corrected == []
    assert database_fingerprint() == before


def test_migrate_corrects_an_old_item(world, published):
    """The data migration of the fault: ``migrate`` runs the same correction after its migrations."""
    record = _as_an_old_version_published_it(published())
    call_command("migrate", verbosity=0)
    record = Record.objects.get(pk=record.pk)
    assert record.version == 2 and record.document_number == record.case.documents.get(kind="decision").number


def test_an_old_item_whose_case_has_no_decision_document_is_listed_and_left(world, published):
    record = _as_an_old_version_published_it(published())
    record.case.documents.filter(kind="decision").update(superseded_at=record.published_at)
    report = decision_number.correct_published_numbers()
    assert report.corrected == [] and report.without_document == [(record.pk, record.case.number)]
    assert Record.objects.get(pk=record.pk).version == 1
    out = io.StringIO()
    call_command("publication", "correct-numbers", stdout=out)
    assert record.case.number in out.getvalue() and "尚未出具决定书" in out.getvalue()


def test_the_portal_list_shows_the_penalty_kind_and_amount(world, published, client):
    record = published(fine="1000")
    page = client.get("/publication/").content.decode()
    assert f'data-kind="{record.decision_kind}"' in page
    shown = page[page.index('class="outcome"') :]
    shown = shown[: shown.index("</span>")]
    assert "行政处罚：" in shown and "罚款人民币1000.00元" in shown, shown


def test_the_demo_publishes_its_decisions_under_their_decision_numbers(db, client):
    ensure_demo()
    ensure_demo_publication()
    numbered = Record.objects.filter(decision_kind__in=["penalty", "licence"]).select_related("case")
    assert numbered.count() >= 4
    for record in numbered:
        assert record.document_number and record.document_number != record.case.number, record.pk
        public = record.summary.get("public", {})
        assert public.get("document_number", record.document_number) == record.document_number
    shown = Record.objects.filter(state="published", decision_kind="penalty").first()
    assert shown is not None
    rows = list(
        csv.reader(
            io.StringIO(b"".join(client.get("/publication/export.csv").streaming_content).decode("utf-8-sig"))
        )
    )
    assert shown.document_number in {cell for row in rows for cell in row}
