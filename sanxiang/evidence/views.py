"""Evidence pages: the case-page panel (list, upload form, audio-video status), the upload page
(phone camera, several files, a body camera's folder), an item's page, its logged download or
preview, the recording-device ledger and audio-video exemptions. Every write calls an action."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sanxiang.cases.models import Case
from sanxiang.cases.procedures.acts import act_label
from sanxiang.cases.procedures.engine import procedure_of
from sanxiang.cases.queries import case_for_user
from sanxiang.catalog.models import Agency, Officer
from sanxiang.catalog.permissions import is_staff_user
from sanxiang.catalog.views.manage_common import field_errors, require, respond, spec_fields
from sanxiang.core.errors import DomainError, Invalid
from sanxiang.evidence import actions, av, blobs, permissions, queries
from sanxiang.evidence.enums import DeviceStatus, EvidenceKind
from sanxiang.evidence.models import AVExemption, Evidence, RecordingDevice
from sanxiang.evidence.names import unreadable_upload

INLINE_TYPES = ("image/", "video/", "audio/", "application/pdf")


def _staff(request: HttpRequest) -> None:
    if not is_staff_user(request.user):
        raise Http404


def step_choices(case: Case) -> list[tuple[str, str]]:
    """The case's current step first, then the acts it may do next, then the acts already done."""
    choices = [("", _("Current step: %(state)s") % {"state": case.get_state_display()})]
    seen = set()
    for t in procedure_of(case).from_state(case.state):
        if t.act not in seen:
            seen.add(t.act)
            choices.append((t.act, _("Next: %(act)s") % {"act": act_label(t.act)}))
    for act in case.acts.order_by("-occurred_at", "-id")[:50]:
        choices.append((str(act.pk), f"{act.occurred_at:%Y-%m-%d %H:%M} {act_label(act.act)}"))
    return choices


def upload_context(request: HttpRequest, case: Case, values: dict[str, Any] | None = None) -> dict[str, Any]:
    values = values or {}
    return {
        "case": case,
        "kinds": EvidenceKind.choices,
        "steps": step_choices(case),
        "officers": Officer.objects.filter(agency=case.agency).order_by("name"),
        "devices": queries.usable_devices(case.agency),
        "values": values,
        "limit": actions.max_upload_bytes(case.agency),
    }


def case_panel(request: HttpRequest, case: Case) -> str:
    """The case page's evidence section (registered with ``cases.hooks``)."""
    if not permissions.can_see_evidence(request.user, case):
        return ""
    items = list(queries.evidence_of_case(case))
    context = {
        **upload_context(request, case),
        "items": items,
        "av_rows": av.av_status(case, request.user),
        "exemptions": queries.exemptions_of_case(case),
        "can_add": permissions.can_add_evidence(request.user, case) and case.archived_at is None,
        "can_approve": permissions.can_approve_exemption(request.user, case),
        "public_proofs": {item.pk for item in items if queries.proof_is_public(item)},
    }
    return render_to_string("evidence/_panel.html", context, request=request)


@csrf_exempt
@login_required
def upload_view(request: HttpRequest, pk: int) -> HttpResponse:
    # The hashing handler must be in place before anything reads the body, so CSRF is checked
    # by the inner view, after it is set (Django's documented pattern for custom upload handlers).
    _staff(request)
    case = case_for_user(request.user, pk)
    require(permissions.can_add_evidence(request.user, case))  # before a byte is received
    if request.method == "POST":
        limit = actions.max_upload_bytes(case.agency)
        request.upload_handlers = [blobs.HashingUploadHandler(request, max_size=limit)]
        try:
            request.POST  # noqa: B018 -- parse here, so a body Django refuses is our 400 page
        except MultiPartParserError:
            error = unreadable_upload()
            context = {**upload_context(request, case), "title": _("Upload evidence")}
            context["errors"] = field_errors(error)
            return respond(request, "evidence/upload.html", context, error)
    return _upload(request, pk)


