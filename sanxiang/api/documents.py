"""Document endpoints: a case's documents (with the kinds that may be issued now), issuing or
re-issuing one, and downloading its PDF or Word file.

Reads are scoped like the case pages (a case or document the caller may not see does not exist);
tokens read with the scope ``cases:read``, because documents hold parties' personal data, and a
download of a document naming a natural person is recorded in the record log. A reader who may
see the case but not its parties' personal data (a supervisor, an administrator) downloads a
redacted rendition instead, as on the pages (``documents.views.download``). Issuing is an act of a
person and is refused to tokens. Refusals carry their code; nothing is written on any refusal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from sanxiang.api.auth import require_person, require_scope, session_or_token
from sanxiang.api.errors import AUTH_ERRORS
from sanxiang.api.schemas.common import binary_200
from sanxiang.cases import queries as case_queries
from sanxiang.documents import actions, glyphs, queries
from sanxiang.documents.kinds import DocumentKind
from sanxiang.documents.models import Document
from sanxiang.documents.views import download

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

router = Router(tags=["执法文书 documents"], auth=session_or_token)

READ_CASES = "cases:read"


class EnteredFieldOut(Schema):
    name: str
    label: str
    kind: str
    required: bool


class KindOut(Schema):
    code: str
    title: str
    record: str
    fields: list[str]
    entered: list[EnteredFieldOut]


class DocumentOut(Schema):
    id: int
    kind: str
    kind_title: str
    number: str
    version: int
    issued_at: dt.datetime
    issued_by: str
    reason: str
    pdf_sha256: str
    docx_sha256: str
    superseded: bool
    superseded_by: int | None
    pdf_url: str
    docx_url: str
    unprintable: list[str]  # characters no installed font has: they print as blank boxes


class CaseDocumentsOut(Schema):
    case_id: int
    documents: list[DocumentOut]
    issuable: list[KindOut]  # kinds that may be issued in the case's current state


class IssueIn(Schema):
    kind: str
    entered: dict[str, str] = {}
    supersedes: int | None = None  # the document (id) this one re-issues as its next version
    reason: str = ""  # required when re-issuing


def _kind(kind: DocumentKind) -> dict[str, Any]:
    return {
        "code": kind.code,
        "title": str(kind.title),
        "record": kind.record,
        "fields": list(kind.allowed_fields),
        "entered": [
            {"name": s.name, "label": str(s.label), "kind": s.kind, "required": s.required}
            for s in kind.entered
        ],
    }


def _document(document: Document) -> dict[str, Any]:
    return {
        "id": document.pk,
        "kind": document.kind,
        "kind_title": document.kind_title,
        "number": document.number,
        "version": document.version,
        "issued_at": document.issued_at,
        "issued_by": str(document.issued_by),
        "reason": document.reason,
        "pdf_sha256": document.pdf.sha256,
        "docx_sha256": document.docx.sha256,
        "superseded": not document.current,
        "superseded_by": document.superseded_by_id,
        "pdf_url": f"/api/v1/documents/{document.pk}/pdf",
        "docx_url": f"/api/v1/documents/{document.pk}/docx",
        "unprintable": glyphs.unprintable(document.values.values()),
    }


def _case_documents(case: Any) -> dict[str, Any]:
    return {
        "case_id": case.pk,
        "documents": [_document(d) for d in queries.documents_of_case(case)],
        "issuable": [_kind(k) for k in queries.issuable_kinds(case)],
    }


@router.get(
    "/cases/{case_id}",
    response={200: CaseDocumentsOut, **AUTH_ERRORS},
    summary="案件的执法文书（含当前可制发的文书种类）",
)
def case_documents(request: HttpRequest, case_id: int) -> Any:
    actor = require_scope(request, READ_CASES)
    return _case_documents(case_queries.case_for_user(actor, case_id))


@router.post(
    "/cases/{case_id}",
    response={201: DocumentOut, **AUTH_ERRORS},
    summary="制发（或以新版本重新制发）执法文书",
)
def issue(request: HttpRequest, case_id: int, payload: IssueIn) -> Any:
    actor = require_person(request)
    document = actions.issue_document(
        actor=actor,
        case=case_queries.case_for_user(actor, case_id),
        kind=payload.kind,
        entered=payload.entered,
        supersedes=payload.supersedes,
        reason=payload.reason,
    )
    return Status(201, _document(queries.document_for_user(actor, document.pk)))


@router.get(
    "/{document_id}/pdf",
    response={**AUTH_ERRORS},
    summary="下载文书 PDF",
    openapi_extra=binary_200("application/pdf", "文书 PDF 文件"),
)
def document_pdf(request: HttpRequest, document_id: int) -> Any:
    actor = require_scope(request, READ_CASES)
    return download(actor, queries.document_for_user(actor, document_id), "pdf", "api/documents/pdf")


@router.get(
    "/{document_id}/docx",
    response={**AUTH_ERRORS},
    summary="下载文书 Word 文件",
    openapi_extra=binary_200(DOCX, "文书 Word 文件"),
)
def document_docx(request: HttpRequest, document_id: int) -> Any:
    actor = require_scope(request, READ_CASES)
    return download(actor, queries.document_for_user(actor, document_id), "docx", "api/documents/docx")
