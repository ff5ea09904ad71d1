"""A "crime" opinion opens the transfer branch through the engine, in the handler's name and
citing the opinion; where the case is past that point the refusal is recorded with the opinion and
the head acts. "Refer" records the referral and leaves the case where it is, still undecidable."""

from __future__ import annotations

from sanxiang.cases.models import Act
from sanxiang.legal_review import actions
from sanxiang.recordlog.models import Entry
from tests.legal_review.conftest import NOTE
from tests.legal_review.test_review_flow import decide, refused


def review(world, case, opinion, text):
    reviewer = world.user("reviewer")
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    actions.assign(actor=world.user("head"), round=round_, reviewer=reviewer)
    for point in range(1, 11):
        answer = "fail" if point == 10 else "pass"
        actions.answer(actor=reviewer, round=round_, point=point, answer=answer, comment="涉嫌销售伪劣产品罪")
    return actions.give_opinion(actor=reviewer, round=round_, opinion=opinion, text=text)


def opinion_entry():
    return Entry.objects.filter(kind="legal_review.opinion").get().payload


def test_a_crime_opinion_proposes_the_transfer_in_the_handler_s_name(world, major_case, clock):
    case = major_case()
    review(world, case, "crime", "货值金额已达刑事立案标准，涉嫌犯罪，应移送公安机关")
    case.refresh_from_db()
    assert case.state == "transfer_proposed"
    transfer = Act.objects.get(case=case, act="propose_transfer")
    assert transfer.actor_id == world.user("officer").pk
    assert "法制审核意见（第1轮）" in transfer.data.get("note", "")
    payload = opinion_entry()
    assert payload["transfer_proposed"] is True and payload["transfer_act_id"] == transfer.pk


# A crime opinion after the prior notice was served opens the transfer branch too: see
# test_crime_after_notice.py.


def test_a_referral_is_recorded_and_the_case_waits_for_the_head(world, major_case, act, clock):
    case = major_case()
    review(world, case, "refer", "本案属于生态环境部门管辖，建议移送县生态环境分局")
    case.refresh_from_db()
    assert case.state == "investigation_closed"
    payload = opinion_entry()
    assert payload["referral"] == "本案属于生态环境部门管辖，建议移送县生态环境分局"
    assert payload["left_to"] == "head"
    act(case, "serve_prior_notice", records=["prior_notice"])
    act(case, "waive_rights", records=["waiver"])
    refused(lambda: decide(act, case), "legal_review_required")
