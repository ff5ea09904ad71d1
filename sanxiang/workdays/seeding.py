"""Seeding the calendar from chinesecalendar (the State Council's schedules 2004–2026 as of 1.11.0).

Used by the data migration (with the migration's historical models), by ``post_migrate`` (after a
flush or a package upgrade) and by ``sanxiang workdays seed``. Idempotent: only days that are not
stored yet are added, so an administrator's correction is never overwritten; a year is marked
complete once all its days are stored.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

import chinese_calendar
from django.db import transaction
from django.utils import timezone

SOURCE = "chinesecalendar"
FIRST_YEAR = 2004

# chinesecalendar names holidays in English; the calendar shows them as the State Council does.
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def library_years() -> range:
    """The years chinesecalendar knows, from 2004 up to the first year it refuses."""
    year = FIRST_YEAR
    while True:
        try:
            chinese_calendar.is_workday(dt.date(year, 1, 1))
        except NotImplementedError:
            return range(FIRST_YEAR, year)
        year += 1


def library_day(day: dt.date) -> tuple[bool, str]:
    """(is_workday, note) for a day chinesecalendar knows: the holiday's Chinese name on a day off,
    "<holiday>调休上班" on a weekend working day that makes up for it, nothing on an ordinary day."""
    is_workday = chinese_calendar.is_workday(day)
    _on_holiday, name = chinese_calendar.get_holiday_detail(day)
    if not name:
        return is_workday, ""
    chinese = HOLIDAY_NAMES.get(name, name)
    if is_workday:
        return True, f"{chinese}调休上班" if day.weekday() >= 5 else ""
    return False, chinese


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def seed(
    day_model: Any = None, year_model: Any = None, *, using: str = "default", years: range | None = None
) -> int:
    """Add every missing day of ``years`` (default: all the library knows); return how many."""
    if day_model is None or year_model is None:
        from sanxiang.workdays.models import CalendarDay, CalendarYear

        day_model, year_model = CalendarDay, CalendarYear
    years = years if years is not None else library_years()
    if not years:
        return 0
    first, last = dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31)
    now = timezone.now()
    with transaction.atomic(using=using):
        stored = set(
            day_model.objects.using(using).filter(date__range=(first, last)).values_list("date", flat=True)
        )
        new = []
        day = first
        one = dt.timedelta(days=1)
        while day <= last:
            if day not in stored:
                is_workday, note = library_day(day)
                new.append(
                    day_model(date=day, is_workday=is_workday, source=SOURCE, note=note, updated_at=now)
                )
            day += one
        day_model.objects.using(using).bulk_create(new, batch_size=2000)
        known = {y.year: y for y in year_model.objects.using(using).filter(year__in=list(years))}
        for year in years:
            entry = known.get(year)
            if entry is None:
                year_model.objects.using(using).create(year=year, complete=True, source=SOURCE, loaded_at=now)
            elif not entry.complete:
                entry.complete = True
                entry.loaded_at = now
                entry.save(using=using, update_fields=["complete", "loaded_at"])
    return len(new)


def seed_if_needed(*, using: str = "default") -> int:
    """Seed unless every library year is already complete (one cheap query in the usual case)."""
    from sanxiang.workdays.models import CalendarYear

    years = library_years()
    complete = CalendarYear.objects.using(using).filter(year__in=list(years), complete=True).count()
    if complete == len(years):
        return 0
    return seed(using=using, years=years)
