"""Writes of the documents app: issuing a document (and re-issuing it as a new version) and
uploading an agency's template. Each is one transaction that appends its record log entries; a
refusal writes nothing (blob files written before a rollback are content-addressed and harmless,
see ``evidence.blobs``)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanxiang.cases.actions import refuse_if_archived
from sanxiang.cases.enums import CaseState
from sanxiang.cases.models import Case
from sanxiang.catalog.models import Agency
from sanxiang.core import clock
from sanxiang.core.cleaning import Spec, clean
from sanxiang.core.errors import Conflict, Invalid, NotAllowed, WrongState
from sanxiang.documents import numbering, permissions, queries, rendering, templating
from sanxiang.documents.fields import case_values, chinese_date
from sanxiang.documents.kinds import KINDS, DocumentKind
from sanxiang.documents.models import Document, DocumentTemplate, TemplateFormat
from sanxiang.evidence import blobs
from sanxiang.recordlog import actions as recordlog

REASON = Spec("reason", _("Reason for re-issuing"), kind="multiline", max_length=300)
MAX_DOCX = 10 * 1024 * 1024  # a Word template is a few pages, not an archive
NOTE = Spec("note", _("Note"), max_length=300, required=False)

# Called with each issued document inside its transaction, by the apps layered above (publication
# fills a decision document's number into its record); they register from ``AppConfig.ready``.
AFTER_ISSUE: list[Callable[[Document], None]] = []


def register_after_issue(fn: Callable[[Document], None]) -> Callable[[Document], None]:
    if fn not in AFTER_ISSUE:
        AFTER_ISSUE.append(fn)
    return fn


def kind_or_invalid(code: Any) -> DocumentKind:
    kind = KINDS.get(str(code or "").strip())
    if kind is None:
        raise Invalid("document_kind_unknown", _("Choose a kind of document from the list."), field="kind")
    return kind


def _as_text(value: Any) -> str:
    if isinstance(value, dt.date):
        return chinese_date(value)
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return "" if value is None else str(value)


def _log(
    kind: str, case_or_agency: Any, actor: Any, payload: dict[str, Any], at: dt.datetime, agency_id: int
) -> Any:
    return recordlog.append(
        kind=kind, subject=case_or_agency, actor=actor, payload=payload, occurred_at=at, agency_id=agency_id
    )


@transaction.atomic
def issue_document(
    *,
    actor: Any,
    case: Case,
    kind: Any,
    entered: Mapping[str, Any] | None = None,
    supersedes: Document | int | None = None,
    reason: str = "",
    at: dt.datetime | None = None,
) -> Document:
    """Issue a document of ``kind`` for ``case``: a new number, or — with ``supersedes`` — the next
    version of that document under the same number, which marks the old one superseded (never
    overwritten). The PDF and DOCX bytes go to the blob store and their SHA-256 to the record log.
    ``at`` dates a document issued when its act happened (the demo's replayed cases); the record log
    still stamps the real time it was recorded."""
    refuse_if_archived(case)
    if not permissions.can_issue(actor, case, str(getattr(kind, "code", kind))):
        raise NotAllowed("not_allowed", _("You are not allowed to issue documents for this case."))
    document_kind = kind_or_invalid(kind)
    entered = dict(entered or {})
    errors = []
    try:
        cleaned = clean(entered, document_kind.entered)
    except Invalid as exc:
        errors.extend(exc.errors)
        cleaned = {}
    if supersedes is not None:
        try:
            reason = clean({"reason": reason}, (REASON,))["reason"]
        except Invalid as exc:
            errors.extend(exc.errors)
    if errors:
        raise Invalid.many(errors)
    now = at or clock.now()
    today = timezone.localdate(now)
    agency = case.agency
    old: Document | None = None
    if supersedes is None:
        if not document_kind.fits(case.procedure, case.state):
            raise WrongState(
                "document_not_now",
                _("A %(kind)s is not issued while the case is at “%(state)s”.")
                % {"kind": document_kind.title, "state": CaseState(case.state).label},
                field="kind",
            )
        year = today.year
        serial = numbering.next_serial(agency, document_kind.code, year)
        number = numbering.format_number(agency, document_kind, year, serial)
        version = 1
    else:
        old_pk = supersedes.pk if isinstance(supersedes, Document) else supersedes
        old = Document.objects.select_for_update().filter(pk=old_pk, case=case).first()
        if old is None or old.kind != document_kind.code:
            raise Invalid(
                "document_unknown", _("Choose a document of this case and kind."), field="supersedes"
            )
        if old.superseded_at is not None:
            raise WrongState(
                "document_superseded",
                _(
                    "Document %(number)s version %(version)s is already superseded; re-issue its newest version."
                )
                % {"number": old.number, "version": old.version},
                field="supersedes",
            )
        year, serial, number, version = old.year, old.serial, old.number, old.version + 1
        # Marked first: the partial unique constraint allows one current version per number.
        if Document.objects.filter(pk=old.pk, superseded_at__isnull=True).update(superseded_at=now) != 1:
            raise Conflict("document_superseded", _("Someone re-issued this document first; reload."))
    values = case_values(case, title=str(document_kind.title), number=number, issued_on=today)
    values.update({name: _as_text(value) for name, value in cleaned.items()})
    html_template = queries.current_template(agency, document_kind.code, TemplateFormat.HTML)
    docx_template = queries.current_template(agency, document_kind.code, TemplateFormat.DOCX)
    pdf_bytes = rendering.pdf(
        rendering.html(document_kind, values, html_template.body if html_template else None)
    )
    docx_bytes = rendering.docx(document_kind, values, bytes(docx_template.docx) if docx_template else None)
    pdf_blob, docx_blob = blobs.put_bytes(pdf_bytes), blobs.put_bytes(docx_bytes)
    # The act the document belongs to when it has been done (a decision issued after ``decide``),
    # else the case's latest act (a prior notice drafted before it is served).
    acts = case.acts.order_by("-occurred_at", "-id")
    act = acts.filter(act__in=document_kind.acts).first() or acts.first()
    payload = {
        "case_id": case.pk,
        "case_number": case.number,
        "kind": document_kind.code,
        "number": number,
        "version": version,
        "digest": pdf_blob.sha256,
        "pdf_sha256": pdf_blob.sha256,
        "docx_sha256": docx_blob.sha256,
        "supersedes": old.pk if old is not None else None,
        "reason": reason,
        "template_ids": [t.pk for t in (html_template, docx_template) if t is not None],
    }
    entry = _log("document.issued", case, actor, payload, now, agency.pk)
    # The Word file under its own digest too, so either file can be looked up in the log.
    _log(
        "document.issued_docx",
        case,
        actor,
        {"case_id": case.pk, "number": number, "version": version, "digest": docx_blob.sha256},
        now,
        agency.pk,
    )
    document = Document.objects.create(
        case=case,
        agency=agency,
        kind=document_kind.code,
        year=year,
        serial=serial,
        number=number,
        version=version,
        act=act,
        values=values,
        template=html_template,
        pdf=pdf_blob,
        docx=docx_blob,
        issued_at=now,
        issued_by=actor,
        reason=reason,
        log_entry=entry,
    )
    if old is not None:
        Document.objects.filter(pk=old.pk).update(superseded_by=document)
    for after_issue in AFTER_ISSUE:
        after_issue(document)
    return document


@transaction.atomic
def upload_template(
    *,
    actor: Any,
    agency: Agency,
    kind: Any,
    fmt: Any,
    body: str = "",
    docx: bytes = b"",
    note: str = "",
) -> DocumentTemplate:
    """Add the agency's own template for a kind; the newest one is used from now on. A template that
    names a field its kind lacks is refused with the field's name."""
    if not permissions.can_manage_templates(actor, agency):
        raise NotAllowed(
            "not_allowed", _("Only the agency's head or an administrator manages its templates.")
        )
    document_kind = kind_or_invalid(kind)
    fmt = str(fmt or "").strip()
    if fmt not in TemplateFormat.values:
        raise Invalid("template_format", _("Choose HTML or Word as the template's format."), field="format")
    note = clean({"note": note}, (NOTE,))["note"] or ""
    if fmt == TemplateFormat.HTML:
        templating.compile_html(document_kind, body or "")
        content, docx = body.encode(), b""
    else:
        if not docx:
            raise Invalid("required", _("Choose a Word (.docx) file."), field="docx")
        if len(docx) > MAX_DOCX:
            raise Invalid(
                "file_too_large",
                _("A Word template is at most %(max)s bytes.") % {"max": f"{MAX_DOCX:,}"},
                field="docx",
            )
        templating.check_docx(document_kind, docx)
        content, body = docx, ""
    now = clock.now()
    digest = hashlib.sha256(content).hexdigest()
    entry = _log(
        "document.template_uploaded",
        agency,
        actor,
        {"kind": document_kind.code, "format": fmt, "digest": digest, "note": note},
        now,
        agency.pk,
    )
    return DocumentTemplate.objects.create(
        agency=agency,
        kind=document_kind.code,
        format=fmt,
        body=body,
        docx=docx,
        sha256=digest,
        note=note,
        uploaded_at=now,
        uploaded_by=actor,
        log_entry=entry,
    )
