"""A decision changed, revoked, confirmed illegal or void is recorded on its case; publication opens a
withdrawal task due in 3 working days (处罚法 Art. 48 ¶2, A-16), the officer withdraws it, and the
takedown log says whether that was on time. A record not yet published is withheld instead."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.cases.models import Case
from sanxiang.core.errors import Invalid, NotAllowed, WrongState
from sanxiang.publication import actions, queries, withdrawal_tasks
from sanxiang.publication.models import RecordState
from sanxiang.recordlog.models import Entry
from tests.fingerprint import database_fingerprint

REVOKED = {
    "change": "revoked",
    "changed_on": "2026-03-02",
    "changed_by": "东湖县人民政府",
    "change_document": "东政复决〔2026〕3号",
    "public_reason": "行政复议决定撤销原处罚决定",
}


def test_a_revocation_on_the_case_opens_a_task_the_officer_completes(world, published, act, clock):
    record = published()
    case = Case.objects.get(pk=record.case_id)
    state_before = case.state
    act(case, "record_decision_change", **REVOKED)
    case.refresh_from_db()
    assert case.state == state_before  # the act keeps the case where it was
    record.refresh_from_db()
    # Still public until the officer takes it down, but the task is open and due in 3 working days.
    assert record.state == RecordState.PUBLISHED
    assert record.withdrawal_ground == "revoked" and record.withdrawal_due == dt.date(2026, 3, 5)
    publisher = world.user("publisher")
    assert list(withdrawal_tasks.open_tasks(publisher)) == [record]
    opened = Entry.objects.filter(kind="publication.withdrawal_task_opened").get()
    assert opened.payload["document"] == "东政复决〔2026〕3号" and opened.payload["due"]["rule_id"] == "A-16"
    assert "第四十八条第二款" in opened.payload["due"]["citation"]

    clock.shift(dt.timedelta(days=1))
    record = actions.withdraw(actor=publisher, record=record, data={})  # the task brings ground and reason
    assert record.state == RecordState.WITHDRAWN and record.withdrawal_reason == "行政复议决定撤销原处罚决定"
    assert record.withdrawal_due == dt.date(2026, 3, 5)
    assert not queries.public_items().filter(pk=record.pk).exists()
    assert list(withdrawal_tasks.open_tasks(publisher)) == []
    assert withdrawal_tasks.on_time(record) is True
    entry = Entry.objects.filter(kind="publication.withdrawn").get()
    assert entry.payload["task"] is True and entry.payload["on_time"] is True


def test_a_late_withdrawal_is_shown_as_late(world, published, act, clock):
    record = published()
    act(Case.objects.get(pk=record.case_id), "record_decision_change", **{**REVOKED, "change": "void"})
    clock.shift(dt.timedelta(days=7))  # Monday 9 March: past Thursday 5 March
    record.refresh_from_db()
    assert record.withdrawal_due < dt.date(2026, 3, 9)
    record = actions.withdraw(actor=world.user("publisher"), record=record, data={})
    assert record.withdrawal_ground == "void" and withdrawal_tasks.on_time(record) is False
    assert Entry.objects.filter(kind="publication.withdrawn").get().payload["on_time"] is False


def test_a_record_not_yet_published_is_withheld_with_the_reason(world, decided, act):
    record = decided()
    assert record.state == RecordState.DRAFT
    act(Case.objects.get(pk=record.case_id), "record_decision_change", **{**REVOKED, "change": "illegal"})
    record.refresh_from_db()
    assert record.state == RecordState.WITHHELD
    assert "行政复议决定撤销原处罚决定" in record.withheld_reason and "第四十八条" in record.withheld_reason
    assert list(withdrawal_tasks.open_tasks(world.user("publisher"))) == []
    with pytest.raises(WrongState):  # withheld: no step of the flow applies
        actions.submit(actor=world.user("officer"), record=record)


def test_a_change_dated_in_the_future_or_before_the_decision_is_refused_and_writes_nothing(
    world, published, act
):
    record = published()
    case = Case.objects.get(pk=record.case_id)
    before = database_fingerprint()
    for day in ("2026-03-03", "2026-02-01"):
        with pytest.raises(Invalid) as refused:
            act(case, "record_decision_change", **{**REVOKED, "changed_on": day})
        assert refused.value.errors[0].field == "changed_on"
    with pytest.raises(Invalid) as refused:
        act(case, "record_decision_change", **{**REVOKED, "public_reason": ""})
    assert refused.value.errors[0].field == "public_reason"
    assert database_fingerprint() == before


def test_only_the_publication_officer_or_head_withdraws(world, published, act):
    record = published()
    act(Case.objects.get(pk=record.case_id), "record_decision_change", **REVOKED)
    with pytest.raises(NotAllowed):
        actions.withdraw(actor=world.user("officer"), record=record, data={})


def test_a_simple_procedure_decision_can_be_changed_too(world, open_case, act):
    case = open_case(procedure="simple", legal_basis="《中华人民共和国食品安全法》第三十四条")
    act(case, "decide_on_the_spot", kinds=["warning"])
    case.refresh_from_db()
    act(case, "record_decision_change", **{**REVOKED, "change": "changed"})
    assert case.acts.filter(act="record_decision_change").exists()


def test_a_revoked_licence_grant_is_stopped_before_publication(world, open_case, act):
    from tests.cases.test_licence_procedure import GRANT, licence_case

    case = licence_case(open_case)
    act(case, "accept_application")
    act(case, "start_review")
    act(case, "decide_licence", who="head", **GRANT)
    case.refresh_from_db()
    state_before = case.state
    act(case, "record_decision_change", **{**REVOKED, "public_reason": "许可决定被依法撤销"})
    case.refresh_from_db()
    record = case.publication
    assert case.state == state_before and record.state == RecordState.WITHHELD
    assert record.withdrawal_ground == "revoked" and "许可决定被依法撤销" in record.withheld_reason
