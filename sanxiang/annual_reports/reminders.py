"""The reminder of legal-rules A-27: agencies whose report of last year is not published by the due
date (policy ``annual_reports.due_month`` / ``due_day``, default 31 January). Each such agency gets
one record-log entry per year, for the supervisors' dashboards. Run by the daily job."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from sanxiang.annual_reports.actions import CITATION, current_published, due_date
from sanxiang.annual_reports.counting import year_bounds
from sanxiang.annual_reports.models import OverdueNotice
from sanxiang.catalog.models import Agency
from sanxiang.core import clock
from sanxiang.recordlog import actions as recordlog


def overdue_agencies(today: dt.date | None = None) -> list[tuple[Agency, int, dt.date]]:
    """(agency, year, due) for each agency in office during last year whose report of last year is
    past its due date and not published."""
    today = today or clock.today()
    year = today.year - 1
    _start, end = year_bounds(year)
    found = []
    agencies = Agency.objects.filter(retired_at__isnull=True, created_at__lt=end).select_related("region")
    for agency in agencies.order_by("pk"):
        due, _rule = due_date(agency, year)
        if today > due and current_published(agency, year) is None:
            found.append((agency, year, due))
    return found


def remind_overdue(today: dt.date | None = None) -> int:
    """Record each overdue report once; how many were newly recorded."""
    count = 0
    for agency, year, due in overdue_agencies(today):
        if OverdueNotice.objects.filter(agency=agency, year=year).exists():
            continue
        try:
            with transaction.atomic():
                notice = OverdueNotice.objects.create(
                    agency=agency, year=year, due=due, noticed_at=clock.now()
                )
                recordlog.append(
                    kind="annual_report.overdue",
                    subject=notice,
                    actor=None,
                    payload={
                        "agency_id": agency.pk,
                        "year": year,
                        "due": due.isoformat(),
                        "citation": str(CITATION),
                    },
                    occurred_at=notice.noticed_at,
                    agency_id=agency.pk,
                )
        except IntegrityError:
            continue  # another run recorded it first
        count += 1
    return count
