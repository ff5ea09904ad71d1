"""The 行政处罚决定书: every item of 处罚法 Art. 59 in the PDF and in the Word file, the amount also
in capitals, the 〔〕 number, embedded fonts, the bytes in the blob store and their SHA-256 in the
record log."""

from __future__ import annotations

import hashlib
import io

import docx

from sanxiang.documents import actions
from sanxiang.evidence import blobs
from sanxiang.recordlog.models import Entry
from tests.documents.conftest import BASIS, FACTS, flat, pdf_fonts, pdf_text

EVIDENCE = "1. 现场检查笔录；2. 询问笔录；3. 现场照片6张"


def issue_decision(world, case):
    return actions.issue_document(
        actor=world.user("head"), case=case, kind="decision", entered={"evidence": EVIDENCE}
    )


def test_it_puts_every_article_59_item_into_the_decision(world, walk, tmp_path):
    case = walk("decided")
    document = issue_decision(world, case)
    assert document.number == "东湖县市场监督管理局罚〔2026〕1号"
    with blobs.open_blob(document.pdf) as handle:
        text = flat(pdf_text(handle.read(), tmp_path))
    # (1) the party's name and address
    assert "张三测" in text and "东湖县湖滨路8号" in text and "11010519491231002X" in text
    # (2) facts and evidence
    assert flat(FACTS) in text and "现场照片6张" in text
    # (3) kind and legal basis of the penalty
    assert flat(BASIS) in text and "警告、罚款5000.00元" in text
    assert "伍仟元整" in text  # the fine in capitals
    # (4) manner and time limit of performance
    assert "十五日内" in text and "百分之三" in text
    # (5) remedies: review and litigation, their bodies and periods
    assert "行政复议" in text and "六十日内" in text and "行政诉讼" in text and "六个月内" in text
    # (6) the deciding agency, the date, and the seal's place
    assert "东湖县市场监督管理局" in text and "2026年3月10日" in text and "印章" in text
    assert "〔2026〕1号" in text and "行政处罚决定书" in text
    assert "—1—" in text  # page number after GB/T 9704


def test_its_fonts_are_embedded(world, walk, tmp_path):
    document = issue_decision(world, walk("decided"))
    with blobs.open_blob(document.pdf) as handle:
        fonts = pdf_fonts(handle.read(), tmp_path)
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and any("CJK" in row[0] for row in rows)
    assert all(row[-5] == "yes" for row in rows), fonts  # emb column


def test_the_word_file_opens_and_holds_the_data(world, walk):
    document = issue_decision(world, walk("decided"))
    with blobs.open_blob(document.docx) as handle:
        word = docx.Document(io.BytesIO(handle.read()))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "张三测" in text and "东湖县湖滨路8号" in text and FACTS in text
    assert "伍仟元整" in text and "东湖县市场监督管理局罚〔2026〕1号" in text and "行政处罚决定书" in text
    assert "现场照片6张" in text


def test_the_bytes_are_in_the_blob_store_and_their_digest_in_the_log(world, walk):
    document = issue_decision(world, walk("decided"))
    with blobs.open_blob(document.pdf) as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == document.pdf.sha256
    entry = Entry.objects.get(pk=document.log_entry_id)
    assert entry.kind == "document.issued" and entry.digest == document.pdf.sha256
    assert entry.payload["docx_sha256"] == document.docx.sha256
    assert Entry.objects.filter(kind="document.issued_docx", digest=document.docx.sha256).exists()


def test_amounts_in_capitals():
    from decimal import Decimal

    from sanxiang.documents.fields import capital_amount

    assert capital_amount(Decimal("5000")) == "伍仟元整"
    assert capital_amount(Decimal("12345.67")) == "壹万贰仟叁佰肆拾伍元陆角柒分"
    assert capital_amount(Decimal("100000.00")) == "壹拾万元整"
    assert capital_amount(None) == ""


def test_the_decision_belongs_to_the_decide_act(world, walk):
    case = walk("served")  # issued after service: still the decision of the ``decide`` act
    document = issue_decision(world, case)
    assert document.act is not None and document.act.act == "decide"
