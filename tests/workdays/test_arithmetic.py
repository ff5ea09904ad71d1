"""Deadline arithmetic: the issue's examples, refusals beyond the loaded calendar, and one query per
call."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.workdays import arithmetic, deadlines
from sanxiang.workdays.arithmetic import (
    CalendarMissing,
    add_calendar_days,
    add_working_days,
    is_workday,
    working_days_between,
)
from sanxiang.workdays.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db

D = dt.date


def test_seven_working_days_after_30_september_2026_count_the_adjusted_saturday():
    # 10-08, 10-09, 10-10 (Saturday 调休 workday), 10-12, 10-13, 10-14, 10-15
    assert is_workday(D(2026, 10, 10)) is True
    assert is_workday(D(2026, 10, 1)) is False
    assert add_working_days(D(2026, 9, 30), 7) == D(2026, 10, 15)
    assert add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 10)
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 15)) == 7


def test_fifteen_calendar_days_and_a_last_day_on_a_holiday():
    assert add_calendar_days(D(2026, 9, 30), 15) == D(2026, 10, 15)
    # 2026-09-16 + 15 = 10-01 (国庆节): moves past the holiday to 10-08
    assert add_calendar_days(D(2026, 9, 16), 15) == D(2026, 10, 8)
    # a last day on an ordinary Sunday moves to Monday
    assert add_calendar_days(D(2026, 3, 7), 1) == D(2026, 3, 9)
    assert add_calendar_days(D(2026, 3, 9), 0) == D(2026, 3, 9)


def test_working_days_between_is_antisymmetric_and_zero_on_the_same_day():
    assert working_days_between(D(2026, 10, 15), D(2026, 9, 30)) == -7
    assert working_days_between(D(2026, 5, 6), D(2026, 5, 6)) == 0
    # 01-01..01-03 元旦, 01-04 (Sunday) an adjusted workday, 01-05 Monday
    assert working_days_between(D(2025, 12, 31), D(2026, 1, 5)) == 2


def test_beyond_the_loaded_years_every_function_refuses_in_chinese():
    with pytest.raises(CalendarMissing) as caught:
        add_working_days(D(2026, 12, 28), 5)
    assert caught.value.code == "calendar_missing"
    assert caught.value.field == "date"
    assert caught.value.year == 2027
    assert str(caught.value.message) == "2027年节假日安排尚未录入"
    for call in (
        lambda: is_workday(D(2027, 1, 4)),
        lambda: add_calendar_days(D(2026, 12, 20), 15),
        lambda: add_working_days(D(2027, 3, 1), 1),
        lambda: working_days_between(D(2026, 12, 1), D(2027, 1, 10)),
        lambda: is_workday(D(2003, 12, 31)),
    ):
        with pytest.raises(CalendarMissing):
            call()
    # what stays inside 2026 still works, right up to its last working day
    assert add_working_days(D(2026, 12, 24), 4) == D(2026, 12, 30)
    assert working_days_between(D(2026, 11, 30), D(2026, 12, 31)) == 23


def test_an_incomplete_year_is_not_used_even_for_the_days_it_has():
    CalendarYear.objects.create(year=2027, complete=False, source="manual")
    CalendarDay.objects.create(date=D(2027, 1, 4), is_workday=True, source="manual")
    with pytest.raises(CalendarMissing):
        is_workday(D(2027, 1, 4))


def test_bad_counts_are_refused():
    for bad in (0, -1, 10**6):
        with pytest.raises(arithmetic.Invalid) as caught:
            add_working_days(D(2026, 1, 5), bad)
        assert caught.value.code == "days_range"


@pytest.mark.parametrize(
    "call",
    [
        lambda: is_workday(D(2026, 10, 10)),
        lambda: add_working_days(D(2026, 9, 30), 7),
        lambda: add_working_days(D(2005, 1, 1), 2000),
        lambda: add_calendar_days(D(2026, 9, 16), 15),
        lambda: working_days_between(D(2004, 1, 1), D(2026, 12, 31)),
    ],
)
def test_one_query_per_call(call, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        call()


def test_deadline_sentences_name_the_holidays_crossed():
    served = deadlines.compute(
        rule_id="D-23",
        citation="《中华人民共和国行政处罚法》第六十一条",
        start_event="送达",
        start_date=D(2026, 9, 30),
        days=7,
        mode="working_days",
    )
    assert served.due == D(2026, 10, 15)
    assert served.explanation == "自2026年9月30日送达起7个工作日，国庆节假期顺延"
    data = served.as_dict()
    assert data["due"] == "2026-10-15"
    assert data["start_date"] == "2026-09-30"
    assert data["mode"] == "working_days"
    assert deadlines.Deadline.from_dict(data) == served

    filed = deadlines.compute(
        rule_id="D-22",
        citation="《中华人民共和国行政处罚法》第六十条",
        start_event="立案",
        start_date=D(2026, 9, 30),
        days=90,
        mode="calendar_days",
    )
    assert filed.due == D(2026, 12, 29)
    assert filed.explanation == "自2026年9月30日立案起90日"

    rolled = deadlines.compute(
        rule_id="D-24",
        citation="《中华人民共和国行政处罚法》第六十七条",
        start_event="送达",
        start_date=D(2026, 9, 16),
        days=15,
        mode="calendar_days",
    )
    assert rolled.due == D(2026, 10, 8)
    assert rolled.explanation == "自2026年9月16日送达起15日，期满日为休息日的顺延至2026年10月8日"

    plain = deadlines.compute(
        rule_id="x", citation="y", start_event="送达", start_date=D(2026, 3, 2), days=3, mode="working_days"
    )
    assert plain.explanation == "自2026年3月2日送达起3个工作日"


def test_deadline_mode_must_be_known():
    with pytest.raises(arithmetic.Invalid) as caught:
        deadlines.compute(
            rule_id="x", citation="y", start_event="送达", start_date=D(2026, 3, 2), days=3, mode="hours"
        )
    assert caught.value.code == "deadline_mode"
