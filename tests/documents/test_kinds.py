"""Every kind of document issues in a state its table allows: a PDF whose text holds the case's
data, the officer's texts and the 〔〕 number, and a Word file that opens and holds the same."""

from __future__ import annotations

import io

import docx
import pytest

from sanxiang.cases.models import Case
from sanxiang.core.errors import WrongState
from sanxiang.documents import actions, templating
from sanxiang.documents.kinds import KINDS
from sanxiang.evidence import blobs
from tests.documents.conftest import flat, pdf_fonts, pdf_text


def entered_values(kind):
    values = {}
    for spec in kind.entered:
        values[spec.name] = "2026-04-01" if spec.kind == "date" else f"{spec.name}内容甲乙"
    return values


@pytest.mark.parametrize("code", sorted(KINDS))
def test_each_kind_issues_with_the_case_data_and_its_number(code, world, reach, tmp_path):
    kind = KINDS[code]
    procedure, states = next(iter(kind.states.items()))
    case = reach(procedure, states[0])
    document = actions.issue_document(
        actor=world.user("officer"), case=case, kind=code, entered=entered_values(kind)
    )
    assert "〔2026〕1号" in document.number and document.number.endswith(f"{kind.series}〔2026〕1号")
    with blobs.open_blob(document.pdf) as handle:
        data = handle.read()
    text = flat(pdf_text(data, tmp_path))
    fonts = [line.split() for line in pdf_fonts(data, tmp_path).splitlines()[2:] if line.strip()]
    assert fonts and all(row[-5:-2] == ["yes", "yes", "yes"] for row in fonts)  # embedded, subset, unicode
    party = case.parties.first()
    assert document.number in text
    assert party.name in text
    assert str(kind.title) not in ("", None) and flat(document.values["document_title"]) in text
    assert "东湖县市场监督管理局" in text
    for spec in kind.entered:
        if spec.kind == "date":
            assert "2026年4月1日" in text
        else:
            assert f"{spec.name}内容甲乙" in text, spec.name
    with blobs.open_blob(document.docx) as handle:
        word = "\n".join(p.text for p in docx.Document(io.BytesIO(handle.read())).paragraphs)
    assert document.number in word and party.name in word


@pytest.mark.parametrize("code", sorted(KINDS))
def test_each_default_template_uses_only_its_fields(code):
    kind = KINDS[code]
    templating.compile_html(kind, templating.default_html(kind))
    templating.check_docx(kind, templating.default_docx(kind))


def test_a_kind_is_refused_outside_its_states_and_nothing_is_written(world, walk):
    case: Case = walk("clue")
    with pytest.raises(WrongState) as refused:
        actions.issue_document(
            actor=world.user("head"), case=case, kind="decision", entered={"evidence": "x"}
        )
    assert refused.value.code == "document_not_now" and refused.value.field == "kind"
    assert not case.documents.exists()


def test_missing_officer_texts_are_refused_naming_each_field(world, reach):
    case = reach("general", "investigating")
    with pytest.raises(actions.Invalid) as refused:
        actions.issue_document(actor=world.user("officer"), case=case, kind="inquiry_record", entered={})
    assert {e.field for e in refused.value.errors} == {"interviewee", "place", "questions_answers"}
    assert all(e.code == "required" for e in refused.value.errors)
    assert not case.documents.exists()
