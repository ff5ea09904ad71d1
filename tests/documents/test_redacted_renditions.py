"""A reader who may see a case but not its parties' personal data (a supervisor) gets redacted
renditions of its documents and of its case file, on every channel; the agency's own staff get the
issued originals, and that read is recorded (finding 6 of issue 11)."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from sanxiang.casefiles.actions import archive_case
from sanxiang.casefiles.verify import verify_package
from sanxiang.cases.models import Case
from sanxiang.documents.actions import issue_document
from sanxiang.documents.models import Document
from sanxiang.recordlog import signing
from sanxiang.recordlog.models import Entry
from tests.casefiles.conftest import run_general_case
from tests.documents.conftest import pdf_text

ID_NUMBER = "11010519491231002X"
PHONE = "13912345678"
ADDRESS = "东湖县湖滨路8号"
PERSON = {
    "kind": "natural_person",
    "name": "张三测",
    "id_number": ID_NUMBER,
    "address": ADDRESS,
    "phone": PHONE,
}
MARK = "去标识化"
# Officers type free text too: an ID number and a phone number in the evidence list are masked as well.
EVIDENCE_TEXT = f"询问笔录（当事人身份证号{ID_NUMBER}，联系电话{PHONE}）"


@pytest.fixture(autouse=True)
def signing_key(settings: Any, tmp_path: Path) -> None:
    settings.RECORDLOG_SIGNING_KEY_FILE = tmp_path / "recordlog-ed25519.key"
    signing.write_new_key(settings.RECORDLOG_SIGNING_KEY_FILE)


def docx_text(data: bytes) -> str:
    """Every XML part of the Word file (body, headers, footers) with the markup removed."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml")]
    return re.sub(r"<[^>]+>", "", "".join(parts))


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def flat(text: str) -> str:
    return "".join(text.split())


def assert_nothing_personal(text: str) -> None:
    text = flat(text)
    assert ID_NUMBER not in text and ID_NUMBER[:17] not in text
    assert PHONE not in text
    assert ADDRESS not in text


def reads(kind: str = "access.party_identity") -> list[Entry]:
    return list(Entry.objects.filter(kind=kind).order_by("seq"))


@pytest.fixture
def decision(world: Any, walk: Any) -> Document:
    case = walk("decided", party=PERSON)
    return issue_document(
        actor=world.user("head"), case=case, kind="decision", entered={"evidence": EVIDENCE_TEXT}
    )


def test_the_supervisor_gets_redacted_pdf_and_word_on_the_web_and_the_api(
    decision: Document, client_as: Any, tmp_path: Path
) -> None:
    client = client_as("supervisor")
    urls = {
        ("web", "pdf"): f"/documents/doc/{decision.pk}/pdf/",
        ("web", "docx"): f"/documents/doc/{decision.pk}/docx/",
        ("api", "pdf"): f"/api/v1/documents/{decision.pk}/pdf",
        ("api", "docx"): f"/api/v1/documents/{decision.pk}/docx",
    }
    for (channel, fmt), url in urls.items():
        answer = client.get(url)
        assert answer.status_code == 200, (channel, fmt)
        data = body(answer)
        text = pdf_text(data, tmp_path) if fmt == "pdf" else docx_text(data)
        assert_nothing_personal(text)
        assert MARK in flat(text), (channel, fmt)
        assert "张三测" in text and decision.number in flat(text)  # the rest of the document stays
        original = decision.pdf if fmt == "pdf" else decision.docx
        assert answer["X-Redacted-Copy-Of-SHA256"] == original.sha256
        assert answer["X-Content-SHA256"] == hashlib.sha256(data).hexdigest() != original.sha256
    # Nothing personal was read, so nothing is recorded as such; the sealed originals are untouched.
    assert reads() == []
    stored = Document.objects.get(pk=decision.pk)
    assert (stored.pdf_id, stored.docx_id) == (decision.pdf_id, decision.docx_id)


