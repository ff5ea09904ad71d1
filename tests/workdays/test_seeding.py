"""Seeding from chinesecalendar: every day 2004–2026, the holidays' names, idempotent and fast, and
put back after the test runner's flush."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from sanxiang.workdays import seeding
from sanxiang.workdays.models import CalendarDay, CalendarYear

D = dt.date


@pytest.mark.django_db
def test_every_day_of_2004_to_2026_is_stored_and_each_year_complete():
    assert seeding.library_years() == range(2004, 2027)
    assert CalendarDay.objects.count() == (D(2027, 1, 1) - D(2004, 1, 1)).days == 8401
    assert list(CalendarYear.objects.filter(complete=True).values_list("year", flat=True)) == list(
        range(2004, 2027)
    )
    assert CalendarDay.objects.get(date=D(2026, 10, 1)).note == "国庆节"
    assert CalendarDay.objects.get(date=D(2026, 10, 10)).note == "国庆节调休上班"
    assert CalendarDay.objects.get(date=D(2026, 2, 17)).note == "春节"
    assert CalendarDay.objects.get(date=D(2026, 10, 11)).note == ""  # an ordinary Sunday
    assert CalendarDay.objects.get(date=D(2015, 9, 3)).note.startswith("中国人民抗日战争")


@pytest.mark.django_db
def test_seeding_again_adds_nothing_and_keeps_corrections():
    CalendarDay.objects.filter(date=D(2026, 10, 10)).update(is_workday=False, source="manual")
    CalendarDay.objects.filter(date__year=2005).delete()
    CalendarYear.objects.filter(year=2005).update(complete=False)
    started = time.perf_counter()
    assert seeding.seed() == 365
    assert seeding.seed() == 0
    assert time.perf_counter() - started < 5
    assert CalendarYear.objects.get(year=2005).complete
    assert CalendarDay.objects.get(date=D(2026, 10, 10)).is_workday is False


@pytest.mark.django_db
def test_a_full_seed_is_fast():
    CalendarDay.objects.all().delete()
    CalendarYear.objects.all().delete()
    started = time.perf_counter()
    assert seeding.seed() == 8401
    assert time.perf_counter() - started < 5


@pytest.mark.django_db(transaction=True)
def test_flush_puts_the_calendar_back():
    from django.core.management import call_command

    call_command("flush", "--no-input", verbosity=0)
    assert CalendarDay.objects.count() == 8401
