"""Pages of the electronic case file: the case page's panel (state of the file, seal and archive,
download), the download of a sealed package (a read of the parties' data: logged), and a public
page where anyone can upload a package and have it verified."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sanxiang.casefiles import actions, completeness, queries
from sanxiang.casefiles.verify import verify_package
from sanxiang.cases import queries as case_queries
from sanxiang.cases.enums import PartyKind
from sanxiang.cases.models import Case
from sanxiang.catalog.actions.access import record_private_read
from sanxiang.catalog.views.manage_common import require, respond
from sanxiang.core.errors import DomainError, Invalid, WrongState
from sanxiang.recordlog import queries as log_queries
from sanxiang.recordlog import signing

# What the public page unpacks at most: a whole case file with hours of video fits; a zip bomb
# does not. The command line has no limit.
PAGE_MAX_BYTES = 16 * 1024**3


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


def _installation_key() -> str | None:
    try:
        return log_queries.verifier_key_text()
    except signing.SigningKeyMissing:
        return None


@require_http_methods(["GET", "POST"])
def verify_view(request: HttpRequest) -> HttpResponse:
    """Anyone may check a package; by default against this installation's published key."""
    own_key = _installation_key()
    context: dict[str, Any] = {"title": _("Verify a case file"), "own_key": own_key, "report": None}
    if request.method == "POST":
        upload = request.FILES.get("package")
        key = (request.POST.get("key") or "").strip() or own_key
        context["key_given"] = (request.POST.get("key") or "").strip()
        if upload is None:
            error = Invalid("required", _("Choose a case file package (.zip) to verify."), field="package")
            return respond(request, "casefiles/verify.html", context, error)
        with upload.open("rb") as handle:
            context["report"] = verify_package(handle, trusted_key=key, max_bytes=PAGE_MAX_BYTES)
        context["file_name"] = upload.name
        context["checked_key"] = key
    return respond(request, "casefiles/verify.html", context)
