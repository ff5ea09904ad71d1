"""The documents panel on the case page, issuing from it, downloads (a read of a natural person's
data is recorded), and the agency's template page."""

from __future__ import annotations

import hashlib

from sanxiang.documents import actions
from sanxiang.documents.models import Document, DocumentTemplate
from sanxiang.recordlog.models import Entry


def test_the_case_page_lists_documents_and_offers_the_kinds_of_the_state(world, walk, client_as):
    case = walk("decided")
    document = actions.issue_document(
        actor=world.user("head"), case=case, kind="decision", entered={"evidence": "询问笔录"}
    )
    body = client_as("officer").get(f"/cases/{case.pk}/").content.decode()
    assert "执法文书" in body and document.number in body and document.pdf.sha256 in body
    assert f"/documents/doc/{document.pk}/pdf/" in body and f"/documents/doc/{document.pk}/docx/" in body
    assert 'data-kind="service_receipt"' in body  # issuable while decided
    assert 'class="document-form" data-kind="filing_approval"' not in body
    # A supervisor sees the list but no form.
    body = client_as("supervisor").get(f"/cases/{case.pk}/").content.decode()
    assert document.number in body and "document-form" not in body


def test_issuing_from_the_page_and_a_refusal_naming_the_field(world, walk, client_as):
    case = walk("decided")
    client = client_as("head")
    refused = client.post(
        f"/documents/case/{case.pk}/issue/", {"kind": "decision", "new-decision-evidence": ""}
    )
    assert refused.status_code == 400
    assert (
        'data-field="new-decision-evidence"' in refused.content.decode()
        and "证据为必填项" in refused.content.decode()
    )
    assert not Document.objects.exists()
    done = client.post(
        f"/documents/case/{case.pk}/issue/", {"kind": "decision", "new-decision-evidence": "询问笔录"}
    )
    assert done.status_code == 302
    assert Document.objects.get().number == "东湖县市场监督管理局罚〔2026〕1号"


def test_a_download_is_the_stored_file_and_a_read_of_personal_data(world, walk, client_as):
    case = walk("decided")
    document = actions.issue_document(
        actor=world.user("head"), case=case, kind="decision", entered={"evidence": "询问笔录"}
    )
    before = Entry.objects.filter(kind="access.party_identity").count()
    # The agency's staff get the stored file (a supervisor a redacted rendition: test_redacted_renditions).
    response = client_as("reviewer").get(f"/documents/doc/{document.pk}/pdf/")
    data = b"".join(response.streaming_content)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert hashlib.sha256(data).hexdigest() == document.pdf.sha256 == response["X-Content-SHA256"]
    reads = Entry.objects.filter(kind="access.party_identity").order_by("-seq")
    assert reads.count() == before + 1
    assert reads.first().payload["channel"] == "documents/pdf"
    word = client_as("officer").get(f"/documents/doc/{document.pk}/docx/")
    assert word.status_code == 200 and b"".join(word.streaming_content)[:2] == b"PK"


def test_another_agency_cannot_see_or_download(world, walk, client_as):
    case = walk("decided")
    document = actions.issue_document(
        actor=world.user("head"), case=case, kind="decision", entered={"evidence": "询问笔录"}
    )
    before = Entry.objects.count()
    assert client_as("other_head").get(f"/documents/doc/{document.pk}/pdf/").status_code == 404
    assert (
        client_as("other_head").post(f"/documents/case/{case.pk}/issue/", {"kind": "decision"}).status_code
        == 404
    )
    assert (
        client_as("reviewer").post(f"/documents/case/{case.pk}/issue/", {"kind": "decision"}).status_code
        == 403
    )
    assert Entry.objects.count() == before and Document.objects.count() == 1


def test_the_template_page_uploads_and_refuses_an_unknown_field(world, client_as):
    client = client_as("head")
    page = client.get(f"/documents/agency/{world.agency.pk}/templates/")
    assert (
        page.status_code == 200
        and "文书模板" in page.content.decode()
        and "questions_answers" in page.content.decode()
    )
    refused = client.post(
        f"/documents/agency/{world.agency.pk}/templates/",
        {"kind": "decision", "format": "html", "body": "{{ party_name }}{{ nickname }}"},
    )
    assert refused.status_code == 400 and "nickname" in refused.content.decode()
    assert not DocumentTemplate.objects.exists()
    saved = client.post(
        f"/documents/agency/{world.agency.pk}/templates/",
        {"kind": "decision", "format": "html", "body": "<p>{{ party_name }}</p>", "note": "试用"},
    )
    assert saved.status_code == 302 and DocumentTemplate.objects.get().note == "试用"
    assert client_as("officer").get(f"/documents/agency/{world.agency.pk}/templates/").status_code == 403


def test_the_template_in_use_can_be_downloaded_to_start_from(world, client_as):
    import io

    import docx

    client = client_as("head")
    base = f"/documents/agency/{world.agency.pk}/templates/file/"
    default = client.get(base + "?kind=inquiry_record&format=html")
    assert default.status_code == 200 and "{{ questions_answers|linebreaksbr }}" in default.content.decode()
    word = client.get(base + "?kind=decision&format=docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
    assert "{{ document_number }}" in text and "{{ fine_upper }}" in text
    client.post(
        f"/documents/agency/{world.agency.pk}/templates/",
        {"kind": "decision", "format": "html", "body": "<p>本局：{{ party_name }}</p>"},
    )
    assert client.get(base + "?kind=decision&format=html").content.decode() == "<p>本局：{{ party_name }}</p>"
    assert client_as("officer").get(base + "?kind=decision").status_code == 403
    assert client_as("other_head").get(base + "?kind=decision").status_code == 404
