"""The audit's core findings (issue 6): the reviewed draft includes the penalty's detail; officers
assigned to the case never review it; a checklist comment over the limit is refused, not cut; the
refusals cite their rule; "correct and resubmit" and referrals reach whoever must act."""

from __future__ import annotations

import pytest

from sanxiang.cases.penalties import Penalty
from sanxiang.core.errors import DomainError
from sanxiang.inbox.models import Message
from sanxiang.legal_review import actions
from sanxiang.legal_review.draft import digest, draft_of
from sanxiang.legal_review.models import ChecklistAnswer
from sanxiang.recordlog.models import Entry
from tests.fingerprint import database_fingerprint
from tests.legal_review.conftest import NOTE
from tests.legal_review.test_review_flow import answer_all, discuss, pass_review


def refused(fn, code):
    before = database_fingerprint()
    with pytest.raises(DomainError) as info:
        fn()
    assert info.value.code == code, info.value.as_dict()
    assert database_fingerprint() == before
    return info.value


def suspend(act, case, detail, name="serve_new_notice", **extra):
    return act(
        case,
        name,
        kinds=["fine", "suspension"],
        fine="200000",
        detail=detail,
        records=["prior_notice"],
        **extra,
    )


def test_the_detail_is_part_of_the_reviewed_draft(world, major_case):
    case = major_case()
    one = Penalty(kinds=("suspension",), detail="停业1个月")
    six = Penalty(kinds=("suspension",), detail="停业6个月")
    assert digest(draft_of(case, one)) != digest(draft_of(case, six))
    # Width and spacing are not a different draft.
    assert digest(draft_of(case, one)) == digest(
        draft_of(case, Penalty(kinds=("suspension",), detail=" 停业１个月 "))
    )
    # A draft without a detail hashes as before the detail was added.
    assert "detail" not in draft_of(case, Penalty(kinds=("fine",)))


def test_a_changed_detail_voids_the_pass(world, major_case, act, clock):
    case = major_case()
    act(case, "serve_prior_notice", records=["prior_notice"])
    suspend(act, case, "停业1个月")
    case.refresh_from_db()
    passed = pass_review(world, case)
    assert passed.draft["detail"] == "停业1个月"
    discuss(world, case)
    act(case, "waive_rights", records=["waiver"])
    decision = {
        "kinds": ["fine", "suspension"],
        "fine": "200000",
        "records": ["decision_approval", "decision"],
    }
    refused(lambda: act(case, "decide", who="head", detail="停业6个月", **decision), "legal_review_stale")
    act(case, "decide", who="head", detail="停业1个月", **decision)
    case.refresh_from_db()
    assert case.state == "decided"


def test_an_officer_assigned_to_the_case_may_not_review_it(world, major_case):
    """办审分离: a legal reviewer whose officer record is assigned to the case is a handler, though
    they never clicked an act of it."""
    case = major_case()
    reviewer = world.user("reviewer")
    assert case.assignments.filter(officer=world.officers[0]).exists()
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    assert reviewer.pk not in actions.handler_ids(case)
    type(reviewer).objects.filter(pk=reviewer.pk).update(officer=world.officers[0])
    reviewer.refresh_from_db()
    assert reviewer.pk in actions.handler_ids(case)
    error = refused(
        lambda: actions.assign(actor=world.user("head"), round=round_, reviewer=reviewer),
        "reviewer_handled_case",
    )
    assert error.citation


def test_an_officer_named_on_an_act_may_not_review_it(world, major_case):
    case = major_case()
    named = [o for a in case.acts.all() for o in a.officers]
    assert named, "the engine names the acting officers on each act"
    reviewer = world.user("reviewer")
    # The assignments removed, only the officers named on the acts remain to find the handler.
    case.assignments.all().delete()
    assert reviewer.pk not in actions.handler_ids(case)
    type(reviewer).objects.filter(pk=reviewer.pk).update(officer_id=named[-1]["officer_id"])
    assert reviewer.pk in actions.handler_ids(case)


def test_a_long_comment_is_refused_not_cut(world, major_case):
    case = major_case()
    reviewer = world.user("reviewer")
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    actions.assign(actor=world.user("head"), round=round_, reviewer=reviewer)
    error = refused(
        lambda: actions.answer(actor=reviewer, round=round_, point=3, answer="fail", comment="事" * 1001),
        "checklist_comment_too_long",
    )
    assert error.field == "comment_3"
    assert "comment_3" in str(error.message)
    error = refused(
        lambda: actions.answer_many(
            actor=reviewer, round=round_, answers={1: ("pass", ""), 4: ("fail", "证" * 1001)}
        ),
        "checklist_comment_too_long",
    )
    assert error.field == "comment_4"
    saved = actions.answer(actor=reviewer, round=round_, point=3, answer="fail", comment="事" * 1000)
    assert len(saved.comment) == 1000
    assert ChecklistAnswer.objects.filter(round=round_).count() == 1