def test_the_agency_officer_gets_the_original_and_the_read_is_recorded(
    decision: Document, client_as: Any, world: Any, tmp_path: Path
) -> None:
    client = client_as("officer")
    pdf = body(client.get(f"/documents/doc/{decision.pk}/pdf/"))
    assert hashlib.sha256(pdf).hexdigest() == decision.pdf.sha256
    assert ID_NUMBER in flat(pdf_text(pdf, tmp_path)) and MARK not in flat(pdf_text(pdf, tmp_path))
    docx = body(client.get(f"/api/v1/documents/{decision.pk}/docx"))
    assert hashlib.sha256(docx).hexdigest() == decision.docx.sha256
    recorded = reads()
    assert [e.payload["channel"] for e in recorded] == ["documents/pdf", "api/documents/docx"]
    assert all(e.actor_id == world.user("officer").pk for e in recorded)
    assert all(e.subject_type == "documents.document" for e in recorded)


def _sealed(world: Any, clock: Any) -> Case:
    """A closed case with a photo, an audio clip, a video and an issued decision, sealed."""
    case = run_general_case(world, clock, parties=[PERSON], full=True)
    archive_case(actor=world.user("head"), case=case)
    case.refresh_from_db()
    return case


def test_the_supervisors_case_file_is_a_redacted_bag_that_lists_what_it_withholds(
    world: Any, clock: Any, client_as: Any
) -> None:
    case = _sealed(world, clock)
    answer = client_as("supervisor").get(f"/casefiles/case/{case.pk}/package.zip")
    assert answer.status_code == 200
    data = body(answer)
    assert hashlib.sha256(data).hexdigest() != case.archive_digest
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        for name in names:
            member = archive.read(name)
            if name.endswith(".pdf"):
                continue  # checked below through its text
            text = docx_text(member) if name.endswith(".docx") else member.decode("utf-8")
            assert ID_NUMBER not in text and PHONE not in text and ADDRESS not in text, name
            if name.endswith(".json"):
                assert ADDRESS not in json.dumps(json.loads(member), ensure_ascii=False), name
        description = json.loads(archive.read("data/case.json"))
        info = archive.read("bag-info.txt").decode("utf-8")
    assert not any(n.startswith("data/evidence/") for n in names)
    assert any(n.startswith("data/redacted/documents/") and n.endswith(".pdf") for n in names)
    redaction = description["redaction"]
    assert [f["kind"] for f in redaction["withheld_files"]] == ["evidence"] * 3
    # Entries naming a personal value would be withheld with their proofs; the rest are all there.
    kept = sorted(int(n.rsplit("/", 1)[1].removesuffix(".json")) for n in names if "/entries/" in n)
    withheld = [e["seq"] for e in redaction["withheld_entries"]]
    assert kept == description["recordlog"]["entries"] and not set(kept) & set(withheld)
    assert redaction["copy_of_sha256"] == case.archive_digest
    assert description["case"]["parties"][0]["id_number"] is None
    assert "Sanxiang-Redacted-Copy:" in info and "Sanxiang-Withheld-Files: 3" in info
    # Still a bag that verifies on its own manifests and proofs.
    report = verify_package(io.BytesIO(data))
    assert report.ok, [str(p) for p in report.problems]
    # Taking the copy is recorded, with no party named; no identity read.
    assert [e.payload["channel"] for e in reads("access.case_file_redacted")] == ["casefiles/download"]
    assert reads("access.case_file") == []


def test_the_redacted_pdf_in_the_package_holds_no_personal_data(
    world: Any, clock: Any, client_as: Any, tmp_path: Path
) -> None:
    case = _sealed(world, clock)
    data = body(client_as("county_admin").get(f"/casefiles/case/{case.pk}/package.zip"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        pdfs = [archive.read(n) for n in archive.namelist() if n.endswith(".pdf")]
    assert pdfs
    for pdf in pdfs:
        text = pdf_text(pdf, tmp_path)
        assert_nothing_personal(text)
        assert MARK in flat(text)


def test_masking_catches_personal_values_and_their_shapes_but_not_digests_or_credit_codes() -> None:
    from sanxiang.documents.redaction import MASK, mask_text, reveals

    secrets = [ADDRESS]
    digest = hashlib.sha256(b"x").hexdigest()
    credit_code = "91330101MA2B3C4D5X"
    text = (
        f"住{ADDRESS}，身份证{ID_NUMBER}，旧证110105491231002，手机{PHONE}，文件{digest}，代码{credit_code}"
    )
    masked = mask_text(text, secrets)
    assert ADDRESS not in masked and ID_NUMBER not in masked and PHONE not in masked
    assert "110105491231002" not in masked and masked.count(MASK) == 4
    assert digest in masked and credit_code in masked
    assert reveals(text, secrets) and not reveals(f"{digest} {credit_code}", secrets)
