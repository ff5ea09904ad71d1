"""The 决定书文号 of a publication record: the number of the case's issued decision document, never the
case's filing number (立案号).

The summary of a published penalty names the decision document's number (国办发〔2018〕118号 §二(三);
行政处罚法 Art. 48; 市场监督管理行政处罚信息公示规定 Art. 4: legal-rules A-14, A-21), a licence the
number of its 许可决定书 (行政许可法 Art. 40, A-19). Today the record is opened by the decision act and
the document is issued afterwards, so the record starts with the number missing; the document's
issue fills it in (``on_document_issued``, registered with ``documents.actions``), and a record still
without it cannot be sent to redaction or approved. Items published before this rule, which carry the
filing number, are corrected through a public new version (``correct_published``)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sanxiang.cases.models import Case
from sanxiang.core import clock
from sanxiang.core.errors import WrongState
from sanxiang.documents.models import Document
from sanxiang.publication import outbox, search
from sanxiang.publication.models import DecisionKind, Record, RecordState, Version
from sanxiang.recordlog import actions as recordlog

NUMBER_CITATION = (
    "国办发〔2018〕118号 二(三)；《中华人民共和国行政处罚法》第四十八条；"
    "《市场监督管理行政处罚信息公示规定》第四条；《中华人民共和国行政许可法》第四十条"
    "（legal-rules A-14、A-19、A-21：公示内容包括决定书文号）"
)
# The label of the number's line in a summary text; the value shown while the document is missing.
LINE_LABEL = "决定书文号："
MISSING = "（决定书尚未出具）"

# The decision document kinds (``documents.kinds``) whose number a record of each decision carries.
PENALTY_KINDS = ("decision", "on_the_spot_decision")
LICENCE_KINDS = {"granted": ("licence_grant",), "refused": ("licence_refusal",)}
# Inspections publish their result (118号 A-13) under the case's number: no decision document.
NUMBERED = {DecisionKind.PENALTY, DecisionKind.LICENCE}
# States before publication, in which the number is filled into the draft itself.
UNPUBLISHED = {RecordState.DRAFT, RecordState.REDACTION, RecordState.APPROVAL}


def _kinds(decision_kind: str, outcome: str = "") -> tuple[str, ...]:
    if decision_kind == DecisionKind.PENALTY:
        return PENALTY_KINDS
    if decision_kind == DecisionKind.LICENCE:
        return LICENCE_KINDS.get(outcome, (*LICENCE_KINDS["granted"], *LICENCE_KINDS["refused"]))
    return ()


def current_document(case: Case, decision_kind: str, outcome: str = "") -> Document | None:
    """The case's current (not superseded) decision document of the record's kind, newest first."""
    kinds = _kinds(decision_kind, outcome)
    if not kinds:
        return None
    return (
        Document.objects.filter(case=case, kind__in=kinds, superseded_at__isnull=True)
        .order_by("-issued_at", "-pk")
        .first()
    )


def number_for(case: Case, decision_kind: str, outcome: str = "") -> str:
    """The number the record carries at creation: the decision document's, "" while it is missing."""
    if decision_kind not in NUMBERED:
        return case.number
    document = current_document(case, decision_kind, outcome)
    return document.number if document is not None else ""


def _outcome(record: Record) -> str:
    return str(record.summary.get("outcome") or "")


def is_missing(record: Record) -> bool:
    """A penalty or licence record without its decision document's number (or, from an older
    version, with the case's filing number in its place)."""
    if record.decision_kind not in NUMBERED:
        return False
    number = record.document_number
    return not number or number == record.case.number


def _issue_hint(record: Record) -> Any:
    if record.decision_kind == DecisionKind.LICENCE:
        return _("the licence decision document")
    return _("the penalty decision document")


def refuse_missing(record: Record) -> None:
    """Submission and approval need the decision document's number: fill it from the issued document
    if that happened before this record knew, else refuse naming the document to issue."""
    if not is_missing(record):
        return
    document = current_document(record.case, record.decision_kind, _outcome(record))
    if document is not None:
        fill(record, document)
        return
    raise WrongState(
        "publication_no_decision_number",
        _(
            "Decision document number: it is a required item of the public record and %(document)s "
            "has not been issued yet. Issue it on the case page (Documents); its number is then filled in."
        )
        % {"document": _issue_hint(record)},
        field="document_number",
        citation=NUMBER_CITATION,
    )


def _replace_line(text: str, number: str) -> tuple[str, int, int]:
    """The text with its "决定书文号：" line set to ``number``; the changed span's end in the old text
    and the length change, for shifting the masks after it. A text without the line is kept."""
    start = text.find(LINE_LABEL)
    if start < 0:
        return text, 0, 0
    value_start = start + len(LINE_LABEL)
    end = text.find("\n", value_start)
    end = len(text) if end < 0 else end
    new = text[:value_start] + number + text[end:]
    return new, end, len(new) - len(text)


