"""Reads of the annual reports app: the public's (published versions only) and the staff's (scoped
to the agencies the user may see)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from sanxiang.annual_reports.actions import due_date
from sanxiang.annual_reports.enums import ReportState
from sanxiang.annual_reports.models import Report
from sanxiang.catalog.models import Agency
from sanxiang.catalog.queries import agencies_for_user
from sanxiang.core import clock
from sanxiang.core.converters import MAX_ID


def published() -> QuerySet[Report]:
    return Report.objects.filter(state=ReportState.PUBLISHED).select_related("agency", "log_entry")


def current_published_reports() -> list[Report]:
    """The newest published version of each agency and year, newest year first."""
    rows = published().order_by("agency__name", "agency_id", "-year", "-version")
    seen: set[tuple[int, int]] = set()
    current = []
    for row in rows[:5000]:
        key = (row.agency_id, row.year)
        if key not in seen:
            seen.add(key)
            current.append(row)
    return current


def public_versions(agency_id: int, year: int) -> list[Report]:
    # Ids come from URLs; one past the database's integers would overflow the query (a 500), and
    # no report has it anyway.
    if not (0 < agency_id <= MAX_ID and 0 < year <= MAX_ID):
        return []
    return list(published().filter(agency_id=agency_id, year=year).order_by("-version"))


def visible_agencies(user: Any) -> QuerySet[Agency]:
    """The catalog's scope for the user (deny by default), agencies still in service."""
    return agencies_for_user(user).filter(retired_at__isnull=True)


def agency_for(user: Any, pk: int) -> Agency | None:
    return visible_agencies(user).filter(pk=pk).first()


@dataclass(frozen=True)
class Status:
    agency: Agency
    year: int
    due: dt.date
    working: Report | None  # the version in preparation
    published: Report | None  # the newest published version

    @property
    def overdue(self) -> bool:
        return self.published is None and clock.today() > self.due


def status(agency: Agency, year: int) -> Status:
    versions = list(Report.objects.filter(agency=agency, year=year).order_by("-version"))
    working = next((r for r in versions if r.state != ReportState.PUBLISHED), None)
    latest_published = next((r for r in versions if r.state == ReportState.PUBLISHED), None)
    due = working.due if working else latest_published.due if latest_published else due_date(agency, year)[0]
    return Status(agency, year, due, working, latest_published)


def overview(user: Any, limit: int = 200) -> list[Status]:
    """For each agency the user may see: last year's report, and every other year it has one."""
    agencies = list(visible_agencies(user).order_by("name")[:limit])
    last_year = clock.today().year - 1
    years: dict[int, set[int]] = {agency.pk: {last_year} for agency in agencies}
    for agency_id, year in (
        Report.objects.filter(agency__in=agencies).values_list("agency_id", "year").distinct()
    ):
        years[agency_id].add(year)
    return [status(agency, year) for agency in agencies for year in sorted(years[agency.pk], reverse=True)]
