"""A period whose last day falls in a year whose holiday schedule is not entered: the act that
starts it still happens, the period is stored pending (never guessed), a guard that needs its last
day refuses with ``calendar_missing``, and entering the year sets the day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from sanxiang.cases import actions
from sanxiang.cases.enums import CaseState, DeadlineStatus
from sanxiang.cases.models import Case, CaseDeadline
from sanxiang.cases.procedures.engine import allowed_acts
from sanxiang.core.errors import DomainError
from sanxiang.recordlog.models import Entry
from sanxiang.workdays import actions as workday_actions
from tests.api import get
from tests.cases.conftest import ORGANISATION
from tests.world import World

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
FILING = dt.datetime(2026, 11, 26, 9, 0, tzinfo=SHANGHAI)  # Thursday; 2027 not entered
NOTICE_2027 = """
# 测试用的安排，并非真实的2027年通知
2027-01-01 休 元旦
2027-02-05至2027-02-13 休 春节
2027-02-20 班 春节调休上班
2027-02-24 休 测试用休息日
2027-10-01至2027-10-07 休 国庆节
"""
PENDING_DECISION = (
    "自2026年11月26日立案起90日；期满日待2027年节假日安排录入后确定"
    "；最早可能为 2027-02-24（2027年节假日安排尚未录入）"
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock() -> Iterator[Any]:
    with time_machine.travel(FILING, tick=False) as traveller:
        yield traveller


def perform(world: World, case: Case, name: str, who: str = "officer", **data: Any) -> Any:
    return actions.perform(case, name, world.user(who), data)


def filed_case(world: World) -> Case:
    case = actions.open_case(
        actor=world.user("officer"),
        agency=world.agency,
        data={"procedure": "general", "title": "经营过期食品案", "source": "complaint"},
        parties=[ORGANISATION],
        officer_ids=[o.pk for o in world.officers[:2]],
    )
    perform(world, case, "file", who="head", records=["filing_approval"])
    return case


def enter_2027(world: World, django_capture_on_commit_callbacks: Any) -> None:
    plan = workday_actions.plan_from_notice(2027, NOTICE_2027)
    with django_capture_on_commit_callbacks(execute=True):
        workday_actions.apply_plan(
            actor=world.user("admin"),
            year=2027,
            notice=NOTICE_2027,
            reviewed=plan.digest,
            reason="国务院通知",
        )


def test_filing_succeeds_and_the_decision_period_waits_for_2027(world, clock):
    case = filed_case(world)
    assert case.state == CaseState.FILED and case.number
    period = CaseDeadline.objects.get(case=case, rule_id="penalty.decision")
    assert period.due is None
    assert period.status == DeadlineStatus.PENDING_CALENDAR
    assert period.get_status_display() == "待录入节假日后确定"
    assert period.explanation == PENDING_DECISION
    assert "第六十条" in period.citation
    filing = Entry.objects.get(kind="case.file")
    assert filing.payload["deadlines"]["started"] == [
        {
            "rule_id": "penalty.decision",
            "due": None,
            "explanation": PENDING_DECISION,
            "status": "pending_calendar",
        }
    ]


def test_guards_that_need_a_pending_last_day_refuse_with_calendar_missing(world, clock):
    case = filed_case(world)
    perform(world, case, "start_investigation")
    perform(world, case, "close_investigation", kinds=["warning", "fine"], fine="200000")
    clock.move_to(dt.datetime(2026, 12, 28, 9, 0, tzinfo=SHANGHAI))  # Monday
    perform(world, case, "serve_prior_notice")
    case.refresh_from_db()
    assert case.hearing_offered
    windows = {d.rule_id: d for d in CaseDeadline.objects.filter(case=case)}
    assert windows["penalty.statement_window"].status == DeadlineStatus.PENDING_CALENDAR
    assert windows["penalty.hearing_request"].due is None
    log = Entry.objects.count()
    # Whether the statement window has passed needs its last day: refused, not guessed.
    with pytest.raises(DomainError) as caught:
        perform(world, case, "decide", who="head", kinds=["warning"])
    assert caught.value.code == "calendar_missing"
    assert str(caught.value.message) == "2027年节假日安排尚未录入"
    assert (
        Entry.objects.count() == log and Case.objects.get(pk=case.pk).state == CaseState.PRIOR_NOTICE_SERVED
    )
    options = {o.act: o for o in allowed_acts(case, world.user("head"))}
    assert options["decide"].code == "calendar_missing"
    # Within 5 days of the notice a request is in time whatever the calendar says ...
    assert options["request_hearing"].allowed
    # ... beyond that, whether it is late needs the last day.
    clock.move_to(dt.datetime(2027, 1, 4, 9, 0, tzinfo=SHANGHAI))
    with pytest.raises(DomainError) as caught:
        perform(world, case, "request_hearing", records=["hearing_request"])
    assert caught.value.code == "calendar_missing"


def test_a_decision_within_start_plus_n_days_needs_no_calendar(world, clock):
    """The decision period cannot end before filing + 90 days: a decision well within it passes
    the period's guard while its last day is still pending, and the period is met."""
    case = filed_case(world)
    perform(world, case, "start_investigation")
    perform(world, case, "close_investigation", kinds=["warning", "fine"], fine="60000")
    perform(world, case, "serve_prior_notice")
    perform(world, case, "waive_rights", records=["waiver"])
    clock.move_to(dt.datetime(2026, 12, 10, 9, 0, tzinfo=SHANGHAI))
    perform(world, case, "decide", who="head", kinds=["warning", "fine"], fine="60000")
    period = CaseDeadline.objects.get(case=case, rule_id="penalty.decision")
    assert period.status == DeadlineStatus.MET and period.due is None


