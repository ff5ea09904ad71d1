"""Document pages: the case-page panel (issued documents, downloads, issue and re-issue forms), the
issue and download endpoints, and an agency's template page. Every write calls ``actions``; a refusal
shows the case page again with the coded message next to the form's fields."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sanxiang.cases import queries as case_queries
from sanxiang.cases import views as case_views
from sanxiang.cases.models import Case
from sanxiang.cases.permissions import can_see_personal_data
from sanxiang.catalog.models import Agency
from sanxiang.catalog.queries import agencies_for_user
from sanxiang.catalog.views.manage_common import (
    FormField,
    field_errors,
    posted,
    require,
    respond,
    spec_fields,
)
from sanxiang.core.errors import DomainError
from sanxiang.documents import actions, glyphs, permissions, queries, redaction, templating
from sanxiang.documents.fields import label
from sanxiang.documents.kinds import KINDS, DocumentKind
from sanxiang.documents.models import Document, TemplateFormat
from sanxiang.evidence import blobs

FAILED = "_documents_failed"  # request attribute: (form key, values, error) of a refused form


def _form(kind: DocumentKind, key: str, values: dict[str, Any], error: DomainError | None) -> list[FormField]:
    return spec_fields(kind.entered, values, field_errors(error), prefix=f"{key}-")


def case_panel(request: HttpRequest, case: Case) -> str:
    """The documents section of the case page (registered with ``cases.hooks``)."""
    user = request.user
    if not permissions.can_read_documents(user, case):
        return ""
    failed_key, failed_values, failed_error = getattr(request, FAILED, ("", {}, None))
    can_issue = permissions.can_issue(user, case) and case.archived_at is None
    documents = list(queries.documents_of_case(case))
    issue_forms = []
    reissue_forms = []
    if can_issue:
        for kind in queries.issuable_kinds(case):
            key = f"new-{kind.code}"
            mine = failed_key == key
            issue_forms.append(
                {
                    "kind": kind,
                    "key": key,
                    "open": mine,
                    "fields": _form(kind, key, failed_values if mine else {}, failed_error if mine else None),
                }
            )
        for document in documents:
            doc_kind = KINDS.get(document.kind)
            if doc_kind is None or not document.current:
                continue
            key = f"re-{document.pk}"
            mine = failed_key == key
            values = (
                failed_values
                if mine
                else {spec.name: document.values.get(spec.name, "") for spec in doc_kind.entered}
            )
            fields = _form(doc_kind, key, values, failed_error if mine else None)
            errors = field_errors(failed_error) if mine else {}
            fields.insert(
                0,
                FormField(
                    f"{key}-reason",
                    actions.REASON.label,
                    kind="textarea",
                    value=values.get("reason", ""),
                    errors=errors.get("reason", []),
                    required=True,
                ),
            )
            reissue_forms.append({"document": document, "key": key, "open": mine, "fields": fields})
    context = {
        "case": case,
        "documents": documents,
        "issue_forms": issue_forms,
        "reissue_forms": reissue_forms,
        "can_issue": can_issue,
        "can_manage_templates": permissions.can_manage_templates(user, case.agency),
        "error": failed_error,
    }
    return render_to_string("documents/panel.html", context, request=request)


def _refused(
    request: HttpRequest, case: Case, key: str, values: dict[str, Any], exc: DomainError
) -> HttpResponse:
    setattr(request, FAILED, (key, values, exc))
    return respond(request, "cases/detail.html", case_views._case_context(request, case, error=exc), exc)


@login_required
@require_POST
def issue_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_queries.case_for_user(request.user, pk)
    require(permissions.can_issue(request.user, case))
    code = request.POST.get("kind", "")
    kind = KINDS.get(code)
    key = f"new-{code}"
    values = posted(request, kind.entered, prefix=f"{key}-") if kind else {}
    try:
        document = actions.issue_document(actor=request.user, case=case, kind=code, entered=values)
    except DomainError as exc:
        return _refused(request, case_queries.case_for_user(request.user, pk), key, values, exc)
    messages.success(
        request,
        _("Issued: %(title)s %(number)s.") % {"title": document.kind_title, "number": document.number},
    )
    _warn_unprintable(request, document)
    return redirect("cases:case", case.pk)


@login_required
@require_POST
def reissue_view(request: HttpRequest, pk: int) -> HttpResponse:
    old = queries.document_for_user(request.user, pk)
    case = old.case
    require(permissions.can_issue(request.user, case))
    kind = KINDS[old.kind]
    key = f"re-{old.pk}"
    values = posted(request, kind.entered, prefix=f"{key}-")
    reason = request.POST.get(f"{key}-reason", "")
    try:
        document = actions.issue_document(
            actor=request.user, case=case, kind=old.kind, entered=values, supersedes=old, reason=reason
        )
    except DomainError as exc:
        return _refused(
            request, case_queries.case_for_user(request.user, case.pk), key, {**values, "reason": reason}, exc
        )
    messages.success(
        request,
        _("Re-issued: %(number)s version %(version)s supersedes version %(old)s.")
        % {"number": document.number, "version": document.version, "old": old.version},
    )
    _warn_unprintable(request, document)
    return redirect("cases:case", case.pk)


def _warn_unprintable(request: HttpRequest, document: Document) -> None:
    missing = glyphs.unprintable(document.values.values())
    if missing:
        messages.warning(
            request,
            _(
                "No installed font has these characters, which print as blank boxes in %(number)s: "
                "%(chars)s. Write them in by hand on the printed copy, or have a font covering GB 18030 "
                "installed on the server and re-issue the document."
            )
            % {"number": document.number, "chars": "、".join(missing)},
        )


def record_document_read(actor: Any, document: Document, channel: str) -> None:
    """A document that names a natural person is personal data: a download of the original is
    recorded (the same record as the case page's, through ``cases.queries``)."""
    kind = KINDS.get(document.kind)
    if kind is not None and kind.names_person:
        case_queries.record_party_read(actor, document.case, channel=channel, subject=document)


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def download(actor: Any, document: Document, fmt: str, channel: str) -> HttpResponseBase:
    """The issued file for a reader who may see the parties' personal data (recorded); for anyone
    else a redacted rendition made now, marked as such and never stored (``redaction``)."""
    blob = document.pdf if fmt == "pdf" else document.docx
    suffix = "" if document.version == 1 else f"-v{document.version}"
    if not can_see_personal_data(actor, document.case):
        data = redaction.redacted_bytes(document, fmt)
        marked = _("de-identified")
        filename = f"{document.kind_title}-{document.number}{suffix}-{marked}.{fmt}"
        response: HttpResponseBase = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
        response["Content-Disposition"] = content_disposition_header(True, filename)
        response["X-Content-SHA256"] = hashlib.sha256(data).hexdigest()
        # The original's digest, to look the issued document up in the record log.
        response["X-Redacted-Copy-Of-SHA256"] = blob.sha256
        return response
    handle = blobs.open_blob(blob)
    record_document_read(actor, document, channel)
    filename = f"{document.kind_title}-{document.number}{suffix}.{fmt}"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=CONTENT_TYPES[fmt])
    response["X-Content-SHA256"] = blob.sha256
    return response


