"""The public portal of the annual statistics: the index of published reports by agency and year,
the report page ("无此职权" where the agency has no such power, 0 where it did nothing), its history
of versions, the Excel and the published figures as JSON, whose SHA-256 is the one in the record log."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sanxiang.annual_reports import excel, queries
from sanxiang.annual_reports.models import Report
from sanxiang.catalog.enums import ItemCategory
from sanxiang.recordlog.canonical import canonical_json


def _version(request: HttpRequest, pk: int, year: int) -> tuple[Report, list[Report]]:
    versions = queries.public_versions(pk, year)
    if not versions:
        raise Http404
    raw = str(request.GET.get("v", ""))[:6]
    if not raw:
        return versions[0], versions
    chosen = next((r for r in versions if str(r.version) == raw), None)
    if chosen is None:
        raise Http404
    return chosen, versions


@require_GET
def index_view(request: HttpRequest) -> HttpResponse:
    return render(request, "annual_reports/index.html", {"reports": queries.current_published_reports()})


@require_GET
def public_report_view(request: HttpRequest, pk: int, annual_year: int) -> HttpResponse:
    report, versions = _version(request, pk, annual_year)
    context = {
        "report": report,
        "lines": report.figures.get("lines", []),
        "versions": versions,
        "current": versions[0],
        "no_power": excel.NO_POWER,
        "labels": dict(ItemCategory.choices),
    }
    return render(request, "annual_reports/public_report.html", context)


@require_GET
def public_excel_view(request: HttpRequest, pk: int, annual_year: int) -> HttpResponse:
    report, _versions = _version(request, pk, annual_year)
    response = HttpResponse(
        excel.build(report), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"annual-report-{report.agency_id}-{report.year}-v{report.version}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def public_json_view(request: HttpRequest, pk: int, annual_year: int) -> HttpResponse:
    """The published figures as canonical JSON: ``sha256sum`` of this file is the digest in the log."""
    report, _versions = _version(request, pk, annual_year)
    response = HttpResponse(canonical_json(report.figures), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="annual-report-{report.agency_id}-{report.year}-v{report.version}.json"'
    )
    return response
