"""What is already certain about a period whose counting reaches a year without a calendar (ADR 0007).

The last day waits for the year's schedule, but not everything does: a holiday only ever moves a last
day later, so the period cannot end before the day it would end if the missing year had no holidays.
That earliest possible day lets a page say "最早可能为 2027-03-08" instead of a bare "待定", and lets the
on-time rate count an item published on or before it as on time, whatever the schedule turns out to be.

- Calendar days: the last day is start + n whatever the calendar says; only whether it is a rest day
  (moving it to the next working day) needs the year. Earliest possible: that day itself, unless the
  loaded calendar already shows it is a rest day.
- Working days: days of loaded years count as the calendar says; a day of a missing year counts as a
  working day when it is Monday to Friday (the weekday rule, the schedule without its holidays).
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from sanxiang.workdays import arithmetic
from sanxiang.workdays.deadlines import CALENDAR_DAYS, WORKING_DAYS


def _weekday_rule(day: dt.date) -> bool:
    return day.weekday() < 5


def earliest_possible(start: dt.date, days: int, mode: str) -> dt.date:
    """The earliest day the period can end: the due date itself when the loaded calendar is enough,
    otherwise the due date as if the missing years had only weekends as rest days."""
    if mode == WORKING_DAYS:
        return _earliest_working(start, days)
    if mode == CALENDAR_DAYS:
        return _earliest_calendar(start, days)
    raise ValueError(mode)


def _earliest_working(start: dt.date, n: int) -> dt.date:
    arithmetic.check_days(n, minimum=1)
    remaining = n
    first = start + arithmetic.ONE_DAY
    # Same window as add_working_days: two calendar days per working day plus the longest holiday.
    window = n * 2 + arithmetic.REST_MARGIN
    while True:
        last = first + dt.timedelta(days=window - 1)
        known = arithmetic.span(first, last)
        day = first
        while day <= last:
            working = known.get(day)
            if working is None:
                working = _weekday_rule(day)
            if working:
                remaining -= 1
                if remaining == 0:
                    return day
            day += arithmetic.ONE_DAY
        first = day
        window = max(window, 366)


def _earliest_calendar(start: dt.date, n: int) -> dt.date:
    arithmetic.check_days(n, minimum=0)
    first = start + dt.timedelta(days=n)
    known = arithmetic.span(first, first + dt.timedelta(days=arithmetic.REST_MARGIN))
    day = first
    # A loaded rest day moves the end on; the first day that is a working day or not yet known is the
    # earliest it can be (an unknown day may be a holiday, which only moves it later).
    while known.get(day) is False:
        day += arithmetic.ONE_DAY
    return day


def due_or_earliest(start: dt.date, days: int, mode: str) -> tuple[dt.date, bool]:
    """(the due date, True) when the calendar it needs is loaded; (the earliest possible, False)
    while a year it needs is missing."""
    try:
        if mode == WORKING_DAYS:
            return arithmetic.add_working_days(start, days), True
        return arithmetic.add_calendar_days(start, days), True
    except arithmetic.CalendarMissing:
        return earliest_possible(start, days, mode), False


def earliest_note(start: dt.date, days: int, mode: str, year: int) -> str:
    """ "最早可能为 2027-03-08（2027年节假日安排尚未录入）": the sentence a pending deadline shows."""
    return _("earliest possible %(date)s (the %(year)d holiday schedule has not been entered yet)") % {
        "date": earliest_possible(start, days, mode).isoformat(),
        "year": year,
    }
