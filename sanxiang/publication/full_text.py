"""The full decision document as the text to publish (policy ``publication.content`` = "full").

市场监督管理行政处罚信息公示规定 Art. 4 publishes the whole penalty decision document, and Art. 7 says
the published document must equal the one served apart from the redactions. So the text is rebuilt
from the issued document's own rendering (its stored values and the HTML template it was issued
with — the same pure function that made its PDF), turned into plain text; the PDF is never parsed.
The masks and the leak scan then work on this text exactly as on a summary."""

from __future__ import annotations

from collections.abc import Iterable
from html.parser import HTMLParser
from typing import Any

from django.utils.translation import gettext_lazy as _

from sanxiang.cases.models import Act, Case
from sanxiang.core import policy
from sanxiang.core.errors import Invalid, WrongState
from sanxiang.documents import queries as document_queries
from sanxiang.documents import rendering
from sanxiang.documents.fields import case_values
from sanxiang.documents.kinds import KINDS, DocumentKind
from sanxiang.documents.models import Document, TemplateFormat
from sanxiang.publication.models import DecisionKind, Record

SUMMARY, FULL = "summary", "full"
FULL_TEXT_CITATION = (
    "《市场监督管理行政处罚信息公示规定》第四条、第七条：公示行政处罚决定书全文，"
    "除依法隐去的内容外，应当与送达的决定书一致"
)

# Elements whose text is not part of the document's words: the page's head and the drawn seal.
_SKIPPED = {"head", "style", "script", "title"}
# Elements that start a new line in the printed document.
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "br", "hr", "tr", "li", "table", "section"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag in _SKIPPED or "seal" in classes:
            self.skipping.append(tag)
            return
        if tag in _BLOCKS:
            self.lines.append("")
        elif tag in {"td", "th"} and self.lines[-1]:
            self.lines[-1] += "："

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in _BLOCKS:
            self.lines.append("")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.lines[-1] += " ".join(data.split()) if data.strip() else ""


def html_to_text(html: str) -> str:
    """The words of a rendered document, one printed paragraph per line."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "\n".join(line.strip() for line in parser.lines if line.strip())


def kinds_for_acts(acts: Iterable[str]) -> list[DocumentKind]:
    """The document kinds issued for the given decision acts (行政处罚决定书 for ``decide``, …)."""
    wanted = set(acts)
    return [kind for kind in KINDS.values() if kind.letter and wanted & set(kind.acts)]


def current_document(case: Case, acts: Iterable[str]) -> Document | None:
    codes = [kind.code for kind in kinds_for_acts(acts)]
    return (
        Document.objects.filter(case=case, kind__in=codes, superseded_at__isnull=True)
        .select_related("template")
        .order_by("-issued_at", "-pk")
        .first()
    )


def document_text(document: Document) -> str:
    """The issued document's words, rendered again from what it was issued with."""
    kind = KINDS[document.kind]
    body = document.template.body if document.template is not None else None
    return html_to_text(rendering.html(kind, dict(document.values), body))


def preview_text(case: Case, kind: DocumentKind, number: str) -> str:
    """Before the document is issued: what it will say, from the case's data, with the officer's
    entered fields (the evidence list) still empty. Replaced by the issued text on submission."""
    values: dict[str, Any] = case_values(
        case, title=str(kind.title), number=number, issued_on=case.decided_on
    )
    values.update({spec.name: "" for spec in kind.entered})
    template = document_queries.current_template(case.agency, kind.code, TemplateFormat.HTML)
    return html_to_text(rendering.html(kind, values, template.body if template else None))


def on_decision(record: Record, act: Act) -> None:
    """Called from ``actions.on_decision``: under the "full" policy a decision that has a decision
    document publishes that document (a preview until it is issued); other decisions keep the
    summary."""
    # Arts. 4 and 7 concern penalty decisions; licences and inspections keep the summary.
    if record.decision_kind != DecisionKind.PENALTY:
        return
    if policy.value("publication.content", record.agency.policy_scopes()) != FULL:
        return
    kinds = kinds_for_acts([act.act])
    if not kinds:
        return
    case = record.case
    document = current_document(case, [act.act])
    record.content = FULL
    record.original_text = (
        document_text(document)
        if document is not None
        else preview_text(case, kinds[0], record.document_number)
    )
    record.save(update_fields=["content", "original_text"])


def refresh_for_submission(record: Record, acts: Iterable[str]) -> None:
    """On submission the text to redact becomes the issued document's (Art. 7); without an issued
    document there is nothing that may be published in full yet."""
    if record.content != FULL:
        return
    document = current_document(record.case, acts)
    if document is None:
        raise WrongState(
            "publication_no_document",
            _(
                "The decision document has not been issued yet: issue it before its full text is sent to redaction."
            ),
            citation=FULL_TEXT_CITATION,
        )
    record.original_text = document_text(document)
    if document.number:
        record.document_number = document.number
        record.summary = {**record.summary, "document_number": document.number}


def refuse_edit(record: Record, text: str | None) -> None:
    """A full decision document is published as served: it is masked, never rewritten."""
    if record.content == FULL and text and text.strip() != record.original_text.strip():
        raise Invalid(
            "publication_full_text",
            _(
                "Text to publish: the full decision document is published as it was served; it can be masked but not edited."
            ),
            field="text",
            citation=FULL_TEXT_CITATION,
        )
