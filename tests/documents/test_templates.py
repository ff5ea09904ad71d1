"""Agencies replace templates without code: an HTML or Word template per kind, kept with its history,
checked on upload against the kind's fields (an unknown field is refused by name), used by the next
issue; tags that reach files or code are refused."""

from __future__ import annotations

import io

import docx
import pytest

from sanxiang.core.errors import Invalid, NotAllowed
from sanxiang.documents import actions, queries, templating
from sanxiang.documents.kinds import KINDS
from sanxiang.documents.models import DocumentTemplate
from sanxiang.evidence import blobs
from sanxiang.recordlog.models import Entry
from tests.documents.conftest import flat, pdf_text

OWN = '<p class="plain">本机关自定模板：{{ party_name }}，{{ penalty }}，罚款大写{{ fine_upper }}。证据：{{ evidence }}</p>'


def upload(world, who="head", **kw):
    return actions.upload_template(actor=world.user(who), agency=world.agency, **kw)


def word_template(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_an_own_html_template_is_used_by_the_next_issue(world, walk, tmp_path):
    template = upload(world, kind="decision", fmt="html", body=OWN, note="本局格式")
    assert Entry.objects.filter(kind="document.template_uploaded", digest=template.sha256).exists()
    document = actions.issue_document(
        actor=world.user("head"), case=walk("decided"), kind="decision", entered={"evidence": "询问笔录"}
    )
    assert document.template_id == template.pk
    with blobs.open_blob(document.pdf) as handle:
        text = flat(pdf_text(handle.read(), tmp_path))
    assert "本机关自定模板：张三测，警告、罚款5000.00元，罚款大写伍仟元整。证据：询问笔录" in text
    assert document.number in text  # the layout (header, number, seal) stays


@pytest.mark.parametrize(
    "body, name",
    [
        ("{{ party_name }} {{ party_wealth }}", "party_wealth"),
        ("{% if secret_field %}x{% endif %}", "secret_field"),
        ("{% for line in unknown_list %}{{ line }}{% endfor %}", "unknown_list"),
        ("{{ party_name|default:hidden_value }}", "hidden_value"),
        ("{% load i18n %}{% blocktranslate %}To {{ stranger }}{% endblocktranslate %}", "stranger"),
    ],
)
def test_an_unknown_field_is_refused_by_name(world, body, name):
    with pytest.raises(Invalid) as refused:
        upload(world, kind="decision", fmt="html", body=body)
    assert refused.value.code == "template_field_unknown" and refused.value.field == "body"
    assert f"“{name}”" in str(refused.value.message) and "行政处罚决定书" in str(refused.value.message)
    assert not DocumentTemplate.objects.exists()


def test_a_field_of_another_kind_is_unknown_to_this_one(world):
    # ``questions_answers`` belongs to the inquiry record, not to the decision.
    upload(world, kind="inquiry_record", fmt="html", body="{{ questions_answers }}")
    with pytest.raises(Invalid) as refused:
        upload(world, kind="decision", fmt="html", body="{{ questions_answers }}")
    assert "questions_answers" in str(refused.value.message)


@pytest.mark.parametrize(
    "body",
    [
        '{% include "base.html" %}',
        '{% extends "base.html" %}',
        "{% load static %}",
        "{% debug %}",
        "{% ssi '/etc/passwd' %}",
    ],
)
def test_tags_that_reach_files_or_code_are_refused(world, body):
    with pytest.raises(Invalid) as refused:
        upload(world, kind="decision", fmt="html", body=body)
    assert refused.value.code in {"template_tag_refused", "template_syntax"}
    assert not DocumentTemplate.objects.exists()


def test_a_word_template_with_an_unknown_field_is_refused_by_name(world):
    with pytest.raises(Invalid) as refused:
        upload(
            world, kind="decision", fmt="docx", docx=word_template("{{ party_name }}", "{{ bank_account }}")
        )
    assert refused.value.code == "template_field_unknown" and refused.value.field == "docx"
    assert "bank_account" in str(refused.value.message)
    with pytest.raises(Invalid) as not_word:
        upload(world, kind="decision", fmt="docx", docx=b"%PDF-1.7 not a word file")
    assert not_word.value.code == "template_docx_invalid"


def test_an_own_word_template_is_used_and_the_history_kept(world, walk):
    first = upload(world, kind="decision", fmt="docx", docx=word_template("旧模板 {{ document_number }}"))
    second = upload(
        world,
        kind="decision",
        fmt="docx",
        docx=word_template("新模板 {{ document_number }} {{ fine_upper }}"),
    )
    assert queries.current_template(world.agency, "decision", "docx") == second
    assert list(queries.template_history(world.agency)) == [second, first]
    document = actions.issue_document(
        actor=world.user("head"), case=walk("decided"), kind="decision", entered={"evidence": "询问笔录"}
    )
    with blobs.open_blob(document.docx) as handle:
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(handle.read())).paragraphs)
    assert text.strip() == f"新模板 {document.number} 伍仟元整"


@pytest.mark.parametrize("who", ["officer", "reviewer", "supervisor", "other_head"])
def test_only_the_head_and_administrators_manage_templates(world, who):
    with pytest.raises(NotAllowed):
        upload(world, who=who, kind="decision", fmt="html", body="{{ party_name }}")
    assert not DocumentTemplate.objects.exists()


def test_defaults_list_fields_the_templates_page_can_show(world):
    kind = KINDS["inquiry_record"]
    assert "questions_answers" in templating.default_html(kind)


def test_a_template_cannot_pull_server_files_into_the_pdf(world, walk, tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text('body::after { content: "SERVER-SECRET-7731"; }', encoding="utf-8")
    upload(
        world,
        kind="decision",
        fmt="html",
        body=f'<link rel="stylesheet" href="file://{secret}"><p>{{{{ party_name }}}}</p>',
    )
    document = actions.issue_document(
        actor=world.user("head"), case=walk("decided"), kind="decision", entered={"evidence": "询问笔录"}
    )
    with blobs.open_blob(document.pdf) as handle:
        text = flat(pdf_text(handle.read(), tmp_path))
    assert "张三测" in text and "SERVER-SECRET-7731" not in text
