"""A hearing the party withdraws, misses or walks out of ends the hearing branch (处罚法 Art.
64(8)); a party's recusal request and the head's decision are recorded, and a recused officer can
no longer act on the case (Art. 43)."""

from __future__ import annotations

import datetime as dt

from sanxiang.cases.enums import CaseState
from sanxiang.cases.models import CaseDeadline
from tests.cases.test_gates import refused, to_investigation_closed


def to_hearing_requested(case, act):
    to_investigation_closed(case, act, kinds=["fine"], fine="200000")
    act(case, "serve_prior_notice")
    assert case.hearing_offered
    act(case, "request_hearing")


def test_a_withdrawn_request_ends_the_hearing_branch(world, open_case, act, clock, pass_review):
    case = open_case()
    to_hearing_requested(case, act)
    act(case, "end_hearing_waived", how="withdrawn", records=["hearing_waiver_record"])
    assert case.state == CaseState.HEARING_WAIVED
    pass_review(case, kinds=["fine"], fine="200000")  # a ¥200,000 fine on a company is major
    act(case, "decide", who="head", kinds=["fine"], fine="200000")
    assert case.state == CaseState.DECIDED
    # The party was heard (or waived): its windows of the notice end with the decision.
    windows = CaseDeadline.objects.filter(
        case=case, rule_id__in=("penalty.statement_window", "penalty.hearing_request")
    )
    assert set(windows.values_list("status", flat=True)) == {"met"}


def test_absence_counts_only_on_the_hearing_day(world, open_case, act, clock):
    case = open_case()
    to_hearing_requested(case, act)
    refused(lambda: act(case, "end_hearing_waived", how="absent"), "hearing_not_held_yet", "第六十四条")
    act(case, "notify_hearing", hearing_on="2026-03-13", chair=world.officers[2].pk, place="听证室")
    refused(lambda: act(case, "end_hearing_waived", how="absent"), "hearing_not_held_yet")
    clock.shift(dt.timedelta(days=11))  # 13 March, the hearing day
    act(case, "end_hearing_waived", how="absent")
    assert case.state == CaseState.HEARING_WAIVED
    assert case.hearing_chair_id == world.officers[2].pk  # the chair is an officer record


def test_a_granted_recusal_keeps_the_officer_out(world, open_case, act, clock):
    case = open_case(officers=3)
    act(case, "file", who="head")
    refused(
        lambda: act(
            case, "decide_recusal", who="head", officer=world.officers[1].pk, outcome="granted", reason="x"
        ),
        "recusal_not_requested",
        "第四十三条",
    )
    act(case, "request_recusal", officer=world.officers[1].pk, reason="执法人员系当事人近亲属")
    act(case, "decide_recusal", who="head", officer=world.officers[1].pk, outcome="granted", reason="属实")
    error = refused(
        lambda: act(case, "start_investigation", officers=[world.officers[0].pk, world.officers[1].pk]),
        "officer_recused",
        "第四十三条",
    )
    assert world.officers[1].name in str(error.message)
    # By default the recused officer no longer takes part: the other two do.
    done = act(case, "start_investigation")
    assert [o["officer_id"] for o in done.officers] == [world.officers[0].pk, world.officers[2].pk]


def test_a_refused_recusal_changes_nothing(world, open_case, act, clock):
    case = open_case()
    act(case, "file", who="head")
    act(case, "request_recusal", officer=world.officers[1].pk, reason="怀疑不公正")
    act(
        case,
        "decide_recusal",
        who="head",
        officer=world.officers[1].pk,
        outcome="refused",
        reason="理由不成立",
    )
    done = act(case, "start_investigation")
    assert len(done.officers) == 2
    refused(
        lambda: act(
            case, "decide_recusal", who="head", officer=world.officers[1].pk, outcome="granted", reason="x"
        ),
        "recusal_not_requested",
    )


def test_the_chair_is_shown_as_an_officer_on_the_page_and_in_the_api(world, open_case, act, clock, client_as):
    case = open_case()
    to_hearing_requested(case, act)
    act(case, "notify_hearing", hearing_on="2026-03-13", chair=world.officers[2].pk, place="听证室")
    client = client_as("officer")
    detail = client.get(f"/api/v1/cases/{case.pk}").json()
    assert detail["hearing_chair"] == {"officer_id": world.officers[2].pk, "name": "王强测", "lead": False}
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "主持人" in page and "王强测" in page
