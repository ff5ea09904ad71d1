"""The daily job records one reminder per open round due within 2 working days (policy), none for a
round due later, none twice for the same due day, none once the opinion is given."""

from __future__ import annotations

import datetime as dt

from sanxiang.jobs import tasks
from sanxiang.legal_review import actions
from sanxiang.recordlog.models import Entry
from tests.legal_review.conftest import NOTE


def test_a_round_due_within_two_working_days_is_reminded_once(world, major_case, clock):
    case = major_case()
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    assert round_.due == dt.date(2026, 3, 16)  # Monday
    clock.shift(dt.timedelta(days=9))  # Wednesday 11 March: two working days reach Friday 13th
    assert tasks.remind_review_rounds.call_local() == 0
    clock.shift(dt.timedelta(days=1))  # Thursday 12 March: two working days reach Monday 16th
    assert tasks.remind_review_rounds.call_local() == 1
    assert tasks.remind_review_rounds.call_local() == 0  # once per due day
    (entry,) = Entry.objects.filter(kind="legal_review.reminded")
    assert entry.payload["due"] == "2026-03-16" and entry.payload["round"] == 1
    assert entry.payload["reviewer_id"] is None and entry.payload["overdue"] is False


def test_a_round_with_its_opinion_is_not_reminded(world, major_case, clock):
    case = major_case()
    reviewer = world.user("reviewer")
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    actions.assign(actor=world.user("head"), round=round_, reviewer=reviewer)
    for point in range(1, 11):
        actions.answer(actor=reviewer, round=round_, point=point, answer="pass")
    actions.give_opinion(actor=reviewer, round=round_, opinion="agree", text="同意")
    clock.shift(dt.timedelta(days=14))
    assert tasks.remind_review_rounds.call_local() == 0
