"""Templates as data: the default template of each kind, and the check that a template (ours or an
agency's) names only fields its kind has.

HTML templates are Django templates compiled by an engine of their own with no loaders and only the
``i18n`` library, and only a short list of tags is accepted (no ``include``, ``extends``, ``load`` of
other libraries): an agency's template is data and must not reach files or code. Word templates are
docxtpl (Jinja2) documents rendered in Jinja's sandbox."""

from __future__ import annotations

import functools
import io
from collections.abc import Iterable, Iterator
from typing import Any

from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import FilterExpression, Node, TextNode, TokenType, Variable, VariableNode
from django.template.defaulttags import CommentNode, ForNode, IfNode, LoadNode, WithNode
from django.template.loader import get_template
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from sanxiang.core.errors import Invalid
from sanxiang.documents import template_bounds
from sanxiang.documents.fields import label
from sanxiang.documents.kinds import COMMON, DocumentKind

ENGINE = Engine(libraries={"i18n": "django.templatetags.i18n"}, autoescape=True)
ALLOWED_NODES = (
    TextNode,
    VariableNode,
    ForNode,
    IfNode,
    WithNode,
    CommentNode,
    LoadNode,
    TranslateNode,
    BlockTranslateNode,
)
LOOP_NAMES = {"forloop"}
MAX_TEMPLATE = 200_000  # characters of HTML; a document body, not a site


# --- checking ---------------------------------------------------------------------------------


def _expression_names(expression: Any) -> Iterator[str]:
    if not isinstance(expression, FilterExpression):
        return
    var = expression.var
    if isinstance(var, Variable) and var.lookups:
        yield var.lookups[0]
    for _func, args in expression.filters:
        for lookup, arg in args:
            if lookup and isinstance(arg, Variable) and arg.lookups:
                yield arg.lookups[0]


def _condition_names(condition: Any) -> Iterator[str]:
    if condition is None:
        return
    value = getattr(condition, "value", None)
    if isinstance(value, FilterExpression):
        yield from _expression_names(value)
    for part in ("first", "second"):
        sub = getattr(condition, part, None)
        if sub is not None and sub is not condition:
            yield from _condition_names(sub)


def _names(nodes: Iterable[Node], bound: frozenset[str]) -> Iterator[tuple[str, str]]:
    """(kind of finding, name): ("field", name) for every variable used that ``bound`` lacks,
    ("tag", name) for every tag that templates may not use."""
    for node in nodes:
        if not isinstance(node, ALLOWED_NODES):
            yield "tag", type(node).__name__.removesuffix("Node").lower()
            continue
        if isinstance(node, VariableNode):
            names = list(_expression_names(node.filter_expression))
        elif isinstance(node, ForNode):
            names = list(_expression_names(node.sequence))
            inner = bound | frozenset(node.loopvars) | LOOP_NAMES
            yield from _unbound(names, bound)
            yield from _names(node.nodelist_loop, inner)  # type: ignore[arg-type]
            yield from _names(node.nodelist_empty, bound)  # type: ignore[arg-type]
            continue
        elif isinstance(node, IfNode):
            for condition, nodelist in node.conditions_nodelists:
                yield from _unbound(list(_condition_names(condition)), bound)
                yield from _names(nodelist, bound)
            continue
        elif isinstance(node, WithNode):
            names = [n for value in node.extra_context.values() for n in _expression_names(value)]
            yield from _unbound(names, bound)
            yield from _names(node.nodelist, bound | frozenset(node.extra_context))
            continue
        elif isinstance(node, TranslateNode):
            names = list(_expression_names(node.filter_expression))
        elif isinstance(node, BlockTranslateNode):
            names = [n for value in node.extra_context.values() for n in _expression_names(value)]
            inner = bound | frozenset(node.extra_context)
            tokens = [*node.singular, *(node.plural or [])]
            yield from _unbound([t.contents for t in tokens if t.token_type == TokenType.VAR], inner)
        elif isinstance(node, LoadNode):
            names = []
        else:
            names = []
        yield from _unbound(names, bound)


def _unbound(names: Iterable[str], bound: frozenset[str]) -> Iterator[tuple[str, str]]:
    for name in names:
        if name not in bound:
            yield "field", name


def _unknown_field(kind: DocumentKind, name: str, where: str) -> Invalid:
    allowed = "、".join(f"{n}（{label(n, _entered_labels(kind))}）" for n in kind.allowed_fields)
    return Invalid(
        "template_field_unknown",
        _(
            "The template uses the field “%(name)s”, which the %(kind)s does not have. "
            "Fields it may use: %(allowed)s."
        )
        % {"name": name, "kind": kind.title, "allowed": allowed},
        field=where,
    )


