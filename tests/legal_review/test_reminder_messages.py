"""The daily reminder job tells people through their inbox: the assigned reviewer when the round is
due soon, due today and overdue; the agency's heads too once it is overdue; the agency's legal
reviewers while nobody is assigned. Each reminder kind reaches each person once per due day, however
often the job runs, and never anyone of another agency."""

from __future__ import annotations

import datetime as dt

from sanxiang.inbox.models import Message
from sanxiang.jobs import tasks
from sanxiang.legal_review import actions
from sanxiang.recordlog.models import Entry
from tests.legal_review.conftest import NOTE


def told(kind):
    return sorted(
        Message.objects.filter(kind=f"legal_review.{kind}").values_list("recipient__username", flat=True)
    )


def test_the_assigned_reviewer_is_told_soon_today_and_late_and_the_head_when_late(world, major_case, clock):
    case = major_case()
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    actions.assign(actor=world.user("head"), round=round_, reviewer=world.user("reviewer"))
    assert round_.due == dt.date(2026, 3, 16)

    clock.shift(dt.timedelta(days=9))  # Wednesday 11th: two working days reach Friday 13th only
    assert tasks.remind_review_rounds.call_local() == 0
    assert not Message.objects.exists()

    clock.shift(dt.timedelta(days=1))  # Thursday 12th
    assert tasks.remind_review_rounds.call_local() == 1
    assert tasks.remind_review_rounds.call_local() == 0
    assert told("due_soon") == ["reviewer"]
    soon = Message.objects.get(kind="legal_review.due_soon")
    assert soon.link == f"/cases/{case.pk}/#legal-review"
    assert soon.subject == f"案件{case.number}的法制审核（第1轮）将于2026-03-16到期"
    assert soon.read_at is None and soon.agency_id == world.agency.pk

    clock.shift(dt.timedelta(days=1))  # Friday 13th: still "due soon", already sent
    assert tasks.remind_review_rounds.call_local() == 0

    clock.shift(dt.timedelta(days=3))  # Monday 16th, the due day
    assert tasks.remind_review_rounds.call_local() == 1
    assert told("due_today") == ["reviewer"]

    clock.shift(dt.timedelta(days=1))  # Tuesday 17th: overdue
    assert tasks.remind_review_rounds.call_local() == 1
    assert tasks.remind_review_rounds.call_local() == 0
    assert told("overdue") == ["head", "reviewer"]
    clock.shift(dt.timedelta(days=1))
    assert tasks.remind_review_rounds.call_local() == 0
    assert Message.objects.count() == 4

    entries = [e.payload for e in Entry.objects.filter(kind="legal_review.reminded").order_by("seq")]
    assert [e["reminder"] for e in entries] == ["due_soon", "due_today", "overdue"]
    reviewer, head = world.user("reviewer").pk, world.user("head").pk
    assert entries[2]["notified"] == [reviewer, head] and entries[2]["overdue"] is True
    assert Entry.objects.filter(kind="inbox.sent").count() == 4


def test_an_unassigned_round_tells_the_agency_s_legal_reviewers(world, major_case, novice, clock):
    case = major_case()
    actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    clock.shift(dt.timedelta(days=10))  # Thursday 12th
    assert tasks.remind_review_rounds.call_local() == 1
    assert told("due_soon") == ["novice", "reviewer"]
    body = Message.objects.filter(kind="legal_review.due_soon").first().body
    assert body.startswith("尚未分配审核人员，请分配或承接本轮审核。")

    clock.shift(dt.timedelta(days=5))  # Tuesday 17th
    assert tasks.remind_review_rounds.call_local() == 1
    # Never the officers, never the head of another agency.
    assert told("overdue") == ["head", "novice", "reviewer"]


def test_a_round_with_its_opinion_tells_nobody(world, major_case, clock):
    case = major_case()
    reviewer = world.user("reviewer")
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    actions.assign(actor=world.user("head"), round=round_, reviewer=reviewer)
    for point in range(1, 11):
        actions.answer(actor=reviewer, round=round_, point=point, answer="pass")
    actions.give_opinion(actor=reviewer, round=round_, opinion="agree", text="同意")
    clock.shift(dt.timedelta(days=16))
    assert tasks.remind_review_rounds.call_local() == 0
    assert not Message.objects.exists()


def test_a_new_due_day_is_reminded_anew(world, major_case, clock):
    """A supplement moves the due day: the reminders of the new day are new reminders."""
    case = major_case()
    reviewer = world.user("reviewer")
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    actions.assign(actor=world.user("head"), round=round_, reviewer=reviewer)
    clock.shift(dt.timedelta(days=10))  # Thursday 12th
    assert tasks.remind_review_rounds.call_local() == 1
    actions.ask_supplement(actor=reviewer, round=round_, what="缺少抽样检验报告原件")
    round_ = actions.supplement(actor=world.user("officer"), round=round_, note="已补充检验报告原件")
    round_.refresh_from_db()
    assert round_.due > dt.date(2026, 3, 16)
    assert tasks.remind_review_rounds.call_local() == 0  # the new day is not near yet
    clock.shift(dt.timedelta(days=(round_.due - dt.date(2026, 3, 12)).days))
    assert tasks.remind_review_rounds.call_local() == 1
    keys = sorted(Message.objects.values_list("dedup_key", flat=True))
    assert keys == [
        f"legal_review.round.{round_.pk}.due_soon.2026-03-16",
        f"legal_review.round.{round_.pk}.due_today.{round_.due.isoformat()}",
    ]
