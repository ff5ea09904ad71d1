"""Rendering a document: its body template with its values, inside the GB/T 9704 layout, to PDF
with WeasyPrint; and its Word template to DOCX with docxtpl. Pure functions of the values and the
templates: the same inputs give the same text (the PDF's creation date aside)."""

from __future__ import annotations

import io
import logging
from typing import Any

from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from sanxiang.documents import template_bounds, templating
from sanxiang.documents.fields import APPROVAL_FORMS
from sanxiang.documents.kinds import DocumentKind

# WeasyPrint reports every layout step at INFO; a server issuing documents does not need them.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


# The confirmation the person who signs a 笔录 copies in their own hand before signing. The record
# of a questioning (询问, 听证, 陈述申辩) is checked against what was said and signed page by page
# (市场监督管理行政处罚程序规定, on inquiry records); an on-site record is checked against what was
# found and signed by the party and the officers (行政强制法 Art. 18 (6); 行政处罚法 Art. 55).
AS_SAID = _("I have read the above record and it agrees with what I said")
AS_FOUND = _("I have read the above record and it is true")

# 笔录 kind -> (who signs besides the officers, what they copy). Every page's footer carries the
# same person's signature line: agencies have each page of a record signed.
SIGNED_RECORDS: dict[str, tuple[str | Promise, str | Promise]] = {
    "inquiry_record": (_("Person questioned"), AS_SAID),
    "on_site_record": (_("Person inspected"), AS_FOUND),
    "inspection_record": (_("Person inspected"), AS_FOUND),
    "statement_record": (_("Person stating and defending"), AS_SAID),
    "hearing_record": (_("Party"), AS_SAID),
}


def signing(kind: DocumentKind, values: dict[str, Any]) -> dict[str, Any] | None:
    """What the layout prints for people to sign under a 笔录 or a 审批表, from the values the
    document was issued with; ``None`` for a letter or another form. Values of documents issued
    before these lines existed lack ``signatories``/``approvals``: they print no officer lines."""
    officers = [row for row in values.get("signatories") or [] if isinstance(row, dict)]
    if kind.code in SIGNED_RECORDS:
        party, confirmation = SIGNED_RECORDS[kind.code]
        chair = values.get("hearing_chair", "") if kind.code == "hearing_record" else ""
        return {
            "record": True,
            "party": party,
            "confirmation": confirmation,
            "officers": officers,
            "chair": chair,
        }
    if kind.code in APPROVAL_FORMS:
        approvals = values.get("approvals") or {}
        approval = next((approvals[act] for act in kind.acts if act in approvals), None)
        return {"approval_form": True, "approval": approval, "officers": officers}
    return None


BLANK = "______________"
DATE_BLANK = "______年____月____日"


def _officer_line(label: str, officer: dict[str, Any]) -> str:
    number = officer.get("certificate") or ""
    line = f"{label}：{BLANK}　{officer.get('name', '')}"
    return f"{line}　{gettext('certificate number')}：{number}" if number else line


def sign_off_lines(kind: DocumentKind, values: dict[str, Any]) -> tuple[list[str], str]:
    """The same sign-off as the PDF's, as plain lines for the Word file, and the line every page's
    footer carries ("" when none). In Chinese: call it with the language active."""
    found = signing(kind, values)
    if found is None:
        return [], ""
    if found.get("record"):
        who = gettext("%(who)s signature") % {"who": found["party"]}
        lines = [
            f"{gettext('Copy in your own hand')}：“{found['confirmation']}”",
            BLANK * 3,
            f"{who}：{BLANK}　{gettext('Date')}：{DATE_BLANK}",
            *(_officer_line(gettext("Officer's signature"), row) for row in found["officers"]),
        ]
        if found["chair"]:
            chair = gettext("Hearing chair's signature")
            lines.append(f"{chair}：{BLANK}　{found['chair']}")
        return lines, f"{who}：{BLANK}"
    lines = [
        _officer_line(gettext("Signature of the officer handling the case"), o) for o in found["officers"]
    ]
    opinion = gettext("Opinion of the head of the agency")
    approval = found["approval"]
    if approval:
        lines += [
            f"{opinion}：{approval['opinion']}",
            f"{gettext('Approved by')}：{approval['approver']}　{approval['approved_on']}",
        ]
    else:
        lines += [
            f"{opinion}：{BLANK * 2}",
            f"{gettext('Signature')}：{BLANK}　{gettext('Date')}：{DATE_BLANK}",
        ]
    return lines, ""


def html(
    kind: DocumentKind, values: dict[str, Any], body_source: str | None = None, *, mark: str = ""
) -> str:
    """``mark``: the line a redacted rendition carries at the top of its body and of every page, so
    that it can never pass for the issued original."""
    template = templating.compile_html(kind, body_source or templating.default_html(kind))
    body = templating.render_body(template, values)
    with override("zh-hans"):
        return render_to_string(
            "documents/print/layout.html",
            {
                "values": values,
                "body": mark_safe(body),  # noqa: S308
                "mark": mark,
                "signing": signing(kind, values),
            },
        )


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    class InlineOnly(URLFetcher):
        """Documents carry everything inline. An agency's template is data: a ``<link>``, ``<img>``
        or ``url()`` naming a file or an address must not pull a server file or reach the network
        into the PDF, so only ``data:`` URLs (an inline logo) are fetched; WeasyPrint logs the
        refusal and leaves the resource out."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.lower().startswith("data:"):
                raise ValueError(f"documents load no external resources: {url[:100]}")
            return super().fetch(url, headers)

    return InlineOnly(allowed_protocols={"data"})


def pdf(document_html: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=document_html, url_fetcher=_fetcher()).write_pdf())


def docx(
    kind: DocumentKind, values: dict[str, Any], template_bytes: bytes | None = None, *, mark: str = ""
) -> bytes:
    from docxtpl import DocxTemplate, Listing

    source = template_bytes or templating.default_docx(kind)
    document = DocxTemplate(io.BytesIO(source))
    # Multi-line texts (questions and answers, findings) keep their line breaks in Word.
    context = {k: Listing(v) if isinstance(v, str) and "\n" in v else v for k, v in values.items()}
    # Sandboxed, loops nested at most two deep, and on a budget of loop turns, characters and time.
    budget = template_bounds.Budget("docx")
    environment = template_bounds.bounded_jinja_environment(budget, autoescape=True)
    document.render(context, jinja_env=environment, autoescape=True)
    if template_bytes is None:
        _add_sign_off(document, kind, values)
    if mark:
        # First line of the body and the footer of every section: a redacted copy says so on
        # every page, whatever the agency's template looks like.
        paragraphs = document.paragraphs
        if paragraphs:
            paragraphs[0].insert_paragraph_before(mark)
        else:
            document.add_paragraph(mark)
        for section in document.sections:
            section.footer.is_linked_to_previous = False
            section.footer.add_paragraph(mark)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add_sign_off(document: Any, kind: DocumentKind, values: dict[str, Any]) -> None:
    """Our default Word file ends with the agency and the date; the lines people sign go before
    them, and a record's footer asks for a signature on every page. An agency's own Word template
    is left as the agency made it (it has its own signature lines)."""
    with override("zh-hans"):
        lines, footer = sign_off_lines(kind, values)
    paragraphs = document.paragraphs
    anchor = paragraphs[-2] if len(paragraphs) >= 2 else None
    for line in lines:
        if anchor is not None:
            anchor.insert_paragraph_before(line)
        else:
            document.add_paragraph(line)
    if footer:
        for section in document.sections:
            section.footer.is_linked_to_previous = False
            section.footer.add_paragraph(footer)