def _entered_labels(kind: DocumentKind) -> dict[str, Any]:
    return {spec.name: spec.label for spec in kind.entered}


def compile_html(kind: DocumentKind, source: str) -> Any:
    """Compile an HTML template for ``kind`` or refuse it naming the first unknown field or tag."""
    if not source.strip():
        raise Invalid("required", _("The template is empty."), field="body")
    if len(source) > MAX_TEMPLATE:
        raise Invalid(
            "template_too_long",
            _("A template is at most %(max)s characters.") % {"max": f"{MAX_TEMPLATE:,}"},
            field="body",
        )
    try:
        template = ENGINE.from_string(source)
    except TemplateSyntaxError as exc:
        raise Invalid(
            "template_syntax", _("The template cannot be read: %(error)s") % {"error": exc}, field="body"
        ) from None
    depth = template_bounds.django_loop_depth(template.nodelist)
    if depth > template_bounds.MAX_LOOP_DEPTH:
        raise template_bounds.too_deep(depth, "body")
    bound = frozenset(kind.allowed_fields)
    for finding, name in _names(template.nodelist, bound):
        if finding == "tag":
            raise Invalid(
                "template_tag_refused",
                _("Templates may not use the tag “%(tag)s”; use fields, if, for and translate only.")
                % {"tag": name},
                field="body",
            )
        raise _unknown_field(kind, name, "body")
    return template


def check_docx(kind: DocumentKind, data: bytes) -> None:
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    try:
        document = DocxTemplate(io.BytesIO(data))
        names = document.get_undeclared_template_variables(
            jinja_env=template_bounds.bounded_jinja_environment()
        )
    except Invalid:
        raise
    except TemplateError as exc:
        raise Invalid(
            "template_syntax", _("The template cannot be read: %(error)s") % {"error": exc}, field="docx"
        ) from None
    except Exception:
        raise Invalid(
            "template_docx_invalid", _("The file is not a Word (.docx) document."), field="docx"
        ) from None
    bound = set(kind.allowed_fields)
    for name in sorted(names):
        if name not in bound:
            raise _unknown_field(kind, name, "docx")


# --- defaults ---------------------------------------------------------------------------------


def _body_fields(kind: DocumentKind) -> list[str]:
    # The layout prints the common fields (issuer, number, title, case number, date) already.
    return [name for name in kind.allowed_fields if name not in COMMON]


@functools.cache
def _letter_source(code: str) -> str:
    template = get_template(f"documents/print/{code}.html")
    return str(template.template.source)  # type: ignore[attr-defined]


def default_html(kind: DocumentKind) -> str:
    """Letters have a body template in ``templates/documents/print/``; forms (审批表, 笔录) are a
    table of their fields, generated here with the labels in the language active now."""
    if kind.letter:
        return _letter_source(kind.code)
    labels = _entered_labels(kind)
    rows = "\n".join(
        f'<tr><th>{label(name, labels)}</th><td data-field="{name}">{{{{ {name}|linebreaksbr }}}}</td></tr>'
        for name in _body_fields(kind)
    )
    return f'<table class="form">\n{rows}\n</table>\n'


@functools.cache
def _default_docx_cached(code: str, language: str) -> bytes:
    from docx import Document as WordDocument
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    from sanxiang.documents.kinds import KINDS

    kind = KINDS[code]
    labels = _entered_labels(kind)
    word = WordDocument()
    header = word.add_paragraph()
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = header.add_run("{{ agency_name }}")
    run.font.size, run.font.bold, run.font.color.rgb = Pt(22), True, RGBColor(0xCC, 0, 0)
    number = word.add_paragraph("{{ document_number }}")
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = word.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_run = title.add_run("{{ document_title }}")
    title_run.font.size, title_run.font.bold = Pt(22), True
    word.add_paragraph(
        f"{label('case_number')}：{{{{ case_number }}}}　{label('case_title')}：{{{{ case_title }}}}"
    )
    for name in _body_fields(kind):
        word.add_paragraph(f"{label(name, labels)}：{{{{ {name} }}}}")
    closing = word.add_paragraph("{{ agency_name }}")
    closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    closing_date = word.add_paragraph("{{ issued_on }}")
    closing_date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def default_docx(kind: DocumentKind) -> bytes:
    """Generated with python-docx on first use (per language) and kept in memory: see ADR 0009."""
    with override("zh-hans"):
        return _default_docx_cached(kind.code, "zh-hans")


def render_body(template: Any, values: dict[str, Any]) -> str:
    """Rendered on a budget of loop turns, characters and time (``template_bounds``)."""
    with override("zh-hans"):
        return template_bounds.render(template, Context(values, autoescape=True), "body")


def placeholder_help() -> str:
    return gettext("Use {{ field }} for a field; the list of fields is shown for each kind.")
