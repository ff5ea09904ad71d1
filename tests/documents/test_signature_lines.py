"""Papers people sign (issue 12): a 笔录 printed from the platform carries the lines the party and
each officer sign — with the officer's name and 执法证号 beside the line — the confirmation the party
copies in their own hand, and a signature line in the footer of every page; a 审批表 carries the
head's opinion, name and date from the approving act, or empty boxes to sign on paper; and a long
table fills its first page instead of leaving it half empty.

Each document is issued through the real action in the test world, the PDF is read back with
``pdftotext`` (poppler)."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from sanxiang.cases.models import Case
from sanxiang.documents import actions
from sanxiang.documents.models import Document
from sanxiang.evidence import blobs
from tests.documents.conftest import flat, pdf_text
from tests.world import World

A4_HEIGHT = 841.89  # points
BOTTOM_MARGIN = 35 / 25.4 * 72  # the layout's @page bottom margin, 35 mm, in points
LINE = 28  # the layout's line height, 28 pt


def pdf_of(document: Document) -> bytes:
    with blobs.open_blob(document.pdf) as handle:
        return handle.read()


def pages_text(data: bytes, tmp_path: Path) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    return [page for page in pdf_text(data, tmp_path).split("\f") if page.strip()]


def issue(world: World, case: Case, kind: str, who: str = "officer", **entered: Any) -> Document:
    return actions.issue_document(actor=world.user(who), case=case, kind=kind, entered=entered)


def line_with(text: str, *needles: str) -> str:
    """The first printed line holding every needle (spaces the layout puts between words removed)."""
    for line in text.splitlines():
        if all(needle in "".join(line.split()) for needle in needles):
            return line
    raise AssertionError(f"no line holds {needles!r} in:\n{text}")


def assert_officer_lines(world: World, text: str, label: str = "执法人员签名") -> None:
    """Each assigned officer's name and certificate number on the line of their signature label."""
    for officer, certificate in zip(world.officers[:2], world.certificates[:2], strict=True):
        line_with(text, label, officer.name, certificate.number)
    # Not assigned to the case: no officer's line for them (in a hearing they sign as the chair).
    lines = ["".join(line.split()) for line in text.splitlines()]
    assert not [line for line in lines if label in line and world.officers[2].name in line]


RECORDS = [
    # (kind, procedure and state the case is taken to, entered texts, party label, confirmation)
    (
        "inquiry_record",
        ("general", "investigating"),
        {
            "interviewee": "张三",
            "place": "东湖县湖滨路8号",
            "questions_answers": "问：你是否销售过期酸奶？\n答：是的。",
        },
        "被询问人",
        "以上笔录我已看过，与我说的一致",
    ),
    (
        "on_site_record",
        ("general", "investigating"),
        {"place": "东湖县湖滨路8号", "findings": "货架上有超过保质期的酸奶12盒。"},
        "被检查人",
        "以上笔录我已看过，情况属实",
    ),
    (
        "statement_record",
        ("general", "prior_notice_served"),
        {"statement": "当事人称已下架全部过期酸奶，请求从轻处罚。"},
        "陈述申辩人",
        "以上笔录我已看过，与我说的一致",
    ),
    (
        "inspection_record",
        ("inspection", "inspecting"),
        {"place": "东湖县工业园区18号", "findings": "冷藏柜温度记录完整。"},
        "被检查人",
        "以上笔录我已看过，情况属实",
    ),
]


@pytest.mark.parametrize(("kind", "state", "entered", "party", "wording"), RECORDS)
def test_a_record_carries_the_party_and_officer_signature_lines_and_the_confirmation(
    world: World,
    reach: Callable[..., Case],
    tmp_path: Path,
    kind: str,
    state: tuple[str, str],
    entered: dict[str, str],
    party: str,
    wording: str,
) -> None:
    case = reach(*state)
    text = pdf_text(pdf_of(issue(world, case, kind, **entered)), tmp_path)
    assert wording in flat(text)
    line_with(text, f"{party}签名", "日期")
    assert_officer_lines(world, text)


def test_the_hearing_record_is_signed_by_the_party_the_officers_and_the_chair(
    world: World, reach: Callable[..., Case], tmp_path: Path
) -> None:
    case = reach("general", "hearing_noticed")
    document = issue(world, case, "hearing_record", place="听证室", proceedings="当事人陈述了意见。")
    text = pdf_text(pdf_of(document), tmp_path)
    assert "以上笔录我已看过，与我说的一致" in flat(text)
    line_with(text, "当事人签名", "日期")
    line_with(text, "听证主持人签名", world.officers[2].name)
    assert_officer_lines(world, text)


def test_every_page_of_a_long_inquiry_record_has_the_interviewee_signature_line(
    world: World, walk: Callable[..., Case], tmp_path: Path
) -> None:
    case = walk("investigating")
    answers = "\n".join(
        f"问：第{n}个问题，你店内的酸奶从哪里进货？\n答：从东湖县某某商贸公司进货，有进货单据。"
        for n in range(1, 60)
    )
    document = issue(
        world, case, "inquiry_record", interviewee="张三", place="询问室", questions_answers=answers
    )
    pages = pages_text(pdf_of(document), tmp_path)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert "被询问人签名" in flat(page), f"page {number} has no signature line"


