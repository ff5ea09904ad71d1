"""A crime found after the prior notice was served still goes to the judicial organs (处罚法 Art.
27; Art. 82): a "crime" opinion given then opens the transfer branch on the real engine, as does an
officer's own proposal at the hearing stages; the head approves and the officers hand over, or the
head rejects and the case returns to the end of the investigation with the notice's windows
stopped. The case page's legal-review panel shows the outcome, who decided it, when, where it stands
and the rule."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.cases.models import Act, CaseDeadline
from sanxiang.catalog.actions import suspend_certificate
from sanxiang.recordlog.models import Entry
from tests.legal_review.helpers import pass_review  # noqa: F401  (fixture)
from tests.legal_review.test_crime_and_refer import review
from tests.legal_review.test_review_flow import decide, refused


def served(major_case, act):
    case = major_case()
    act(case, "serve_prior_notice", records=["prior_notice"])
    case.refresh_from_db()
    assert case.state == "prior_notice_served"
    return case


def windows(case):
    return dict(
        CaseDeadline.objects.filter(
            case=case, rule_id__in=("penalty.statement_window", "penalty.hearing_request")
        ).values_list("rule_id", "status")
    )


def test_a_crime_opinion_after_the_notice_opens_the_transfer_branch_to_its_end(world, major_case, act, clock):
    case = served(major_case, act)
    review(world, case, "crime", "涉案货值已达刑事立案追诉标准，涉嫌生产销售伪劣产品罪，应移送公安机关")
    case.refresh_from_db()
    assert case.state == "transfer_proposed"
    proposal = Act.objects.get(case=case, act="propose_transfer")
    assert proposal.from_state == "prior_notice_served"
    assert proposal.actor_id == world.user("officer").pk
    assert "法制审核意见（第1轮）认为涉嫌犯罪" in proposal.data["note"]
    payload = Entry.objects.get(kind="legal_review.opinion").payload
    assert payload["transfer_proposed"] is True and payload["transfer_act_id"] == proposal.pk
    assert CaseDeadline.objects.get(case=case, rule_id="transfer.head_decision").status == "open"

    act(case, "approve_transfer", who="head", records=["transfer_approval"])
    act(case, "hand_over", records=["transfer_letter", "transfer_materials"])
    case.refresh_from_db()
    assert case.state == "transferred"
    # Handing over ends every period of the penalty procedure, the party's windows included.
    assert not CaseDeadline.objects.filter(case=case, status="open").exists()


@pytest.mark.parametrize("stage", ["hearing_requested", "hearing_waived"])
def test_an_officer_proposes_the_transfer_at_the_hearing_stages(world, major_case, act, clock, stage):
    case = served(major_case, act)
    act(case, "request_hearing", records=["hearing_request"])
    if stage == "hearing_waived":
        act(case, "end_hearing_waived", records=["hearing_waiver_record"], how="withdrawn")
    case.refresh_from_db()
    assert case.state == stage
    act(case, "propose_transfer", records=["transfer_report"], note="听证中当事人陈述暴露出涉嫌犯罪线索")
    case.refresh_from_db()
    assert case.state == "transfer_proposed"


def test_the_proposal_keeps_its_guards_after_the_notice(world, major_case, act, clock):
    """Two certified officers report in writing (移送规定 Art. 5): one officer alone may not."""
    case = served(major_case, act)
    refused(lambda: act(case, "propose_transfer", officers=[world.officers[0].pk]), "officers_certified")
    case.refresh_from_db()
    assert case.state == "prior_notice_served"
    assert not Act.objects.filter(case=case, act="propose_transfer").exists()


def test_a_rejected_transfer_after_the_notice_stops_its_windows(world, major_case, act, clock):
    case = served(major_case, act)
    act(case, "propose_transfer", records=["transfer_report"])
    clock.shift(dt.timedelta(days=1))
    act(case, "reject_transfer", who="head", reason="未达刑事追诉标准")
    case.refresh_from_db()
    assert case.state == "investigation_closed"
    assert set(windows(case).values()) <= {"stopped", "met"}
    assert not CaseDeadline.objects.filter(
        case=case, rule_id__in=("penalty.statement_window", "penalty.hearing_request"), status="open"
    ).exists()


def test_no_transfer_is_proposed_once_decided(world, major_case, act, clock, pass_review):  # noqa: F811
    case = served(major_case, act)
    pass_review(case)
    act(case, "waive_rights", records=["waiver"])
    clock.shift(dt.timedelta(days=1))
    decide(act, case)
    case.refresh_from_db()
    assert case.state == "decided"
    refused(lambda: act(case, "propose_transfer", records=["transfer_report"]), "wrong_state")


def test_the_panel_shows_the_crime_outcome(world, major_case, act, clock, client_as):
    case = served(major_case, act)
    review(world, case, "crime", "涉嫌犯罪，应移送公安机关")
    case.refresh_from_db()
    act(case, "approve_transfer", who="head", records=["transfer_approval"])
    page = client_as("officer").get(f"/cases/{case.pk}/").content.decode()
    start = page.index('class="review-outcome"')
    outcome = page[start : page.index("</div>", start)]
    assert 'data-outcome="crime"' in page[start - 40 : start + 200]
    assert 'data-transfer="approve_transfer"' in page[start - 40 : start + 200]
    assert '<span class="decided-by">reviewer</span>' in outcome  # the reviewer who decided it
    assert '<span class="decided-at">2026-03-02 09:00</span>' in outcome
    assert "已批准移送，应在24小时内移送公安机关。" in outcome
    assert "/procedures/general.svg" in outcome
    assert (
        "《行政执法机关移送涉嫌犯罪案件的规定》第五条；《中华人民共和国行政处罚法》第二十七条、第八十二条"
        in outcome
    )


def test_the_panel_shows_the_referral(world, major_case, act, clock, client_as):
    case = major_case()
    review(world, case, "refer", "本案属于生态环境部门管辖，建议移送县生态环境分局")
    page = client_as("head").get(f"/cases/{case.pk}/").content.decode()
    start = page.index('class="review-outcome"')
    outcome = page[start : page.index("</div>", start)]
    assert 'data-outcome="refer"' in page[start - 40 : start + 200]
    assert '<span class="decided-by">reviewer</span>' in outcome
    assert "移送有管辖权机关的意见已记录，待负责人作出处理。" in outcome
    assert "/documents/doc/" in outcome and "法制审核意见书" in outcome
    assert "《中华人民共和国行政处罚法》第二十二条至第二十五条（管辖）" in outcome


def test_a_refused_proposal_is_shown_as_left_to_the_head(world, major_case, act, clock, client_as):
    """One of the two officers' certificates suspended after the notice: the engine refuses the
    proposal (two certified officers, 处罚法 Arts. 42, 55), nothing of it is written, the opinion
    stands and the panel says the head acts on it."""
    case = served(major_case, act)
    suspend_certificate(
        actor=world.user("county_admin"), certificate=world.certificates[1], reason="停职审查"
    )
    review(world, case, "crime", "涉嫌犯罪，应移送公安机关")
    case.refresh_from_db()
    assert case.state == "prior_notice_served"
    assert not Act.objects.filter(case=case, act="propose_transfer").exists()
    payload = Entry.objects.get(kind="legal_review.opinion").payload
    assert payload["transfer_refused"] == "officers_certified" and payload["left_to"] == "head"
    page = client_as("head").get(f"/cases/{case.pk}/").content.decode()
    start = page.index('class="review-outcome"')
    outcome = page[start : page.index("</div>", start)]
    assert "未能提出移送（officers_certified），由负责人根据审核意见处理。" in outcome
