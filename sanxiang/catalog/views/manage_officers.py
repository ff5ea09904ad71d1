"""Officers and certificates: create, edit and retire an officer; issue, renew, suspend, reinstate and
revoke a certificate. Each act is a small POST form with a mandatory reason."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from sanxiang.catalog import actions, permissions, queries
from sanxiang.catalog.actions.access import record_private_read
from sanxiang.catalog.actions.certificates import SPECS as CERTIFICATE_SPECS
from sanxiang.catalog.actions.officers import PHOTO_MAX_BYTES
from sanxiang.catalog.actions.officers import SPECS as OFFICER_SPECS
from sanxiang.catalog.models import Certificate, Officer
from sanxiang.catalog.views.manage_common import (
    field_errors,
    initial_values,
    posted,
    reason_field,
    require,
    respond,
    spec_fields,
)
from sanxiang.core import clock
from sanxiang.core.errors import DomainError

FORM = "catalog/manage/form.html"

# act -> (action, label of the button, whether it asks for a new expiry date)
CERTIFICATE_ACTS: dict[str, tuple[Any, Any, bool]] = {
    "renew": (actions.renew_certificate, gettext_lazy("Renew"), True),
    "suspend": (actions.suspend_certificate, gettext_lazy("Suspend"), False),
    "reinstate": (actions.reinstate_certificate, gettext_lazy("Reinstate"), False),
    "revoke": (actions.revoke_certificate, gettext_lazy("Revoke"), False),
}


@login_required
@require_http_methods(["GET", "POST"])
def officer_create_view(request: HttpRequest, pk: int) -> HttpResponse:
    agency = queries.agency_for_user(request.user, pk)
    require(permissions.can_manage_officers(request.user, agency))
    error = None
    values: dict[str, Any] = {}
    if request.method == "POST":
        values = posted(request, OFFICER_SPECS)
        try:
            officer = actions.create_officer(
                actor=request.user, agency=agency, data=values, reason=request.POST.get("reason", "")
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("The officer has been added; now issue the certificate."))
            return redirect("catalog_manage:certificate_issue", officer.pk)
    errors = field_errors(error)
    context = {
        "title": _("New officer of %(agency)s") % {"agency": agency.name},
        "agency": agency,
        "fields": [*spec_fields(OFFICER_SPECS, values, errors), reason_field(request, errors)],
        "cancel_url": reverse("catalog_manage:agency", args=[agency.pk]),
    }
    return respond(request, FORM, context, error)


@login_required
@require_http_methods(["GET", "POST"])
def officer_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    officer = queries.officer_for_user(request.user, pk)
    require(permissions.can_manage_officers(request.user, officer.agency))
    error = None
    values = initial_values(officer, [s.name for s in OFFICER_SPECS])
    if request.method == "POST":
        values = posted(request, OFFICER_SPECS)
        try:
            actions.update_officer(
                actor=request.user, officer=officer, data=values, reason=request.POST.get("reason", "")
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("The officer has been saved."))
            return redirect("catalog_manage:officer", officer.pk)
    errors = field_errors(error)
    context = {
        "title": _("Edit officer: %(name)s") % {"name": officer.name},
        "agency": officer.agency,
        "fields": [*spec_fields(OFFICER_SPECS, values, errors), reason_field(request, errors)],
        "cancel_url": reverse("catalog_manage:officer", args=[officer.pk]),
    }
    return respond(request, FORM, context, error)


def _officer_context(request: HttpRequest, officer: Officer) -> dict[str, Any]:
    return {
        "officer": officer,
        "agency": officer.agency,
        "today": clock.today(),
        "certificates": officer.certificates.order_by("-issued_on", "-id").prefetch_related("events__actor"),
        "can_manage": permissions.can_manage_officers(request.user, officer.agency),
        "photo_max_mb": PHOTO_MAX_BYTES // (1024 * 1024),
        "photo_reason": "",
        "photo_errors": {},
    }


@login_required
def officer_view(request: HttpRequest, pk: int) -> HttpResponse:
    officer = queries.officer_for_user(request.user, pk)
    record_private_read(
        actor=request.user,
        subject=officer,
        agency_id=officer.agency_id,
        what="officer_contact",
        channel="manage/officer",
        officer_ids=[officer.pk],
    )
    return respond(request, "catalog/manage/officer.html", _officer_context(request, officer))


@login_required
@require_http_methods(["GET", "POST"])
def officer_retire_view(request: HttpRequest, pk: int) -> HttpResponse:
    officer = queries.officer_for_user(request.user, pk)
    # Refuse who may not act before saying which method is wanted (deny first, reveal nothing).
    require(permissions.can_manage_officers(request.user, officer.agency))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        actions.retire_officer(actor=request.user, officer=officer, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        context = _officer_context(request, officer)
        context.update(retire_reason=request.POST.get("reason", ""), retire_errors=field_errors(exc))
        return respond(request, "catalog/manage/officer.html", context, exc)
    messages.success(request, _("The officer has left the enforcement post."))
    return redirect("catalog_manage:officer", officer.pk)


@login_required
@require_http_methods(["GET", "POST"])
def officer_photo_view(request: HttpRequest, pk: int) -> HttpResponse:
    officer = queries.officer_for_user(request.user, pk)
    require(permissions.can_manage_officers(request.user, officer.agency))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    reason = request.POST.get("reason", "")
    try:
        actions.set_officer_photo(
            actor=request.user, officer=officer, upload=request.FILES.get("photo"), reason=reason
        )
    except DomainError as exc:
        context = _officer_context(request, officer)
        context.update(photo_reason=reason, photo_errors=field_errors(exc))
        return respond(request, "catalog/manage/officer.html", context, exc)
    messages.success(request, _("The photo has been saved."))
    return redirect("catalog_manage:officer", officer.pk)


@login_required
@require_GET
def officer_photo_file_view(request: HttpRequest, pk: int) -> FileResponse:
    """The photo, streamed, only to who may see the agency's internal data; a 404 for anyone else
    and for an officer without a photo. Never cached by shared caches (personal data)."""
    officer = queries.officer_for_user(request.user, pk)
    if not permissions.can_see_agency_internal(request.user, officer.agency) or not officer.photo.name:
        raise Http404
    try:
        handle = default_storage.open(officer.photo.name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    record_private_read(
        actor=request.user,
        subject=officer,
        agency_id=officer.agency_id,
        what="officer_photo",
        channel="manage/officer/photo",
        officer_ids=[officer.pk],
    )
    # Every stored photo was re-encoded to JPEG by set_officer_photo.
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def certificate_issue_view(request: HttpRequest, pk: int) -> HttpResponse:
    officer = queries.officer_for_user(request.user, pk)
    require(permissions.can_manage_officers(request.user, officer.agency))
    error = None
    values: dict[str, Any] = {"issuing_authority": _default_authority(officer)}
    if request.method == "POST":
        values = posted(request, CERTIFICATE_SPECS)
        try:
            cert = actions.issue_certificate(
                actor=request.user, officer=officer, data=values, reason=request.POST.get("reason", "")
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("Certificate %(number)s has been issued.") % {"number": cert.number})
            return redirect("catalog_manage:officer", officer.pk)
    errors = field_errors(error)
    context = {
        "title": _("Issue a certificate to %(name)s") % {"name": officer.name},
        "agency": officer.agency,
        "fields": [*spec_fields(CERTIFICATE_SPECS, values, errors), reason_field(request, errors)],
        "cancel_url": reverse("catalog_manage:officer", args=[officer.pk]),
    }
    return respond(request, FORM, context, error)


def _default_authority(officer: Officer) -> str:
    latest = officer.agency.officers.filter(certificates__isnull=False).first()
    cert = latest.current_certificate() if latest else None
    return cert.issuing_authority if cert else ""


def _certificate_context(request: HttpRequest, cert: Certificate) -> dict[str, Any]:
    return {
        "certificate": cert,
        "officer": cert.officer,
        "agency": cert.officer.agency,
        "today": clock.today(),
        "events": cert.events.select_related("actor"),
        "acts": [
            (name, label, needs_date) for name, (_action, label, needs_date) in CERTIFICATE_ACTS.items()
        ],
        "can_manage": permissions.can_manage_officers(request.user, cert.officer.agency),
        "failed_act": "",
        "typed": {},
        "act_errors": {},
    }


@login_required
def certificate_view(request: HttpRequest, pk: int) -> HttpResponse:
    cert = queries.certificate_for_user(request.user, pk)
    return respond(request, "catalog/manage/certificate.html", _certificate_context(request, cert))


@login_required
@require_http_methods(["GET", "POST"])
def certificate_act_view(request: HttpRequest, pk: int, act: str) -> HttpResponse:
    cert = queries.certificate_for_user(request.user, pk)
    if act not in CERTIFICATE_ACTS:
        raise Http404
    require(permissions.can_manage_officers(request.user, cert.officer.agency))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    action, _label, needs_date = CERTIFICATE_ACTS[act]
    kwargs: dict[str, Any] = {
        "actor": request.user,
        "certificate": cert,
        "reason": request.POST.get("reason", ""),
    }
    if needs_date:
        kwargs["expires_on"] = request.POST.get("expires_on", "")
    try:
        action(**kwargs)
    except DomainError as exc:
        context = _certificate_context(request, cert)
        context.update(failed_act=act, typed=request.POST.dict(), act_errors=field_errors(exc))
        return respond(request, "catalog/manage/certificate.html", context, exc)
    messages.success(request, _("The certificate has been updated."))
    return redirect("catalog_manage:certificate", cert.pk)
