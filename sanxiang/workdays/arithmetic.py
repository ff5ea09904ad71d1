"""Deadline arithmetic over the official calendar (ARCHITECTURE rule 4).

Only complete years count: a day in a year whose schedule has not been entered in full is refused
with ``CalendarMissing`` — never guessed from the weekday. Each function reads the span of days it
needs in one query.

- ``add_working_days(start, n)``: the n-th working day after ``start`` (``start`` not counted).
  处罚法 Art. 85: its "二日/三日/五日/七日" are working days, 法定节假日 excluded.
- ``add_calendar_days(start, n)``: ``start`` + n days; when that last day is a rest day, the next
  working day (the procedure laws' rule on periods: 期间届满的最后一日是法定休假日的，以法定休假日后
  的第一日为期间届满的日期).
- ``working_days_between(start, end)``: working days in (start, end].
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from sanxiang.core.errors import Invalid
from sanxiang.workdays.models import CalendarDay, CalendarYear

ONE_DAY = dt.timedelta(days=1)
MAX_DAYS = 3660  # ten years: any longer period is a typing error, not a deadline
# Longest run of rest days in any schedule so far is 9 (春节 2026); a margin well beyond it means the
# first read almost always holds the answer.
REST_MARGIN = 40


class CalendarMissing(Invalid):
    """The calendar of a year that a computation needs has not been entered (or not completed)."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            "calendar_missing",
            _("The %(year)d holiday schedule has not been entered yet.") % {"year": year},
            field="date",
        )


def check_days(n: int, *, minimum: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < minimum or n > MAX_DAYS:
        raise Invalid(
            "days_range",
            _("The number of days must be a whole number from %(min)d to %(max)d.")
            % {"min": minimum, "max": MAX_DAYS},
            field="days",
        )


def _complete_years() -> Q:
    return Q(date__year__in=CalendarYear.objects.filter(complete=True).values("year"))


def span(first: dt.date, last: dt.date) -> dict[dt.date, bool]:
    """is_workday for every stored day of a complete year in [first, last], in one query."""
    rows = CalendarDay.objects.filter(_complete_years(), date__range=(first, last)).values_list(
        "date", "is_workday"
    )
    return dict(rows)


def _clamp(day: dt.date, days: int) -> dt.date:
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max


def _days_from(start: dt.date, window: int) -> Iterator[tuple[dt.date, bool]]:
    """(day, is_workday) from ``start`` onwards, reading ``window`` days at a time; refuses at the
    first day that is not in a complete year."""
    first = start
    while True:
        last = _clamp(first, window - 1)
        known = span(first, last)
        day = first
        while day <= last:
            if day not in known:
                raise CalendarMissing(day.year)
            yield day, known[day]
            if day == dt.date.max:
                raise CalendarMissing(day.year)
            day += ONE_DAY
        first = day
        window = max(window, 366)


def is_workday(day: dt.date) -> bool:
    row = CalendarDay.objects.filter(_complete_years(), date=day).values_list("is_workday", flat=True).first()
    if row is None:
        raise CalendarMissing(day.year)
    return bool(row)


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day after ``start`` (``start`` itself is not counted), n ≥ 1."""
    check_days(n, minimum=1)
    remaining = n
    for day, working in _days_from(_clamp(start, 1), n * 2 + REST_MARGIN):
        if working:
            remaining -= 1
            if remaining == 0:
                return day
    raise AssertionError("unreachable")  # pragma: no cover


def add_calendar_days(start: dt.date, n: int) -> dt.date:
    """``start`` + n days; if that day is a rest day, the next working day."""
    check_days(n, minimum=0)
    for day, working in _days_from(_clamp(start, n), REST_MARGIN):
        if working:
            return day
    raise AssertionError("unreachable")  # pragma: no cover


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]; negative (the count in (end, start]) when end is before start."""
    if end < start:
        return -working_days_between(end, start)
    if end == start:
        return 0
    first = start + ONE_DAY
    per_year = (
        CalendarDay.objects.filter(_complete_years(), date__range=(first, end))
        .values("date__year")
        .annotate(days=Count("pk"), working=Count("pk", filter=Q(is_workday=True)))
        .order_by("date__year")
    )
    counts = {row["date__year"]: (row["days"], row["working"]) for row in per_year}
    total = 0
    for year in range(first.year, end.year + 1):
        span_first = max(first, dt.date(year, 1, 1))
        span_last = min(end, dt.date(year, 12, 31))
        days, working = counts.get(year, (0, 0))
        if days != (span_last - span_first).days + 1:
            raise CalendarMissing(year)
        total += working
    return total
