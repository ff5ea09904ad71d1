"""Deadlines that compute (issue 12): a period whose counting stays inside the loaded years is a
date; a period that truly reaches a missing year is pending and shows its earliest possible last day;
the on-time rate never counts as late an item published on or before every possible due date; from
November the administrators' workbench warns that next year's calendar is missing."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

import pytest
import time_machine

from sanxiang.cases.procedures import engine
from sanxiang.publication import queries as publication_queries
from sanxiang.publication.models import DecisionKind, Record
from sanxiang.publication.rules import publication_deadline
from sanxiang.workdays import pending
from sanxiang.workdays.arithmetic import CalendarMissing, add_working_days
from sanxiang.workdays.deadlines import CALENDAR_DAYS, WORKING_DAYS
from sanxiang.workdays.models import CalendarYear
from tests.publication.conftest import act, clock, decided, open_case, published  # noqa: F401

pytestmark = pytest.mark.django_db

D = dt.date
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def test_the_2027_calendar_is_not_loaded_in_these_tests():
    assert not CalendarYear.objects.filter(year=2027, complete=True).exists()
    with pytest.raises(CalendarMissing):
        add_working_days(D(2026, 12, 8), 20)


def test_a_publication_deadline_inside_2026_is_a_date_though_the_longer_rules_reach_2027():
    # 7 working days from 8 December 2026 end on 17 December; the 20-working-day rules (A-13,
    # A-18) would end in January 2027 and made the whole deadline "pending" before.
    deadline = publication_deadline(DecisionKind.PENALTY, D(2026, 12, 8))
    assert deadline is not None
    assert (deadline.due, deadline.rule_id, deadline.days) == (D(2026, 12, 17), "A-14", 7)
    assert deadline.explanation == "自2026年12月8日作出执法决定起7个工作日"
    # An inspection result has only the 20-day rules: it counts them, and is a date when it can be.
    inspection = publication_deadline(DecisionKind.INSPECTION, D(2026, 11, 2))
    assert inspection is not None and inspection.due == D(2026, 11, 30)


def test_a_90_day_period_into_2027_is_pending_and_shows_its_earliest_possible_day():
    computed = engine.compute_due(
        rule_id="penalty.decision",
        citation="《中华人民共和国行政处罚法》第六十条",
        start_event="立案",
        start_date=D(2026, 12, 8),
        days=90,
        mode=CALENDAR_DAYS,
    )
    assert computed["due"] is None
    assert computed["status"] == "pending_calendar"
    assert computed["explanation"].endswith("；最早可能为 2027-03-08（2027年节假日安排尚未录入）")
    assert computed["explanation"].startswith("自2026年12月8日立案起90日")


def test_a_period_inside_2026_is_a_date():
    computed = engine.compute_due(
        rule_id="penalty.payment",
        citation="《中华人民共和国行政处罚法》第六十七条",
        start_event="送达",
        start_date=D(2026, 12, 11),
        days=15,
        mode=CALENDAR_DAYS,
    )
    # 26 December is a Saturday: the period ends on Monday 28 December, a date, not pending.
    assert (computed["due"], computed["status"]) == (D(2026, 12, 28), "open")


def test_earliest_possible_counts_the_missing_years_weekdays_as_working_days():
    # 29, 30, 31 December (loaded), then 1 (Friday), 4, 5, 6 January 2027 as if without holidays.
    assert pending.earliest_possible(D(2026, 12, 28), 7, WORKING_DAYS) == D(2027, 1, 6)
    assert pending.due_or_earliest(D(2026, 12, 28), 7, WORKING_DAYS) == (D(2027, 1, 6), False)
    # Inside the loaded years it is the due date itself, holidays counted.
    assert pending.earliest_possible(D(2026, 9, 30), 7, WORKING_DAYS) == D(2026, 10, 15)
    assert pending.due_or_earliest(D(2026, 9, 30), 7, WORKING_DAYS) == (D(2026, 10, 15), True)
    # Calendar days: the day itself (a holiday would only move it later) ...
    assert pending.earliest_possible(D(2026, 12, 8), 90, CALENDAR_DAYS) == D(2027, 3, 8)
    # ... and a loaded rest day still moves it on.
    assert pending.earliest_possible(D(2026, 9, 16), 15, CALENDAR_DAYS) == D(2026, 10, 8)


def _publish_on(record: Record, decided_on: dt.date, at: dt.datetime) -> None:
    # As the record was made while 2027 was missing: no due date, its rule kept (ADR 0007).
    Record.objects.filter(pk=record.pk).update(decided_on=decided_on, due=None, published_at=at)


def test_items_published_on_or_before_every_possible_due_date_are_on_time(world, published):  # noqa: F811
    same_day, late = published(), published()
    assert same_day.due_rule == "A-14"
    # Decided on Monday 28 December 2026: due 7 working days later, in 2027 (not loaded); the
    # earliest it can be is 6 January 2027.
    _publish_on(same_day, D(2026, 12, 28), dt.datetime(2026, 12, 28, 16, 0, tzinfo=SHANGHAI))
    _publish_on(late, D(2026, 12, 28), dt.datetime(2027, 1, 7, 9, 0, tzinfo=SHANGHAI))
    (rate,) = publication_queries.on_time_rates(world.user("head"), today=D(2027, 1, 8))
    assert (rate.published, rate.on_time, rate.percent) == (2, 1, "50.0%")


def test_the_same_day_as_the_decision_is_on_time_once_the_due_date_can_be_counted(world, published):  # noqa: F811
    record = published()
    _publish_on(record, D(2026, 12, 8), dt.datetime(2026, 12, 8, 23, 30, tzinfo=SHANGHAI))
    (rate,) = publication_queries.on_time_rates(world.user("head"), today=D(2026, 12, 9))
    assert (rate.published, rate.on_time) == (1, 1)


WARNING = "2027年节假日安排尚未录入"


def _workbench(client_as: Any, who: str, when: dt.datetime) -> str:
    with time_machine.travel(when, tick=False):
        return client_as(who).get("/accounts/").content.decode()


def test_from_november_the_administrators_workbench_warns_that_next_year_is_missing(client_as):
    page = _workbench(client_as, "admin", dt.datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI))
    assert 'data-testid="next-year-calendar-missing"' in page and WARNING in page
    assert 'href="/manage/calendar/2027/notice/"' in page and "录入2027年节假日安排" in page


def test_no_warning_before_november_nor_to_other_roles(client_as):
    page = _workbench(client_as, "admin", dt.datetime(2026, 10, 31, 9, 0, tzinfo=SHANGHAI))
    assert "next-year-calendar-missing" not in page
    page = _workbench(client_as, "officer", dt.datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI))
    assert "next-year-calendar-missing" not in page


def test_no_warning_once_next_year_is_complete(client_as):
    CalendarYear.objects.create(year=2027, complete=True, source="manual")
    page = _workbench(client_as, "admin", dt.datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI))
    assert "next-year-calendar-missing" not in page
