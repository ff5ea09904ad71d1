"""The head extends an open round's period once, by 3 working days (policy), with a reason; nobody
else may, nor twice, nor after the opinion — and a refusal writes nothing."""

from __future__ import annotations

import datetime as dt

from sanxiang.legal_review import actions
from sanxiang.legal_review.extension import extend
from sanxiang.recordlog.models import Entry
from tests.legal_review.conftest import NOTE
from tests.legal_review.test_review_flow import refused


def test_the_head_extends_an_open_round_once(world, major_case, clock):
    case = major_case()
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    assert round_.due == dt.date(2026, 3, 16)
    refused(lambda: extend(actor=world.user("officer"), round=round_, reason="案情复杂"), "not_allowed")
    refused(lambda: extend(actor=world.user("head"), round=round_, reason=""), "required")
    extended = extend(actor=world.user("head"), round=round_, reason="涉及多个法律关系，需补充研究")
    assert extended.due == dt.date(2026, 3, 19)  # three working days after Monday 16 March
    refused(lambda: extend(actor=world.user("head"), round=round_, reason="再次延期"), "review_extended")
    entry = Entry.objects.get(kind="legal_review.extended")
    assert entry.actor_id == world.user("head").pk
    assert entry.payload["from"] == "2026-03-16" and entry.payload["to"] == "2026-03-19"


def test_a_round_with_its_opinion_is_not_extended(world, major_case, clock):
    case = major_case()
    reviewer = world.user("reviewer")
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    actions.assign(actor=world.user("head"), round=round_, reviewer=reviewer)
    for point in range(1, 11):
        actions.answer(actor=reviewer, round=round_, point=point, answer="pass")
    actions.give_opinion(actor=reviewer, round=round_, opinion="agree", text="同意")
    refused(lambda: extend(actor=world.user("head"), round=round_, reason="案情复杂"), "review_closed")