def test_entering_2027_sets_the_last_day(world, clock, django_capture_on_commit_callbacks):
    case = filed_case(world)
    other = filed_case(world)
    enter_2027(world, django_capture_on_commit_callbacks)
    period = CaseDeadline.objects.get(case=case, rule_id="penalty.decision")
    # 26 November 2026 + 90 days is 24 February 2027, a rest day in this schedule: the 25th.
    assert period.status == DeadlineStatus.OPEN
    assert period.due == dt.date(2027, 2, 25)
    assert period.explanation == "自2026年11月26日立案起90日，期满日为休息日的顺延至2027年2月25日"
    assert "第六十条" in period.citation
    entries = Entry.objects.filter(kind="case.deadline.computed").order_by("seq")
    assert [e.payload["case_id"] for e in entries] == [case.pk, other.pk]
    assert entries[0].payload["calendar_year"] == 2027
    assert entries[0].payload["deadlines"][0]["due"] == "2027-02-25"
    assert not CaseDeadline.objects.filter(status=DeadlineStatus.PENDING_CALENDAR).exists()


def test_a_pending_period_ended_by_an_act_is_settled_when_2027_is_entered(
    world, clock, django_capture_on_commit_callbacks
):
    case = filed_case(world)
    perform(world, case, "start_investigation")
    perform(world, case, "close_investigation", kinds=["warning", "fine"], fine="60000")
    perform(world, case, "serve_prior_notice")
    perform(world, case, "waive_rights", records=["waiver"])
    clock.move_to(dt.datetime(2026, 12, 28, 9, 0, tzinfo=SHANGHAI))
    perform(world, case, "decide", who="head", kinds=["warning", "fine"], fine="60000")
    service = CaseDeadline.objects.get(case=case, rule_id="penalty.service")
    assert service.status == DeadlineStatus.PENDING_CALENDAR
    # Served on 8 January: in time only if the 7th working day after 28 December is not earlier.
    clock.move_to(dt.datetime(2027, 1, 8, 9, 0, tzinfo=SHANGHAI))
    perform(world, case, "serve_decision", records=["service_receipt"])
    service.refresh_from_db()
    assert service.status == DeadlineStatus.PENDING_CALENDAR and service.ended_on == dt.date(2027, 1, 8)
    assert not CaseDeadline.objects.filter(case=case, status=DeadlineStatus.OPEN).exclude(
        rule_id="penalty.payment"
    )
    enter_2027(world, django_capture_on_commit_callbacks)
    service.refresh_from_db()
    # 29, 30, 31 December, 4, 5, 6, 7 January: due on the 7th, served on the 8th.
    assert service.due == dt.date(2027, 1, 7)
    assert service.status == DeadlineStatus.MISSED
    assert CaseDeadline.objects.get(case=case, rule_id="penalty.decision").status == DeadlineStatus.MET


def test_the_case_page_and_the_api_show_the_pending_period_in_chinese(world, clock, client_as):
    case = filed_case(world)
    client = client_as("officer")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-status="pending_calendar"' in page
    assert "待定" in page and "待录入节假日后确定" in page and PENDING_DECISION in page
    workbench = client.get("/cases/").content.decode()
    assert 'data-count="1"' in workbench and "1项期限待节假日安排录入后确定期满日" in workbench
    body = get(client, f"/cases/{case.pk}").json()
    period = next(d for d in body["deadlines"] if d["rule_id"] == "penalty.decision")
    assert period["due"] is None
    assert period["status"] == "pending_calendar"
    assert period["status_label"] == "待录入节假日后确定"
    assert period["explanation"] == PENDING_DECISION
    assert body["next_deadline"] is None  # neither due soon nor overdue: not known yet
    listed = get(client, "/cases?overdue=true").json()
    assert listed["count"] == 0
