"""An agency's template cannot make a document grow without bound (security review F8): loops nest at
most two deep, refused when the template is saved; and a render stops, with a plain refusal, once it
has written too many characters or turned its loops too often."""

from __future__ import annotations

import io

import docx
import pytest

from sanxiang.core.errors import Invalid
from sanxiang.documents import actions, rendering, template_bounds
from sanxiang.documents.kinds import KINDS
from sanxiang.documents.models import DocumentTemplate

DECISION = KINDS["decision"]
THREE_DEEP = (
    "{% for a in case_title %}{% for b in case_title %}{% for c in case_title %}x"
    "{% endfor %}{% endfor %}{% endfor %}"
)
TWO_DEEP_PRINTING = "{% for a in case_title %}{% for b in case_title %}{{ evidence }}{% endfor %}{% endfor %}"
TWO_DEEP_SILENT = "{% for a in case_title %}{% for b in case_title %}{% endfor %}{% endfor %}"


def word_template(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _upload(world, **kw):
    return actions.upload_template(actor=world.user("head"), agency=world.agency, kind="decision", **kw)


@pytest.mark.parametrize(
    "body",
    [
        THREE_DEEP,
        # Depth counts through if and with: the loops are still inside one another.
        "{% for a in case_title %}{% if a %}{% with t=case_title %}{% for b in t %}"
        "{% for c in b %}x{% endfor %}{% endfor %}{% endwith %}{% endif %}{% endfor %}",
    ],
    ids=["plain", "through-if-and-with"],
)
def test_an_html_template_nesting_loops_three_deep_is_refused_when_saved(world, body):
    with pytest.raises(Invalid) as refused:
        _upload(world, fmt="html", body=body)
    assert (refused.value.code, refused.value.field) == ("template_loops_too_deep", "body")
    assert "最多 2 层" in str(refused.value.message)
    assert not DocumentTemplate.objects.exists()


def test_two_loops_deep_is_still_a_valid_template(world):
    assert _upload(world, fmt="html", body=TWO_DEEP_PRINTING).pk


def test_a_word_template_nesting_loops_three_deep_is_refused_when_saved(world):
    with pytest.raises(Invalid) as refused:
        _upload(world, fmt="docx", docx=word_template(THREE_DEEP))
    assert (refused.value.code, refused.value.field) == ("template_loops_too_deep", "docx")
    assert not DocumentTemplate.objects.exists()


def test_a_deep_template_saved_before_the_rule_is_refused_when_rendered():
    with pytest.raises(Invalid) as refused:
        rendering.html(DECISION, {"case_title": "案" * 200}, THREE_DEEP)
    assert refused.value.code == "template_loops_too_deep"


def test_an_html_render_writing_too_much_is_stopped():
    # 200 × 200 turns (within the turn budget) each writing 100 characters: 4 million characters.
    values = {"case_title": "案" * 200, "evidence": "证" * 100}
    with pytest.raises(Invalid) as refused:
        rendering.html(DECISION, values, TWO_DEEP_PRINTING)
    assert (refused.value.code, refused.value.field) == ("template_output_too_large", "body")
    assert "模板" in str(refused.value.message)


def test_an_html_render_turning_its_loops_too_often_is_stopped():
    # Nothing is written, but 1,000 × 1,000 turns is ten times the turn budget.
    with pytest.raises(Invalid) as refused:
        rendering.html(DECISION, {"case_title": "案" * 1000}, TWO_DEEP_SILENT)
    assert refused.value.code == "template_output_too_large"


def test_a_normal_render_stays_within_the_budget():
    html = rendering.html(DECISION, {"case_title": "案" * 20, "evidence": "询问笔录"}, TWO_DEEP_PRINTING)
    assert html.count("询问笔录") == 400


def test_a_word_render_writing_too_much_is_stopped():
    values = {"case_title": "案" * 200, "evidence": "证" * 100}
    with pytest.raises(Invalid) as refused:
        rendering.docx(DECISION, values, word_template(TWO_DEEP_PRINTING))
    assert (refused.value.code, refused.value.field) == ("template_output_too_large", "docx")


def test_a_word_render_turning_its_loops_too_often_is_stopped():
    with pytest.raises(Invalid) as refused:
        rendering.docx(DECISION, {"case_title": "案" * 1000}, word_template(TWO_DEEP_SILENT))
    assert refused.value.code == "template_output_too_large"


def test_a_normal_word_render_stays_within_the_budget():
    out = rendering.docx(
        DECISION, {"case_title": "案" * 20, "evidence": "询问笔录"}, word_template(TWO_DEEP_PRINTING)
    )
    text = "".join(p.text for p in docx.Document(io.BytesIO(out)).paragraphs)
    assert text.count("询问笔录") == 400


def test_the_bounds_are_the_documented_ones():
    assert (template_bounds.MAX_LOOP_DEPTH, template_bounds.MAX_LOOP_TURNS) == (2, 100_000)
    assert template_bounds.MAX_OUTPUT_CHARS == 2_000_000