def test_the_refusals_cite_their_rule(world, major_case):
    case = major_case()
    reviewer, head = world.user("reviewer"), world.user("head")
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    error = refused(
        lambda: actions.assign(actor=head, round=round_, reviewer=world.user("officer")),
        "reviewer_not_eligible",
    )
    assert "118" in str(error.citation)
    refused(
        lambda: actions.supplement(actor=world.user("officer"), round=round_, note="补充"),
        "supplement_not_asked",
    )
    actions.assign(actor=head, round=round_, reviewer=reviewer)
    actions.ask_supplement(actor=reviewer, round=round_, what="鉴定意见")
    error = refused(
        lambda: actions.ask_supplement(actor=reviewer, round=round_, what="鉴定意见"), "supplement_pending"
    )
    assert "supplement_working_days" in str(error.citation)
    actions.recuse(actor=reviewer, round=round_, reason="与当事人有亲属关系")
    error = refused(lambda: actions.assign(actor=head, round=round_, reviewer=reviewer), "reviewer_recused")
    assert "四十三" in str(error.citation) or "43" in str(error.citation)


def test_supplement_late_cites_the_local_procedure(world, major_case, clock):
    import datetime as dt

    case = major_case()
    reviewer = world.user("reviewer")
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    actions.assign(actor=world.user("head"), round=round_, reviewer=reviewer)
    actions.ask_supplement(actor=reviewer, round=round_, what="鉴定意见")
    clock.shift(dt.timedelta(days=10))
    error = refused(
        lambda: actions.supplement(actor=world.user("officer"), round=round_, note="补充"), "supplement_late"
    )
    assert "C-06" in str(error.citation)


def test_correct_and_resubmit_tells_the_submitter_once(world, major_case):
    case = major_case()
    officer, reviewer = world.user("officer"), world.user("reviewer")
    round_ = actions.submit(actor=officer, case=case, note=NOTE)
    actions.assign(actor=world.user("head"), round=round_, reviewer=reviewer)
    answer_all(round_, reviewer, fail_point=6)
    actions.give_opinion(actor=reviewer, round=round_, opinion="correct", text="裁量不当，请改正后重新报送")
    (message,) = Message.objects.filter(kind="legal_review.opinion_correct")
    assert message.recipient_id == officer.pk
    assert "裁量不当" in message.body
    assert f"/cases/{case.pk}/" in message.link
    entry = Entry.objects.get(kind="legal_review.opinion")
    assert entry.payload["notified"] == [officer.pk]
    # Sent once per round: following up again adds nothing.
    from sanxiang.legal_review import outcomes

    round_.refresh_from_db()
    assert outcomes.notify(round_, round_.opinion_at) == []
    assert Message.objects.filter(kind="legal_review.opinion_correct").count() == 1


def test_a_referral_tells_the_heads(world, major_case):
    case = major_case()
    reviewer, head = world.user("reviewer"), world.user("head")
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    actions.assign(actor=head, round=round_, reviewer=reviewer)
    answer_all(round_, reviewer, fail_point=1)
    actions.give_opinion(actor=reviewer, round=round_, opinion="refer", text="不属于本机关管辖")
    recipients = set(
        Message.objects.filter(kind="legal_review.opinion_refer").values_list("recipient_id", flat=True)
    )
    assert head.pk in recipients
    assert world.user("officer").pk not in recipients


def test_a_case_paused_for_appraisal_sends_the_appraisal_report(world, major_case, act, clock):
    """legal-rules C-06: the package holds the appraisal report where the case had an appraisal."""
    from sanxiang.evidence import actions as evidence_actions
    from sanxiang.evidence import blobs

    case = major_case()
    act(case, "pause_decision_period", reason="appraisal", records=["pause_approval"])
    act(case, "resume_decision_period")
    error = refused(
        lambda: actions.submit(actor=world.user("officer"), case=case, note=NOTE), "package_incomplete"
    )
    assert "鉴定" in str(error.message)
    staged = blobs.stage_stream(iter([b"%PDF-1.4 appraisal"]), name="appraisal.pdf")
    try:
        evidence_actions.add_evidence(
            actor=world.user("officer"), case=case, upload=staged, data={"kind": "expert"}
        )
    finally:
        staged.close()
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    assert round_.package["appraisal_report"] is True
