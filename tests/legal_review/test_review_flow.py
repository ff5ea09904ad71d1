"""The review rounds and the gate through the actions and the engine: a ¥200,000 fine on a company
is major; it cannot be decided without a pass for exactly the decided draft and the collective
discussion; each step is in the record log with its actor."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.cases.models import Party
from sanxiang.core.errors import DomainError
from sanxiang.legal_review import actions, queries
from sanxiang.legal_review.models import ReviewRound
from sanxiang.recordlog.models import Entry
from tests.cases.conftest import PERSON
from tests.fingerprint import database_fingerprint
from tests.legal_review.conftest import NOTE


def refused(fn, code):
    before = database_fingerprint()
    with pytest.raises(DomainError) as info:
        fn()
    assert info.value.code == code, info.value.as_dict()
    assert database_fingerprint() == before
    return info.value


def answer_all(round_, who, fail_point=None):
    for point in range(1, 11):
        if point == fail_point:
            actions.answer(
                actor=who, round=round_, point=point, answer="fail", comment="罚款数额适用裁量基准错误"
            )
        else:
            actions.answer(actor=who, round=round_, point=point, answer="pass" if point != 10 else "na")


def pass_review(world, case):
    reviewer = world.user("reviewer")
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    actions.assign(actor=world.user("head"), round=round_, reviewer=reviewer)
    answer_all(round_, reviewer)
    return actions.give_opinion(actor=reviewer, round=round_, opinion="agree", text="同意")


def discuss(world, case):
    return actions.discuss(
        actor=world.user("head"),
        case=case,
        data={
            "held_on": "2026-03-05",
            "attendees": "局长、副局长、法规科长",
            "opinions": "一致同意",
            "conclusion": "同意处罚",
        },
    )


def decide(act, case, fine="200000"):
    return act(
        case, "decide", who="head", kinds=["fine"], fine=fine, records=["decision_approval", "decision"]
    )


def test_a_large_fine_on_a_company_is_classified_major(world, major_case):
    case = major_case()
    assert queries.is_major(case)
    (row,) = queries.classifications(case)
    assert [m["rule"] for m in row.matched] == ["fine"]
    assert row.act == "close_investigation"


def test_a_small_fine_is_not_major_and_is_decided_without_review(world, major_case, act, clock):
    case = major_case(fine="5000")
    assert not queries.is_major(case)
    refused(lambda: actions.submit(actor=world.user("officer"), case=case, note=NOTE), "review_not_major")
    act(case, "serve_prior_notice", records=["prior_notice"])
    act(case, "waive_rights", records=["waiver"])
    decide(act, case, fine="5000")
    assert case.state == "decided"


def test_nobody_decides_a_major_case_without_a_pass(world, major_case, act, clock):
    case = major_case()
    act(case, "serve_prior_notice", records=["prior_notice"])
    act(case, "waive_rights", records=["waiver"])
    error = refused(lambda: decide(act, case), "legal_review_required")
    assert "第五十八条" in str(error.citation) or "58" in str(error.citation)


def test_correct_and_resubmit_then_pass_discuss_and_decide(world, major_case, act, clock):
    case = major_case()
    officer, head, reviewer = world.user("officer"), world.user("head"), world.user("reviewer")
    first = actions.submit(actor=officer, case=case, note=NOTE)
    assert first.due == dt.date(2026, 3, 16)  # 10 working days from Monday 2 March
    actions.assign(actor=head, round=first, reviewer=reviewer)
    answer_all(first, reviewer, fail_point=6)
    refused(
        lambda: actions.give_opinion(actor=reviewer, round=first, opinion="agree", text="同意"),
        "opinion_contradicts_checklist",
    )
    actions.give_opinion(actor=reviewer, round=first, opinion="correct", text="裁量不当，请改正后重新报送")
    # A failed review cannot go to collective discussion (legal-rules C-09).
    refused(lambda: discuss(world, case), "discussion_needs_pass")
    # The handler corrects the draft: a new notice with a lower fine, then a second round.
    act(case, "serve_prior_notice", records=["prior_notice"])
    act(case, "serve_new_notice", kinds=["fine"], fine="150000", records=["prior_notice"])
    second = actions.submit(actor=officer, case=case, note=NOTE + "已按审核意见改正。")
    assert second.number == 2 and first.draft_hash != second.draft_hash
    actions.assign(actor=head, round=second, reviewer=reviewer)
    answer_all(second, reviewer)
    actions.give_opinion(actor=reviewer, round=second, opinion="agree", text="同意")
    act(case, "waive_rights", records=["waiver"])
    refused(lambda: decide(act, case, fine="150000"), "collective_discussion_required")
    discuss(world, case)
    decide(act, case, fine="150000")
    assert case.state == "decided"
    kinds = list(Entry.objects.filter(kind__startswith="legal_review.").values_list("kind", "actor_id"))
    assert ("legal_review.submitted", officer.pk) in kinds
    assert ("legal_review.assigned", head.pk) in kinds
    assert ("legal_review.opinion", reviewer.pk) in kinds
    assert ("legal_review.discussed", head.pk) in kinds
    assert sum(1 for k, _ in kinds if k == "legal_review.answered") == 20
    assert list(ReviewRound.objects.filter(case=case).values_list("number", "opinion")) == [
        (1, "correct"),
        (2, "agree"),
    ]


def test_changing_the_reviewed_draft_voids_the_pass(world, major_case, act, clock):
    case = major_case()
    pass_review(world, case)
    discuss(world, case)
    act(case, "serve_prior_notice", records=["prior_notice"])
    act(case, "waive_rights", records=["waiver"])
    # A lower fine is still a different draft from the one reviewed.
    refused(lambda: decide(act, case, fine="180000"), "legal_review_stale")
    # So is another party added after the review.
    Party.objects.create(
        case=case,
        kind="natural_person",
        name="李四测",
        id_number="11010519491231002X",
        added_at=case.created_at,
    )
    refused(lambda: decide(act, case), "legal_review_stale")


def test_the_handler_cannot_review_their_own_case(world, major_case):
    """办审分离: the head approved the filing; moved to the legal-review body, they still may not
    review this case."""
    case = major_case()
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    head = world.user("head")
    refused(lambda: actions.assign(actor=head, round=round_, reviewer=head), "reviewer_not_eligible")
    type(head).objects.filter(pk=head.pk).update(role="legal_reviewer", holds_legal_qualification=True)
    head.refresh_from_db()
    refused(lambda: actions.assign(actor=head, round=round_, reviewer=head), "reviewer_handled_case")
    refused(
        lambda: actions.assign(actor=world.user("officer"), round=round_, reviewer=world.user("reviewer")),
        "not_allowed",
    )


def test_an_unqualified_first_time_reviewer_cannot_review_a_penalty(world, major_case, novice):
    case = major_case()
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    refused(
        lambda: actions.assign(actor=world.user("head"), round=round_, reviewer=novice),
        "reviewer_not_qualified",
    )
    actions.save_profile(actor=world.user("head"), user=novice, data={"qualification_number": "A20231100001"})
    actions.assign(actor=world.user("head"), round=round_, reviewer=novice)


def test_an_incomplete_package_is_refused_naming_what_is_missing(world, major_case):
    case = major_case(evidence=False)
    error = refused(
        lambda: actions.submit(actor=world.user("officer"), case=case, note=""), "package_incomplete"
    )
    assert "证据" in str(error.message) or "Evidence" in str(error.message)


def test_a_reviewer_may_recuse_and_is_not_assigned_again(world, major_case):
    case = major_case()
    reviewer = world.user("reviewer")
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    actions.assign(actor=reviewer, round=round_, reviewer=reviewer)
    assert list(queries.queue(reviewer)) == [round_]
    actions.recuse(actor=reviewer, round=round_, reason="与当事人有利害关系")
    refused(
        lambda: actions.assign(actor=world.user("head"), round=round_, reviewer=reviewer), "reviewer_recused"
    )
    assert list(queries.unassigned(world.user("head"))) == [round_]


def test_an_escalated_case_is_major_and_stays_major(world, major_case, act, clock):
    case = major_case(fine="5000")
    actions.escalate(
        actor=world.user("officer"), case=case, data={"ground": "public_interest", "reason": "涉及学校食堂"}
    )
    assert queries.is_major(case)
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    assert round_.number == 1
    # No one downgrades it: a lighter new notice matches no catalogue rule, yet the case stays
    # major and its decision is still refused without a pass.
    act(case, "serve_prior_notice", records=["prior_notice"])
    act(case, "serve_new_notice", kinds=["fine"], fine="1000", records=["prior_notice"])
    case.refresh_from_db()
    assert queries.is_major(case)
    act(case, "waive_rights", records=["waiver"])
    refused(lambda: decide(act, case, fine="1000"), "legal_review_required")


def test_overdue_rounds_are_listed(world, major_case, clock):
    case = major_case()
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    assert not queries.overdue(world.user("head")).exists()
    clock.shift(dt.timedelta(days=15))
    assert list(queries.overdue(world.user("head"))) == [round_]


def test_without_a_catalogue_the_default_catalogue_gates_the_decision(world, open_case, act, clock):
    """No saved catalogue: the law's minimum plus the digest's defaults still hold (Art. 58 ¶1)."""
    case = open_case(legal_basis="《中华人民共和国食品安全法》第一百二十四条")
    act(case, "file", who="head", records=["filing_approval"])
    act(case, "start_investigation", records=["inquiry_record"])
    act(case, "close_investigation", kinds=["fine"], fine="200000", records=["investigation_report"])
    assert queries.catalogue_of(world.agency) is None
    assert queries.is_major(case)
    act(case, "serve_prior_notice", records=["prior_notice"])
    act(case, "waive_rights", records=["waiver"])
    refused(lambda: decide(act, case), "legal_review_required")


def test_a_hearing_matches_the_law_s_rule_without_a_catalogue(world, open_case, act, clock):
    """Art. 58 ¶1(2): the default catalogue marks a decision after a hearing major."""
    case = open_case(parties=[PERSON], legal_basis="《中华人民共和国食品安全法》第一百二十四条")
    act(case, "file", who="head", records=["filing_approval"])
    act(case, "start_investigation", records=["inquiry_record"])
    act(case, "close_investigation", kinds=["fine"], fine="20000", records=["investigation_report"])
    act(case, "serve_prior_notice", records=["prior_notice"])
    act(case, "request_hearing")
    act(case, "notify_hearing", hearing_on="2026-03-11", chair=world.officers[2].pk, place="听证室")
    clock.shift(dt.timedelta(days=9))
    act(case, "hold_hearing", records=["hearing_record"])
    assert queries.catalogue_of(world.agency) is None
    latest = queries.classifications(case).order_by("-id").first()
    assert latest.act == "hold_hearing"
    assert "hearing_held" in [m["rule"] for m in latest.matched]
    refused(lambda: decide(act, case, fine="15000"), "legal_review_required")


def test_the_reviewer_asks_for_material_and_the_period_runs_again(world, major_case, clock):
    case = major_case()
    reviewer = world.user("reviewer")
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    actions.assign(actor=reviewer, round=round_, reviewer=reviewer)
    refused(
        lambda: actions.supplement(actor=world.user("officer"), round=round_, note="补充"),
        "supplement_not_asked",
    )
    asked = actions.ask_supplement(actor=reviewer, round=round_, what="请补充抽样检验报告原件")
    assert asked.supplement_due == dt.date(2026, 3, 5)  # 3 working days from Monday 2 March
    clock.shift(dt.timedelta(days=2))  # Wednesday 4 March
    supplied = actions.supplement(actor=world.user("officer"), round=round_, note="已补充检验报告原件")
    assert supplied.due == dt.date(2026, 3, 18)  # 10 working days from the complete package


def test_a_late_supplement_is_refused(world, major_case, clock):
    case = major_case()
    reviewer = world.user("reviewer")
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    actions.assign(actor=reviewer, round=round_, reviewer=reviewer)
    actions.ask_supplement(actor=reviewer, round=round_, what="请补充抽样检验报告原件")
    clock.shift(dt.timedelta(days=4))  # Friday 6 March, after the window ended on Thursday
    refused(
        lambda: actions.supplement(actor=world.user("officer"), round=round_, note="补充"), "supplement_late"
    )
