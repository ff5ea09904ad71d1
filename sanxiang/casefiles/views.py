"""Pages of the electronic case file: the case page's panel (state of the file, seal and archive,
download), the download of a sealed package (a read of the parties' data: logged), and a public
page where anyone can upload a package and have it verified."""

from __future__ import annotations

import tempfile
from typing import IO, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sanxiang.casefiles import actions, bounded, completeness, policies, queries
from sanxiang.casefiles.redacted import write_redacted_package
from sanxiang.cases import queries as case_queries
from sanxiang.cases.enums import PartyKind
from sanxiang.cases.models import Case
from sanxiang.cases.permissions import can_see_personal_data
from sanxiang.catalog.actions.access import record_private_read
from sanxiang.catalog.views.manage_common import require, respond
from sanxiang.core import policy, ratelimit
from sanxiang.core.errors import DomainError, Invalid, WrongState
from sanxiang.recordlog import queries as log_queries
from sanxiang.recordlog import signing


def case_panel(request: HttpRequest, case: Case) -> str:
    """The case page's section on the case file (registered in ``cases.hooks``)."""
    return render_to_string(
        "casefiles/panel.html",
        {
            "case": case,
            "status": queries.status(case),
            "can_archive": queries.can_archive(request.user, case),
        },
        request=request,
    )


def _refused(request: HttpRequest, case: Case, error: DomainError) -> HttpResponse:
    return respond(request, "casefiles/refused.html", {"case": case, "title": _("Case file")}, error)


@login_required
@require_POST
def archive_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_queries.case_for_user(request.user, pk)
    require(queries.can_archive(request.user, case))
    raw = request.POST.get("version", "")
    try:
        if not raw.isdigit():
            raise Invalid(
                "required",
                _("The form is missing the case's version: reload the case page."),
                field="version",
            )
        archived = actions.archive_case(actor=request.user, case=case, expected_version=int(raw))
    except DomainError as exc:
        return _refused(request, case_queries.case_for_user(request.user, pk), exc)
    messages.success(
        request,
        _("The case file is sealed and archived (SHA-256 %(digest)s); the case is now read-only.")
        % {"digest": archived.sha256},
    )
    return redirect("cases:case", case.pk)


def _natural_persons(case: Case) -> list[int]:
    return [p.pk for p in case.parties.all() if p.kind == PartyKind.NATURAL_PERSON]


@login_required
def download_view(request: HttpRequest, pk: int) -> HttpResponseBase:
    case = case_queries.case_for_user(request.user, pk)
    if case.archived_at is None:
        return _refused(request, case, WrongState("casefile_not_archived", completeness.NOT_ARCHIVED))
    if not can_see_personal_data(request.user, case):
        return _redacted_download(request, case)
    handle = queries.open_package(case)
    # The package holds the parties' identity data and every file of the case: who took a copy,
    # and when, is part of the chain of custody.
    record_private_read(
        actor=request.user,
        subject=case,
        agency_id=case.agency_id,
        what="case_file",
        channel="casefiles/download",
        party_ids=_natural_persons(case),
    )
    response = FileResponse(
        handle, as_attachment=True, filename=queries.package_name(case), content_type="application/zip"
    )
    response["X-Content-SHA256"] = case.archive_digest
    return response


def _redacted_download(request: HttpRequest, case: Case) -> HttpResponseBase:
    """A reader without the right to the parties' personal data gets the redacted copy, built now
    (``casefiles.redacted``); taking it is recorded as well, without party ids (nothing personal)."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115  (closed by the response)
    write_redacted_package(case, handle)
    handle.seek(0)
    record_private_read(
        actor=request.user,
        subject=case,
        agency_id=case.agency_id,
        what="case_file_redacted",
        channel="casefiles/download",
    )
    name = queries.package_name(case).removesuffix(".zip") + "-redacted.zip"
    return FileResponse(handle, as_attachment=True, filename=name, content_type="application/zip")


def _installation_key() -> str | None:
    try:
        return log_queries.verifier_key_text()
    except signing.SigningKeyMissing:
        return None


def _within_rate(request: HttpRequest) -> ratelimit.RateLimited | None:
    """Each upload costs seconds of CPU: one address gets a few per hour."""
    limit = int(policy.value(policies.PER_HOUR.key, bounded.scopes_for(request.user)))
    if ratelimit.hit("casefiles.verify", ratelimit.client_ip(request), limit=limit, window_seconds=3600):
        return None
    return ratelimit.RateLimited(
        "verify_rate_limited",
        _(
            "Too many verifications from your address: at most %(limit)s per hour. Please try again "
            "later, or verify the package with the command line."
        )
        % {"limit": limit},
        field="package",
    )


@require_http_methods(["GET", "POST"])
def verify_view(request: HttpRequest) -> HttpResponse:
    """Anyone may check a package; by default against this installation's published key. The check
    runs as a bounded job (``casefiles.bounded``): rate-limited, capped in size and in time."""
    own_key = _installation_key()
    context: dict[str, Any] = {"title": _("Verify a case file"), "own_key": own_key, "report": None}
    if request.method == "POST":
        upload = request.FILES.get("package")
        key = (request.POST.get("key") or "").strip() or own_key
        context["key_given"] = (request.POST.get("key") or "").strip()
        if upload is None:
            error = Invalid("required", _("Choose a case file package (.zip) to verify."), field="package")
            return respond(request, "casefiles/verify.html", context, error)
        refused = _within_rate(request)
        if refused is not None:
            response = respond(request, "casefiles/verify.html", context, refused)
            response["Retry-After"] = "3600"
            return response
        limits = bounded.limits_for(request.user)
        # A large upload is already a file on disk: the child opens it by name. A small one is in
        # memory, which the forked child inherits.
        source: str | IO[bytes] = (
            upload.temporary_file_path() if hasattr(upload, "temporary_file_path") else upload.open("rb")
        )
        try:
            context["report"] = bounded.verify_bounded(source, trusted_key=key, limits=limits)
        except ratelimit.Busy as exc:
            response = respond(request, "casefiles/verify.html", context, exc)
            response["Retry-After"] = "60"
            return response
        context["file_name"] = upload.name
        context["checked_key"] = key
    return respond(request, "casefiles/verify.html", context)
