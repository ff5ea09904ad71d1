"""Staff pages of the annual statistics: the list of the agencies' reports with their due date and
status, and the report page with its lines and the forms of each step. Every write posts to one step
view that calls the action; the form carries the state and version the user saw, so a double submit
or a stale page is refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from sanxiang.annual_reports import actions, excel, permissions, queries
from sanxiang.annual_reports.enums import LineSource
from sanxiang.annual_reports.models import Report
from sanxiang.catalog.models import Agency
from sanxiang.catalog.permissions import is_staff_user
from sanxiang.core import clock
from sanxiang.core.errors import DomainError, Invalid, WrongState


def _agency(request: HttpRequest, pk: int) -> Agency:
    if not is_staff_user(request.user):
        raise Http404
    agency = queries.agency_for(request.user, pk)
    if agency is None:
        raise Http404
    return agency


def seen_mark(status: queries.Status) -> str:
    """What the page showed: the working version's state and number, or the published one's."""
    if status.working is not None:
        return f"{status.working.state}:{status.working.version}"
    if status.published is not None:
        return f"published:{status.published.version}"
    return "none"


@login_required
@require_GET
def manage_view(request: HttpRequest) -> HttpResponse:
    if not is_staff_user(request.user):
        raise Http404
    context = {"rows": queries.overview(request.user), "last_year": clock.today().year - 1}
    return render(request, "annual_reports/manage.html", context)


def _page(request: HttpRequest, agency: Agency, year: int, error: DomainError | None = None) -> HttpResponse:
    user = request.user
    status = queries.status(agency, year)
    working = status.working
    shown = working or status.published
    lines = list(shown.lines.order_by("position")) if shown else []
    context = {
        "agency": agency,
        "year": year,
        "status": status,
        "report": shown,
        "lines": lines,
        "seen": seen_mark(status),
        "versions": Report.objects.filter(agency=agency, year=year).order_by("-version"),
        "can_prepare": permissions.can_prepare(user, agency),
        "can_approve": permissions.can_approve(user, agency),
        "can_generate": permissions.can_prepare(user, agency)
        and (working is not None or status.published is None),
        "can_edit": permissions.can_prepare(user, agency) and working is not None,
        "can_review": permissions.can_approve(user, agency)
        and working is not None
        and working.state == "draft",
        "can_publish": permissions.can_approve(user, agency)
        and working is not None
        and working.state == "reviewed",
        "can_correct": permissions.can_prepare(user, agency)
        and working is None
        and status.published is not None,
        "entered": LineSource.ENTERED,
        "no_power": excel.NO_POWER,
        "error": error,
    }
    return render(request, "annual_reports/report.html", context, status=error.status if error else 200)


@login_required
@require_GET
def report_view(request: HttpRequest, pk: int, annual_year: int) -> HttpResponse:
    return _page(request, _agency(request, pk), annual_year)


@login_required
@require_GET
def excel_view(request: HttpRequest, pk: int, annual_year: int) -> HttpResponse:
    agency = _agency(request, pk)
    status = queries.status(agency, annual_year)
    report = status.working or status.published
    if report is None:
        raise Http404
    return _xlsx(report)


def _xlsx(report: Report) -> HttpResponse:
    response = HttpResponse(
        excel.build(report), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"annual-report-{report.agency_id}-{report.year}-v{report.version}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _working(status: queries.Status) -> Report:
    if status.working is None:
        raise WrongState(
            "annual_report_state", _("There is no version in preparation: generate the report first.")
        )
    return status.working


def _published(status: queries.Status) -> Report:
    if status.published is None:
        raise WrongState(
            "annual_report_state", _("The report is not published yet; there is nothing to correct.")
        )
    return status.published


Step = Callable[[Any, Agency, int, queries.Status, dict[str, Any]], Any]

STEPS: dict[str, tuple[Callable[[Any, Agency], bool], Step, Any]] = {
    "generate": (
        permissions.can_prepare,
        lambda u, a, y, s, d: actions.generate(actor=u, agency=a, data={"year": y}),
        gettext_lazy("The figures have been counted from the data."),
    ),
    "line": (
        permissions.can_prepare,
        lambda u, a, y, s, d: actions.set_line(actor=u, report=_working(s), data=d),
        gettext_lazy("The number has been saved."),
    ),
    "review": (
        permissions.can_approve,
        lambda u, a, y, s, d: actions.review(actor=u, report=_working(s)),
        gettext_lazy("The report has been reviewed."),
    ),
    "publish": (
        permissions.can_approve,
        lambda u, a, y, s, d: actions.publish(actor=u, report=_working(s)),
        gettext_lazy("The report has been published."),
    ),
    "correct": (
        permissions.can_prepare,
        lambda u, a, y, s, d: actions.correct(actor=u, report=_published(s), data=d),
        gettext_lazy("A new version has been opened for the correction."),
    ),
}


def step_view(name: str) -> Callable[[HttpRequest, int, int], HttpResponse]:
    allowed, run, done = STEPS[name]

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int, annual_year: int) -> HttpResponse:
        year = annual_year
        agency = _agency(request, pk)
        if not allowed(request.user, agency):
            raise PermissionDenied
        data = {key: request.POST.get(key, "") for key in request.POST}
        try:
            seen = data.pop("seen", "")
            if not seen:
                raise Invalid(
                    "state_missing", _("The form is incomplete: reload the page and try again."), field="seen"
                )
            status = queries.status(agency, year)
            if seen != seen_mark(status):
                raise WrongState(
                    "annual_report_changed", _("The report changed since you opened it: reload the page.")
                )
            run(request.user, agency, year, status, data)
        except DomainError as exc:
            return _page(request, agency, year, exc)
        messages.success(request, str(done))
        return redirect("annual_reports:report", agency.pk, year)

    view.__name__ = f"{name}_view"
    return view