@csrf_protect
@require_http_methods(["GET", "POST"])
def _upload(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    case = case_for_user(request.user, pk)
    require(permissions.can_add_evidence(request.user, case))
    context = upload_context(request, case, request.POST.dict() if request.method == "POST" else None)
    context["title"] = _("Upload evidence")
    results: list[dict[str, Any]] = []
    error: DomainError | None = None
    if request.method == "POST":
        files = request.FILES.getlist("files")
        if not files:
            error = Invalid("file_required", _("Choose at least one file."), field="file")
        for upload in files:
            try:
                if not isinstance(upload, blobs.HashedUpload):
                    raise Invalid("file_required", _("Choose at least one file."), field="file")
                item = actions.add_evidence(actor=request.user, case=case, upload=upload, data=request.POST)
                results.append({"name": item.original_name, "item": item})
            except DomainError as exc:
                error = error or exc
                results.append({"name": upload.name, "error": exc})
            finally:
                upload.close()
        if results and all("item" in row for row in results):
            error = None
    context["results"] = results
    context["errors"] = field_errors(error)
    return respond(request, "evidence/upload.html", context, error)


def _item_context(request: HttpRequest, item: Evidence) -> dict[str, Any]:
    return {
        "title": item.title,
        "item": item,
        "case": item.case,
        "step_label": act_label(item.step),
        "inline": item.mime.startswith(INLINE_TYPES),
        "can_withdraw": permissions.can_add_evidence(request.user, item.case)
        and item.withdrawn_at is None
        and item.case.archived_at is None,
        "public_proof": queries.proof_is_public(item),
        "can_open_file": permissions.can_open_evidence_files(request.user, item.case),
    }


@login_required
@require_GET
def item_view(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    item = queries.evidence_item_for_user(request.user, pk)
    return respond(request, "evidence/item.html", _item_context(request, item))


def _withheld(request: HttpRequest, item: Evidence) -> HttpResponse:
    """The item's page with the refusal: its description, hash and proof stay readable."""
    return respond(
        request, "evidence/item.html", _item_context(request, item), actions.files_withheld_error()
    )


def _file_response(item: Evidence, blob: Any, *, inline: bool, name: str) -> FileResponse:
    handle = blobs.open_blob(blob)
    response = FileResponse(handle, as_attachment=not inline, filename=name, content_type=blob.mime)
    # The bytes are the party's and the case's: never cached, never run as a page.
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; media-src 'self'; img-src 'self'"
    return response


@login_required
@require_GET
def file_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Download (or, with ``?inline=1``, preview) the file; the read is logged first."""
    _staff(request)
    item = queries.evidence_item_for_user(request.user, pk)
    if not permissions.can_open_evidence_files(request.user, item.case):
        return _withheld(request, item)  # the action would refuse too; this shows the page
    inline = request.GET.get("inline") == "1" and item.mime.startswith(INLINE_TYPES)
    actions.record_read(actor=request.user, item=item, channel="page.preview" if inline else "page.download")
    return _file_response(item, item.blob, inline=inline, name=item.original_name)


@login_required
@require_GET
def thumbnail_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    _staff(request)
    item = queries.evidence_item_for_user(request.user, pk)
    if item.thumbnail is None or not permissions.can_open_evidence_files(request.user, item.case):
        raise Http404
    actions.record_read(actor=request.user, item=item, channel="page.thumbnail")
    return _file_response(item, item.thumbnail, inline=True, name=f"thumbnail-{item.pk}.jpg")


@login_required
@require_POST
def withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    item = queries.evidence_item_for_user(request.user, pk)
    require(permissions.can_add_evidence(request.user, item.case))
    try:
        actions.withdraw_evidence(actor=request.user, item=item, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        context = {
            "title": item.title,
            "item": item,
            "case": item.case,
            "step_label": act_label(item.step),
            "inline": False,
            "can_withdraw": True,
            "public_proof": queries.proof_is_public(item),
            "errors": field_errors(exc),
        }
        return respond(request, "evidence/item.html", context, exc)
    return redirect("evidence:item", pk=item.pk)


# --- audio-video exemptions -----------------------------------------------------------------------


@login_required
@require_POST
def exemption_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    case = case_for_user(request.user, pk)
    require(permissions.can_add_evidence(request.user, case))
    try:
        actions.request_exemption(
            actor=request.user,
            case=case,
            step=request.POST.get("step", ""),
            reason=request.POST.get("reason", ""),
        )
    except DomainError as exc:
        context = {
            "title": _("Exemption from audio-video recording"),
            "case": case,
            "errors": field_errors(exc),
        }
        return respond(request, "evidence/exemption.html", context, exc)
    return redirect(reverse("cases:case", args=[case.pk]) + "#evidence")


@login_required
@require_POST
def exemption_approve_view(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    exemption = AVExemption.objects.filter(pk=pk).select_related("case").first()
    if exemption is None:
        raise Http404
    case = case_for_user(request.user, exemption.case_id)
    require(permissions.can_approve_exemption(request.user, case))
    try:
        actions.approve_exemption(actor=request.user, exemption=exemption)
    except DomainError as exc:
        context = {
            "title": _("Exemption from audio-video recording"),
            "case": case,
            "errors": field_errors(exc),
        }
        return respond(request, "evidence/exemption.html", context, exc)
    return redirect(reverse("cases:case", args=[case.pk]) + "#evidence")


# --- recording devices ----------------------------------------------------------------------------


def _agency(request: HttpRequest, pk: int) -> Agency:
    agency = Agency.objects.filter(pk=pk).first()
    if agency is None or not permissions.can_see_devices(request.user, agency):
        raise Http404
    return agency


def _device_fields(agency: Agency, values: dict[str, Any], errors: dict[str, list[str]]) -> list[Any]:
    fields = spec_fields(actions.DEVICE_SPECS, values, errors, choices={"status": DeviceStatus})
    for f in fields:
        if f.name == "officer":
            f.kind = "select"
            f.choices = [("", "—")] + [
                (str(o.pk), o.name) for o in Officer.objects.filter(agency=agency).order_by("name")
            ]
    return fields


@login_required
@require_http_methods(["GET", "POST"])
def devices_view(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    agency = _agency(request, pk)
    can_manage = permissions.can_manage_devices(request.user, agency)
    error: DomainError | None = None
    values: dict[str, Any] = {"status": DeviceStatus.IN_USE}
    if request.method == "POST":
        require(can_manage)
        values = request.POST.dict()
        try:
            actions.register_device(actor=request.user, agency=agency, data=values)
            return redirect("evidence:devices", pk=agency.pk)
        except DomainError as exc:
            error = exc
    context = {
        "title": _("Recording devices"),
        "agency": agency,
        "devices": queries.devices_of_agency(agency),
        "can_manage": can_manage,
        "fields": _device_fields(agency, values, field_errors(error)) if can_manage else [],
    }
    return respond(request, "evidence/devices.html", context, error)


@login_required
@require_http_methods(["GET", "POST"])
def device_view(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    device = RecordingDevice.objects.filter(pk=pk).select_related("agency", "officer").first()
    if device is None:
        raise Http404
    agency = _agency(request, device.agency_id)
    can_manage = permissions.can_manage_devices(request.user, agency)
    error: DomainError | None = None
    values: dict[str, Any] = {
        "device_id": device.device_id,
        "model": device.model,
        "officer": str(device.officer_id or ""),
        "status": device.status,
    }
    if request.method == "POST":
        require(can_manage)
        values = {**request.POST.dict(), "device_id": device.device_id}
        try:
            actions.update_device(actor=request.user, device=device, data=values)
            return redirect("evidence:devices", pk=agency.pk)
        except DomainError as exc:
            error = exc
    context = {
        "title": str(device),
        "agency": agency,
        "device": device,
        "can_manage": can_manage,
        "fields": [f for f in _device_fields(agency, values, field_errors(error)) if f.name != "device_id"],
        "items": device.evidence.filter(case__in=case_scope(request.user)).select_related("case")[:100],
    }
    return respond(request, "evidence/device.html", context, error)


def case_scope(user: Any) -> Any:
    from sanxiang.cases.queries import cases_for_user

    return cases_for_user(user)
