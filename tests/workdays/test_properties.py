"""The arithmetic against chinesecalendar itself, over every year it knows (2004–2026)."""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanxiang.workdays.arithmetic import (
    add_calendar_days,
    add_working_days,
    is_workday,
    working_days_between,
)

pytestmark = pytest.mark.django_db

FIRST, LAST = dt.date(2004, 1, 1), dt.date(2026, 12, 31)
dates = st.dates(min_value=FIRST, max_value=dt.date(2026, 9, 30))
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _after(start: dt.date, n: int) -> dt.date:
    """The definition, by hand: the n-th day after ``start`` that chinesecalendar calls a workday."""
    day = start
    while n:
        day += dt.timedelta(days=1)
        n -= chinese_calendar.is_workday(day)
    return day


@SETTINGS
@given(day=st.dates(min_value=FIRST, max_value=LAST))
def test_is_workday_agrees(day):
    assert is_workday(day) == chinese_calendar.is_workday(day)


@SETTINGS
@given(start=dates, n=st.integers(min_value=1, max_value=60))
def test_add_working_days_agrees_with_find_workday(start, n):
    # find_workday(k, d) first moves to the first workday on or after d, then k workdays on: so it
    # matches "the n-th working day after start" with k = n when start is a workday, n - 1 if not.
    k = n if chinese_calendar.is_workday(start) else n - 1
    assert add_working_days(start, n) == chinese_calendar.find_workday(k, start) == _after(start, n)


@SETTINGS
@given(start=dates, n=st.integers(min_value=0, max_value=90))
def test_add_calendar_days_is_the_next_workday_on_or_after_the_last_day(start, n):
    last = start + dt.timedelta(days=n)
    assert add_calendar_days(start, n) == chinese_calendar.find_workday(0, last)


@SETTINGS
@given(start=dates, span=st.integers(min_value=0, max_value=400))
def test_working_days_between_counts_chinesecalendar_workdays(start, span):
    end = min(start + dt.timedelta(days=span), LAST)
    expected = len(chinese_calendar.get_workdays(start + dt.timedelta(days=1), end)) if end > start else 0
    assert working_days_between(start, end) == expected
    assert working_days_between(end, start) == -expected


@SETTINGS
@given(start=dates, n=st.integers(min_value=1, max_value=60))
def test_adding_then_counting_gives_back_n(start, n):
    assert working_days_between(start, add_working_days(start, n)) == n