@login_required
def pdf_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    return download(request.user, queries.document_for_user(request.user, pk), "pdf", "documents/pdf")


@login_required
def docx_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    return download(request.user, queries.document_for_user(request.user, pk), "docx", "documents/docx")


TEMPLATE_FIELDS = ("kind", "format", "body", "note")


@login_required
@require_http_methods(["GET", "POST"])
def templates_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        agency = agencies_for_user(request.user).get(pk=pk)
    except Agency.DoesNotExist:
        raise Http404 from None
    require(permissions.can_manage_templates(request.user, agency))
    error: DomainError | None = None
    values = {"kind": "", "format": TemplateFormat.HTML, "body": "", "note": ""}
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in TEMPLATE_FIELDS}
        upload = request.FILES.get("docx")
        try:
            actions.upload_template(
                actor=request.user,
                agency=agency,
                kind=values["kind"],
                fmt=values["format"],
                body=values["body"],
                docx=upload.read(actions.MAX_DOCX + 1) if upload is not None else b"",
                note=values["note"],
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("The template has been saved; it is used from now on."))
            return redirect("documents:templates", agency.pk)
    errors = field_errors(error)
    history = list(queries.template_history(agency))
    kinds = [
        {
            "kind": kind,
            "fields": [
                (name, label(name, {s.name: s.label for s in kind.entered})) for name in kind.allowed_fields
            ],
            "default": templating.default_html(kind),
            "current": [t for t in history if t.kind == kind.code][:2],
        }
        for kind in KINDS.values()
    ]
    context = {
        "title": _("Document templates"),
        "agency": agency,
        "kinds": kinds,
        "history": history,
        "fields": [
            FormField(
                "kind",
                _("Document kind"),
                kind="select",
                value=values["kind"],
                choices=[(k.code, k.title) for k in KINDS.values()],
                errors=errors.get("kind", []),
                required=True,
            ),
            FormField(
                "format",
                _("Format"),
                kind="select",
                value=values["format"],
                choices=list(TemplateFormat.choices),
                errors=errors.get("format", []),
                required=True,
            ),
            FormField(
                "body",
                _("Template (HTML)"),
                kind="textarea",
                value=values["body"],
                errors=errors.get("body", []),
                help=templating.placeholder_help(),
            ),
            FormField("note", _("Note"), value=values["note"], errors=errors.get("note", [])),
        ],
        "docx_errors": errors.get("docx", []),
    }
    return respond(request, "documents/templates.html", context, error)


@login_required
def template_file_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The template in use for a kind and format — the agency's own, else the default — to start
    editing from: ``?kind=decision&format=docx``."""
    try:
        agency = agencies_for_user(request.user).get(pk=pk)
    except Agency.DoesNotExist:
        raise Http404 from None
    require(permissions.can_manage_templates(request.user, agency))
    kind = KINDS.get(request.GET.get("kind", "")) or next(iter(KINDS.values()))
    fmt = request.GET.get("format", TemplateFormat.HTML)
    own = queries.current_template(agency, kind.code, fmt)
    if fmt == TemplateFormat.DOCX:
        data = bytes(own.docx) if own is not None else templating.default_docx(kind)
        response = HttpResponse(
            data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        name = f"{kind.code}.docx"
    else:
        body = own.body if own is not None else templating.default_html(kind)
        response = HttpResponse(body, content_type="text/plain; charset=utf-8")
        name = f"{kind.code}.html"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
