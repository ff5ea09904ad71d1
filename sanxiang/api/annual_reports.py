"""API of the annual statistics of enforcement (年度执法数据统计, legal-rules A-27): the published
reports, open to all (no sign-in), and the staff's steps — generate from the data, enter or adjust a
line, review, publish. Who may act is asked before the report is looked up, so a refusal reveals
nothing; review and publish carry the version the caller read (409 ``annual_report_changed`` if it
moved on)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema

from sanxiang.annual_reports import actions, permissions, queries
from sanxiang.annual_reports.models import Report
from sanxiang.api.auth import require_person, session_or_token
from sanxiang.api.errors import AUTH_ERRORS, ERRORS
from sanxiang.catalog.models import Agency
from sanxiang.core.errors import NotAllowed, NotVisible, WrongState

router = Router(tags=["年度统计 annual reports"])


class LineOut(Schema):
    category: str
    power: bool
    count: int | None
    source: str
    generated: int | None
    reason: str
    note: str


class ReportOut(Schema):
    agency_id: int
    agency: str
    year: int
    version: int
    state: str
    due: dt.date
    published_at: dt.datetime | None
    sha256: str
    log_seq: int | None
    correction_reason: str
    lines: list[LineOut]
    breakdown: dict[str, Any]


class ReportSummaryOut(Schema):
    agency_id: int
    agency: str
    year: int
    version: int
    published_at: dt.datetime | None
    sha256: str


class PublishedOut(ReportOut):
    versions: list[ReportSummaryOut]


class ListIn(Schema):
    agency_id: int | None = None
    year: int | None = None


class GenerateIn(Schema):
    year: int


class LineIn(Schema):
    category: str
    count: int | None = None
    reason: str = ""
    note: str = ""


class StepIn(Schema):
    version: int


def _summary(report: Report) -> dict[str, Any]:
    return {
        "agency_id": report.agency_id,
        "agency": report.agency.name,
        "year": report.year,
        "version": report.version,
        "published_at": report.published_at,
        "sha256": report.digest,
    }


def _report(report: Report) -> dict[str, Any]:
    return {
        **_summary(report),
        "state": report.state,
        "due": report.due,
        "log_seq": report.log_entry.seq if report.log_entry is not None else None,
        "correction_reason": report.correction_reason,
        "lines": actions.figures(report)["lines"],  # the same lines the published digest covers
        "breakdown": report.breakdown,
    }


@router.get(
    "", response={200: list[ReportSummaryOut], **ERRORS}, summary="已公布的年度行政执法统计（最新版本）"
)
def list_reports(request: HttpRequest, filters: Query[ListIn]) -> Any:
    rows = queries.current_published_reports()
    return [
        _summary(r)
        for r in rows
        if (filters.agency_id is None or r.agency_id == filters.agency_id)
        and (filters.year is None or r.year == filters.year)
    ]


@router.get(
    "/{int:agency_id}/{int:year}",
    response={200: PublishedOut, **ERRORS},
    summary="某机关某年度的统计年报及其历史版本",
)
def get_report(request: HttpRequest, agency_id: int, year: int) -> Any:
    versions = queries.public_versions(agency_id, year)
    if not versions:
        raise NotVisible("annual_report_not_visible", _("No such annual report."))
    return {**_report(versions[0]), "versions": [_summary(v) for v in versions]}


def _preparer(request: HttpRequest, agency_id: int, check: Any) -> tuple[Any, Agency]:
    actor = require_person(request)
    agency = Agency.objects.select_related("region").filter(pk=agency_id).first()
    # Agencies are public; the refusal depends on the actor's role and agency only.
    if agency is None or not check(actor, agency):
        raise NotAllowed("annual_report_not_allowed", _("Only the agency's head or legal staff may do this."))
    return actor, agency


def _working(agency: Agency, year: int) -> Report:
    report = actions.open_version(agency, year)
    if report is None:
        raise WrongState(
            "annual_report_state", _("There is no version in preparation: generate the report first.")
        )
    return report


@router.post(
    "/{int:agency_id}/generate",
    response={200: ReportOut, **AUTH_ERRORS},
    auth=session_or_token,
    summary="从平台数据生成（或重新统计）年度统计草稿",
)
def generate(request: HttpRequest, agency_id: int, payload: GenerateIn) -> Any:
    actor, agency = _preparer(request, agency_id, permissions.can_prepare)
    return _report(actions.generate(actor=actor, agency=agency, data={"year": payload.year}))


@router.patch(
    "/{int:agency_id}/{int:year}/lines",
    response={200: ReportOut, **AUTH_ERRORS},
    auth=session_or_token,
    summary="填报或调整某一类别的数字（附理由或来源）",
)
def set_line(request: HttpRequest, agency_id: int, year: int, payload: LineIn) -> Any:
    actor, agency = _preparer(request, agency_id, permissions.can_prepare)
    report = _working(agency, year)
    actions.set_line(
        actor=actor,
        report=report,
        data={
            "category": payload.category,
            "count": payload.count,
            "reason": payload.reason,
            "note": payload.note,
        },
    )
    return _report(Report.objects.get(pk=report.pk))


@router.post(
    "/{int:agency_id}/{int:year}/review",
    response={200: ReportOut, **AUTH_ERRORS},
    auth=session_or_token,
    summary="机关负责人审核年度统计",
)
def review(request: HttpRequest, agency_id: int, year: int, payload: StepIn) -> Any:
    actor, agency = _preparer(request, agency_id, permissions.can_approve)
    return _report(actions.review(actor=actor, report=_working(agency, year), version=payload.version))


@router.post(
    "/{int:agency_id}/{int:year}/publish",
    response={200: ReportOut, **AUTH_ERRORS},
    auth=session_or_token,
    summary="公布年度统计（数字固定，SHA-256 记入全过程记录日志）",
)
def publish(request: HttpRequest, agency_id: int, year: int, payload: StepIn) -> Any:
    actor, agency = _preparer(request, agency_id, permissions.can_approve)
    return _report(actions.publish(actor=actor, report=_working(agency, year), version=payload.version))
