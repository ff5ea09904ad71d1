"""Rendering a document: its body template with its values, inside the GB/T 9704 layout, to PDF
with WeasyPrint; and its Word template to DOCX with docxtpl. Pure functions of the values and the
templates: the same inputs give the same text (the PDF's creation date aside)."""

from __future__ import annotations

import io
import logging
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import override

from sanxiang.documents import template_bounds, templating
from sanxiang.documents.kinds import DocumentKind

# WeasyPrint reports every layout step at INFO; a server issuing documents does not need them.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


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
            {"values": values, "body": mark_safe(body), "mark": mark},  # noqa: S308
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
