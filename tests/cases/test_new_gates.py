"""The remaining refusals of the decision period, recusal and execution, each with its code and
article, and nothing written."""

from __future__ import annotations

import datetime as dt

from sanxiang.cases.models import Act
from sanxiang.catalog.models import Officer
from tests.cases.test_execution import decided_and_served
from tests.cases.test_gates import refused
from tests.fingerprint import database_fingerprint

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def test_recusal_only_of_an_officer_on_the_case(world, open_case, act):
    case = open_case(officers=2)
    act(case, "file", who="head")
    outsider: Officer = world.officers[2]  # of the agency, not assigned to this case
    before = database_fingerprint()
    refused(
        lambda: act(case, "request_recusal", officer=outsider.pk, reason="x"),
        "officer_not_on_case",
        "第四十三条",
    )
    assert database_fingerprint() == before


def test_no_remedy_to_end_and_the_reminder_period_runs(world, open_case, act, clock):
    case = open_case()
    decided_and_served(case, act, clock)
    refused(
        lambda: act(case, "end_remedy", ended_on="2026-03-02", outcome="x"),
        "remedy_not_pending",
        "第七十三条",
    )
    clock.shift(dt.timedelta(days=16))  # 18 March
    act(case, "serve_reminder")
    refused(lambda: act(case, "apply_to_court", who="head"), "reminder_period_open", "第五十四条")


def test_counting_cannot_resume_before_the_pause(world, open_case, act):
    case = open_case()
    act(case, "file", who="head")
    act(case, "pause_decision_period", reason="appraisal")
    earlier = dt.datetime(2026, 3, 1, 9, tzinfo=SHANGHAI)  # recorded later, dated before the pause
    acts = Act.objects.count()
    refused(lambda: _perform_at(world, case, earlier), "resume_before_pause", "第六十条")
    assert Act.objects.count() == acts


def _perform_at(world, case, at):
    from sanxiang.cases import actions

    return actions.perform(case, "resume_decision_period", world.user("officer"), {}, at=at)


def test_the_first_extension_is_the_heads_and_not_a_discussion(world, open_case, act):
    case = open_case()
    act(case, "file", who="head")
    refused(
        lambda: act(
            case, "extend_by_collective_discussion", who="head", days="30", participants="甲、乙", reason="x"
        ),
        "extension_first_by_head",
        "第六十条",
    )