def _shift_masks(masks: list[dict[str, Any]], after: int, delta: int) -> list[dict[str, Any]]:
    # The masks are spans over the original text; those after the number's line move with it.
    if not delta:
        return masks
    return [
        {**m, "start": m["start"] + delta, "end": m["end"] + delta} if m["start"] >= after else m
        for m in masks
    ]


def _log(kind: str, record: Record, actor: Any, payload: dict[str, Any]) -> None:
    recordlog.append(
        kind=f"publication.{kind}",
        subject=record,
        actor=actor,
        payload={"case_id": record.case_id, "state": record.state, **payload},
        occurred_at=clock.now(),
        agency_id=record.agency_id,
    )


def fill(record: Record, document: Document, actor: Any = None) -> Record:
    """A record not yet published takes the issued document's number into its summary and text."""
    old = record.document_number
    record.document_number = document.number
    record.summary = {**record.summary, "document_number": document.number}
    if record.content == "full" and record.state == RecordState.DRAFT:
        from sanxiang.publication import full_text

        record.original_text = full_text.document_text(document)
    else:
        record.original_text, after, delta = _replace_line(record.original_text, document.number)
        record.masks = _shift_masks(record.masks, after, delta)
    record.save(update_fields=["document_number", "summary", "original_text", "masks"])
    _log(
        "document_number_filled",
        record,
        actor,
        {"from": old, "to": document.number, "document_id": document.pk},
    )
    return record


def on_document_issued(document: Document) -> None:
    """Registered with ``documents.actions``: a decision document issued after the decision (the
    usual order today) fills its number into the case's record, in the issue's transaction. A
    published record keeps its text; ``correct_published`` corrects one that shows the filing
    number."""
    record = Record.objects.select_for_update().filter(case_id=document.case_id).first()
    if record is None or record.state not in UNPUBLISHED:
        return
    if document.kind not in _kinds(record.decision_kind, _outcome(record)):
        return
    if record.document_number != document.number:
        fill(record, document, document.issued_by)


# --- Items published with the filing number ---------------------------------------------------------


@dataclass
class CorrectionReport:
    corrected: list[tuple[int, str, str]] = field(default_factory=list)  # (record, from, to)
    without_document: list[tuple[int, str]] = field(default_factory=list)  # (record, case number)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@transaction.atomic
def correct_published(record: Record, document: Document, at: dt.datetime | None = None) -> Record:
    """The correction flow (``actions.handle_correction``) done by the agency itself: the public text
    and summary take the decision document's number, a new public version notes the correction
    (the item page's correction history), the platform is told and the record log keeps it."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    old = record.document_number
    new = document.number
    now = at or clock.now()
    text, _end, _delta = _replace_line(record.published_text, new)
    public = dict(record.summary.get("public") or {})
    if public:
        public["document_number"] = new
    record.version += 1
    record.summary = {**record.summary, "document_number": new, **({"public": public} if public else {})}
    record.document_number = new
    record.original_text, after, delta = _replace_line(record.original_text, new)
    record.masks = _shift_masks(record.masks, after, delta)
    record.published_text = text
    record.published_digest = _digest(text)
    record.search_text = search.normalise(
        "\n".join([record.party_name, record.credit_code, new, record.agency.name, text])
    )
    record.search_grams = search.grams(record.search_text)
    record.save()
    note = f"更正：决定书文号由“{old}”更正为“{new}”"
    Version.objects.create(
        record=record, number=record.version, text=text, digest=record.published_digest, note=note, at=now
    )
    outbox.enqueue(record, "corrected")
    _log(
        "corrected",
        record,
        None,
        {"document_number": {"from": old, "to": new}, "digest": record.published_digest, "note": note},
    )
    return record


def correct_published_numbers() -> CorrectionReport:
    """Every public item of a penalty or licence that shows the case's filing number (or none) is
    corrected to its decision document's number; those whose case has no decision document are
    listed and left as they are. Idempotent: a corrected item no longer matches."""
    report = CorrectionReport()
    candidates = Record.objects.filter(
        state=RecordState.PUBLISHED, decision_kind__in=list(NUMBERED)
    ).select_related("case", "agency")
    for record in candidates.order_by("pk"):
        if not is_missing(record):
            continue
        document = current_document(record.case, record.decision_kind, _outcome(record))
        if document is None:
            report.without_document.append((record.pk, record.case.number))
            continue
        old = record.document_number
        correct_published(record, document)
        report.corrected.append((record.pk, old, document.number))
    return report
