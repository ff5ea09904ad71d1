"""Reads of the calendar for other pages: which year an administrator should enter next."""

from __future__ import annotations

import datetime as dt

from sanxiang.core import clock, policy
from sanxiang.workdays import policies
from sanxiang.workdays.models import CalendarYear


def next_year_missing(today: dt.date | None = None) -> int | None:
    """Next year, when its schedule is not complete and the warning season has begun (the State
    Council usually publishes the notice in November); None otherwise."""
    today = today or clock.today()
    if today.month < int(policy.value(policies.WARNING_FROM_MONTH.key)):
        return None
    year = today.year + 1
    if CalendarYear.objects.filter(year=year, complete=True).exists():
        return None
    return year
