"""The staff pages drive the flow; the portal finds, shows, proves and exports published items."""

from __future__ import annotations

import csv
import io
import time

from sanxiang.publication.models import Correction, Record, RecordState
from tests.fingerprint import database_fingerprint
from tests.publication.conftest import ORGANISATION, PERSON, PLANTED_ID

EVIL = "<script>alert(1)</script>某某商行"


def post(client, record, step, **data):
    record.refresh_from_db()
    return client.post(f"/publication/record/{record.pk}/{step}/", {"state": record.state, **data})


def test_the_pages_walk_a_record_to_publication_and_a_leak_is_refused(world, decided, client_as):
    record = decided(parties=[PERSON])
    officer = client_as("officer")
    page = officer.get("/publication/workbench/")
    assert page.status_code == 200 and record.document_number in page.content.decode()
    assert post(officer, record, "submit").status_code == 302
    publisher = client_as("publisher")
    record.refresh_from_db()
    index = next(
        i for i, m in enumerate(record.masks) if "002X" in record.original_text[m["start"] : m["end"]]
    )
    assert post(publisher, record, "unmask", index=index, reason="误判").status_code == 302
    before = database_fingerprint()
    refused = post(publisher, record, "review")
    assert refused.status_code == 400 and "publication_leak" in refused.content.decode()
    assert database_fingerprint() == before
    assert post(publisher, record, "mask", text=PLANTED_ID, reason="身份证号码").status_code == 302
    assert post(publisher, record, "review").status_code == 302
    stale = publisher.post(f"/publication/record/{record.pk}/review/", {"state": "redaction"})
    assert stale.status_code == 409
    head = client_as("head")
    assert post(head, record, "approve").status_code == 302
    record.refresh_from_db()
    assert record.state == RecordState.PUBLISHED
    page = head.get(f"/publication/record/{record.pk}/").content.decode()
    assert "<mark" in page and PLANTED_ID in page  # the original beside the redacted text


def test_the_portal_finds_by_two_characters_and_shows_script_as_text(world, published, client):
    # Cases refuse markup in a party's name; a search term is shown back escaped.
    record = published(
        parties=[
            {"kind": "organisation", "name": 'A&B"某某"商行', "credit_code": ORGANISATION["credit_code"]}
        ]
    )
    assert record.state == RecordState.PUBLISHED
    page = client.get("/publication/", {"q": "保质"}).content.decode()
    assert f"/publication/item/{record.pk}/" in page and "A&amp;B&quot;某某&quot;商行" in page
    echoed = client.get("/publication/", {"q": EVIL}).content.decode()
    assert "<script>alert(1)</script>" not in echoed and "&lt;script&gt;" in echoed
    assert f"/publication/item/{record.pk}/" in client.get("/publication/", {"q": "罚款"}).content.decode()
    assert (
        f"/publication/item/{record.pk}/"
        not in client.get("/publication/", {"q": "处罚许可"}).content.decode()
    )
    detail = client.get(f"/publication/item/{record.pk}/").content.decode()
    assert record.published_digest in detail and "A&amp;B" in detail
    text = client.get(f"/publication/item/{record.pk}/text.txt")
    import hashlib

    assert hashlib.sha256(text.content).hexdigest() == record.published_digest
    check = client.post("/recordlog/check/", {"sha256": record.published_digest}).content.decode()
    assert "recordlog-result found" in check and "<code>publication.published</code>" in check
    assert client.get(f"/publication/item/{record.pk}/qr.svg").content.startswith(b"<?xml")


def test_a_huge_or_malformed_query_is_answered_quickly(world, published, client):
    published()
    for q in ["处" * 100000, "%_\\'\"\x00\x1f;--", "<>&" * 1000]:
        started = time.perf_counter()
        response = client.get("/publication/", {"q": q, "from": "2026-13-45", "agency": "x", "page": "-3"})
        assert response.status_code == 200
        assert time.perf_counter() - started < 2


def test_csv_and_feed(world, published, client):
    record = published(
        parties=[
            {"kind": "organisation", "name": "=HYPERLINK(1)商行", "credit_code": ORGANISATION["credit_code"]}
        ]
    )
    body = b"".join(client.get("/publication/export.csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][0] == "id" and rows[1][2] == "'=HYPERLINK(1)商行"
    feed = client.get("/publication/feed.atom")
    assert (
        feed["Content-Type"].startswith("application/atom+xml")
        and record.document_number in feed.content.decode()
    )


def test_a_correction_without_contact_is_refused_clearly(world, published, client):
    record = published()
    before = database_fingerprint()
    refused = client.post(
        f"/publication/item/{record.pk}/correction/", {"requester": "王某", "request": "错", "evidence": "证"}
    )
    assert refused.status_code == 400 and 'data-code="required"' in refused.content.decode()
    assert database_fingerprint() == before
    ok = client.post(
        f"/publication/item/{record.pk}/correction/",
        {"requester": "王某", "contact": "wang@example.com", "request": "错", "evidence": "证"},
    )
    number = Correction.objects.get(record=record).tracking_number
    assert number in ok.content.decode()
    assert "待处理" in client.get("/publication/correction/", {"n": number}).content.decode() or number


def test_withdrawn_items_leave_the_portal_for_the_takedown_log(world, published, client_as):
    record = published()
    publisher = client_as("publisher")
    response = post(
        publisher, record, "withdraw", ground="revoked", ground_on="2026-03-02", reason="复议撤销"
    )
    assert response.status_code == 302
    assert publisher.get(f"/publication/item/{record.pk}/").status_code == 404
    log = publisher.get("/publication/takedowns/").content.decode()
    assert "复议撤销" in log and record.document_number in log and "保质期" not in log
    assert Record.objects.get(pk=record.pk).state == RecordState.WITHDRAWN
