"""Excel pages: export an agency's lists, download an empty template, and import in two steps —
upload → report of every bad row → the user's choice (valid rows only / all or nothing / nothing).

The uploaded file waits under MEDIA_ROOT/imports/ between the steps; the session remembers which
token belongs to which user, agency, kind and reason, so nobody else can confirm someone's upload."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sanxiang.catalog import permissions, queries
from sanxiang.catalog.actions.access import record_private_read
from sanxiang.catalog.excel import export, imports
from sanxiang.catalog.excel.columns import SHEETS
from sanxiang.catalog.models import Agency
from sanxiang.catalog.views.manage_common import REASON_LABEL, field_errors, require, respond
from sanxiang.core import clock
from sanxiang.core.errors import DomainError, FieldError, Invalid
from sanxiang.core.text import clean_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "catalog_imports"


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def _sheet(kind: str) -> Any:
    if kind not in SHEETS:
        raise Http404
    return SHEETS[kind]


@login_required
def export_view(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    agency = queries.agency_for_user(request.user, pk)
    sheet = _sheet(kind)
    filename = f"{agency.name}-{sheet.title}-{clock.today():%Y%m%d}.xlsx"
    if kind == "officers":  # the officer sheet carries phone numbers
        record_private_read(
            actor=request.user,
            subject=agency,
            agency_id=agency.pk,
            what="officer_contact",
            channel="manage/export/officers",
        )
    return _xlsx(export.export_workbook(kind, agency), filename)


@login_required
def template_view(request: HttpRequest, kind: str) -> HttpResponse:
    sheet = _sheet(kind)
    return _xlsx(export.template_workbook(kind), f"{sheet.title}-导入模板.xlsx")


def _may_import(user: Any, agency: Agency, kind: str) -> bool:
    if kind == "officers":
        return permissions.can_manage_officers(user, agency)
    return permissions.can_edit_agency_lists(user, agency)


def _upload_context(agency: Agency, kind: str, reason: str, error: DomainError | None) -> dict[str, Any]:
    sheet = SHEETS[kind]
    return {
        "agency": agency,
        "sheet": sheet,
        "kind": kind,
        "reason": reason,
        "errors": field_errors(error),
        "reason_label": REASON_LABEL,
        "max_rows": imports.MAX_ROWS,
        "max_mb": imports.MAX_BYTES // (1024 * 1024),
        "required_headers": [c.header for c in sheet.import_columns if c.required],
        "optional_headers": [c.header for c in sheet.import_columns if not c.required],
    }


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    agency = queries.agency_for_user(request.user, pk)
    if kind not in imports.IMPORTABLE:
        raise Http404
    require(_may_import(request.user, agency, kind))
    reason = request.POST.get("reason", "")
    if request.method == "GET":
        return respond(
            request, "catalog/manage/import_upload.html", _upload_context(agency, kind, reason, None)
        )
    token = ""
    try:
        problems: list[FieldError] = []
        try:
            reason = clean_text(reason, field="reason", label=REASON_LABEL, max_length=500)
        except Invalid as exc:
            problems += exc.errors
        upload = request.FILES.get("file")
        if upload is None:
            problems.append(FieldError("file", "required", _("Choose the Excel file to import.")))
        if problems:
            raise Invalid.many(problems)
        assert upload is not None
        token = imports.store_upload(upload)
        path = imports.stored_path(token)
        assert path is not None
        report = imports.run_import(
            actor=request.user, agency=agency, kind=kind, path=path, reason=reason, mode=imports.CHECK
        )
    except DomainError as exc:
        if token:
            imports.discard(token)
        return respond(
            request, "catalog/manage/import_upload.html", _upload_context(agency, kind, reason, exc), exc
        )
    pending = request.session.get(SESSION_KEY, {})
    pending[token] = {"agency": agency.pk, "kind": kind, "reason": reason, "filename": upload.name}
    request.session[SESSION_KEY] = pending
    return _report(request, agency, token, report, upload.name or "")


def _report(
    request: HttpRequest,
    agency: Agency,
    token: str,
    report: imports.ImportReport,
    filename: str,
    error: DomainError | None = None,
) -> HttpResponse:
    context = {
        "agency": agency,
        "token": token,
        "report": report,
        "sheet": SHEETS[report.kind],
        "filename": filename,
        "kind": report.kind,
    }
    return respond(request, "catalog/manage/import_report.html", context, error)


@login_required
@require_http_methods(["GET", "POST"])
def import_confirm_view(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    agency = queries.agency_for_user(request.user, pk)
    if kind not in imports.IMPORTABLE:
        raise Http404
    require(_may_import(request.user, agency, kind))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    token = request.POST.get("token", "")
    pending = request.session.get(SESSION_KEY, {})
    entry = pending.get(token)
    path = imports.stored_path(token)
    agency_url = reverse("catalog_manage:agency", args=[agency.pk])
    if entry is None or path is None or entry["agency"] != agency.pk or entry["kind"] != kind:
        messages.error(request, _("This upload is no longer waiting for a decision; upload the file again."))
        return redirect(reverse("catalog_manage:import", args=[agency.pk, kind]))
    mode = request.POST.get("mode", "")

    def forget() -> None:
        imports.discard(token)
        pending.pop(token, None)
        request.session[SESSION_KEY] = pending

    if mode == "cancel":
        forget()
        messages.success(request, _("Nothing was imported."))
        return redirect(agency_url)
    if mode not in {imports.VALID_ONLY, imports.ALL_OR_NOTHING}:
        raise Http404
    try:
        report = imports.run_import(
            actor=request.user, agency=agency, kind=kind, path=path, reason=entry["reason"], mode=mode
        )
    except DomainError as exc:
        forget()
        return respond(
            request,
            "catalog/manage/import_upload.html",
            _upload_context(agency, kind, entry["reason"], exc),
            exc,
        )
    if not report.committed:
        # All or nothing with bad rows (or no valid row at all): nothing changed, the choice stays open.
        error = Invalid(
            "import_not_done",
            _("Nothing was imported: %(n)d rows have errors.") % {"n": len(report.bad_rows)},
        )
        return _report(request, agency, token, report, entry.get("filename", ""), error)
    forget()
    messages.success(
        request,
        _("Imported %(valid)d rows; %(bad)d rows with errors were skipped.")
        % {"valid": report.valid_rows, "bad": len(report.bad_rows)},
    )
    return redirect(agency_url)