def test_an_approved_filing_form_carries_the_heads_opinion_name_and_date(
    world: World, walk: Callable[..., Case], act: Callable[..., Any], tmp_path: Path
) -> None:
    case = walk("clue")
    draft = issue(world, case, "filing_approval", opinion="建议立案调查")
    text = pdf_text(pdf_of(draft), tmp_path)
    # Not approved yet: the boxes the head signs on paper.
    line_with(text, "负责人审批意见：")
    line_with(text, "签名：", "日期：")
    act(case, "file", who="head", records=["filing_approval"], note="同意立案，由张伟测、李娜测承办")
    filing = case.acts.get(act="file")
    approved = actions.issue_document(
        actor=world.user("officer"),
        case=case,
        kind="filing_approval",
        entered={"opinion": "建议立案调查"},
        supersedes=draft,
        reason="附负责人审批意见",
    )
    text = pdf_text(pdf_of(approved), tmp_path)
    flat_text = flat(text)
    assert "同意立案，由张伟测、李娜测承办" in flat_text
    day = timezone.localdate(filing.occurred_at)
    line_with(text, "审批人", "head", f"{day.year}年{day.month}月{day.day}日")


def test_the_decision_approval_form_has_empty_boxes_before_the_decision(
    world: World, walk: Callable[..., Case], tmp_path: Path
) -> None:
    case = walk("prior_notice_served")
    document = issue(world, case, "decision_approval", opinion="建议罚款五千元")
    text = pdf_text(pdf_of(document), tmp_path)
    line_with(text, "负责人审批意见：")
    line_with(text, "签名：", "日期：")
    assert_officer_lines(world, text, "承办人签名")


def _last_body_line_of_first_page(data: bytes, tmp_path: Path) -> float:
    """The lowest text on page 1 above the bottom margin (the page number sits in the margin)."""
    path = tmp_path / "bbox.pdf"
    path.write_bytes(data)
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    bottoms = [float(y) for y in re.findall(r'yMax="([\d.]+)"', html)]
    body_bottom = A4_HEIGHT - BOTTOM_MARGIN
    return max(y for y in bottoms if y <= body_bottom + 1)


def test_a_long_list_of_evidence_fills_its_first_page(
    world: World, walk: Callable[..., Case], tmp_path: Path
) -> None:
    case = walk("investigating")
    items = "\n".join(
        f"{n}. 某某牌酸奶（批号2026{n:04d}），1盒，存放于仓库A区第{n}号货架" for n in range(1, 121)
    )
    data = pdf_of(issue(world, case, "evidence_list", items=items))
    assert len(pages_text(data, tmp_path)) >= 3
    body_bottom = A4_HEIGHT - BOTTOM_MARGIN
    # The list starts on page 1 and runs to its foot: at most two lines' space left empty.
    assert _last_body_line_of_first_page(data, tmp_path) > body_bottom - 2 * LINE


def test_the_word_file_of_a_record_carries_the_same_lines_to_sign(
    world: World, walk: Callable[..., Case]
) -> None:
    from docx import Document as WordDocument

    case = walk("investigating")
    document = issue(
        world,
        case,
        "inquiry_record",
        interviewee="张三",
        place="询问室",
        questions_answers="问：？\n答：是。",
    )
    with blobs.open_blob(document.docx) as handle:
        word = WordDocument(io.BytesIO(handle.read()))
    lines = ["".join(p.text.split()) for p in word.paragraphs]
    text = "\n".join(lines)
    assert "以上笔录我已看过，与我说的一致" in text
    assert [line for line in lines if line.startswith("被询问人签名：") and "日期" in line]
    for officer, certificate in zip(world.officers[:2], world.certificates[:2], strict=True):
        assert [
            line
            for line in lines
            if "执法人员签名" in line and officer.name in line and certificate.number in line
        ]
    # Before the agency and the date that close the document, and in every page's footer.
    assert lines[-2:] == ["".join(str(document.values[k]).split()) for k in ("agency_name", "issued_on")]
    footers = [p.text for section in word.sections for p in section.footer.paragraphs]
    assert any(text.startswith("被询问人签名：") for text in footers)


def test_the_decision_approval_form_reissued_after_the_decision_carries_the_heads_approval(
    world: World, walk: Callable[..., Case], act: Callable[..., Any], clock: Any, tmp_path: Path
) -> None:
    case = walk("prior_notice_served")
    draft = issue(world, case, "decision_approval", opinion="建议警告并罚款五千元")
    clock.shift(dt.timedelta(days=8))
    act(
        case,
        "decide",
        who="head",
        kinds=["warning", "fine"],
        fine="5000",
        records=["decision_approval", "decision"],
        note="同意警告并罚款五千元",
    )
    decided = case.acts.get(act="decide")
    approved = actions.issue_document(
        actor=world.user("officer"),
        case=case,
        kind="decision_approval",
        entered={"opinion": "建议警告并罚款五千元"},
        supersedes=draft,
        reason="附负责人审批意见",
    )
    text = pdf_text(pdf_of(approved), tmp_path)
    assert "同意警告并罚款五千元" in flat(text)
    day = timezone.localdate(decided.occurred_at)
    line_with(text, "审批人", "head", f"{day.year}年{day.month}月{day.day}日")
    assert "负责人审批意见：__" not in flat(text)  # no empty box once approved
