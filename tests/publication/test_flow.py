"""Draft → redaction → review → approval → published; withdrawal, correction and expiry. Each step is
done by its role only, logged, and a leak blocks publication."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from sanxiang.core.errors import Invalid, NotAllowed, WrongState
from sanxiang.publication import actions, queries, removal
from sanxiang.publication.models import CorrectionState, Record, RecordState
from sanxiang.recordlog.models import Entry
from tests.fingerprint import database_fingerprint
from tests.publication.conftest import PERSON, PLANTED_ID


def test_a_person_s_decision_is_redacted_reviewed_approved_and_published(world, decided, clock):
    record = decided(parties=[{**PERSON, "address": "东湖县幸福路8号", "phone": "13812345678"}])
    assert PLANTED_ID in record.original_text and "幸福路8号" in record.original_text
    record = actions.submit(actor=world.user("officer"), record=record)
    assert record.state == RecordState.REDACTION
    assert {m["category"] for m in record.masks} >= {"known"}
    text = actions.leak_hits(record)
    assert text == []
    record = actions.review(actor=world.user("publisher"), record=record)
    assert record.state == RecordState.APPROVAL
    clock.shift(dt.timedelta(days=1))
    record = actions.approve(actor=world.user("head"), record=record)
    assert record.state == RecordState.PUBLISHED and record.on_time
    assert PLANTED_ID not in record.published_text and "幸福路" not in record.published_text
    assert record.published_digest == hashlib.sha256(record.published_text.encode()).hexdigest()
    entry = Entry.objects.get(kind="publication.published", subject_id=str(record.pk))
    assert entry.digest == record.published_digest  # the public log lookup by SHA-256 finds it
    kinds = list(
        Entry.objects.filter(subject_id=str(record.pk), kind__startswith="publication.")
        .order_by("seq")
        .values_list("kind", flat=True)
    )
    assert kinds == [
        "publication.created",
        "publication.document_number_filled",  # the 决定书 issued after the decision
        "publication.submitted",
        "publication.reviewed",
        "publication.published",
    ]


def test_a_removed_mask_is_caught_by_the_leak_scan_and_nothing_is_written(world, decided):
    record = decided(parties=[PERSON])
    record = actions.submit(actor=world.user("officer"), record=record)
    index = next(
        i for i, m in enumerate(record.masks) if PLANTED_ID in record.original_text[m["start"] : m["end"]]
    )
    record = actions.remove_mask(
        actor=world.user("publisher"), record=record, data={"index": index, "reason": "误判"}
    )
    before = database_fingerprint()
    with pytest.raises(Invalid) as refused:
        actions.review(actor=world.user("publisher"), record=record)
    assert refused.value.code == "publication_leak" and "身份证号码" in str(refused.value.message)
    assert database_fingerprint() == before
    record = actions.add_mask(
        actor=world.user("publisher"), record=record, data={"text": PLANTED_ID, "reason": "身份证号码"}
    )
    assert actions.review(actor=world.user("publisher"), record=record).state == RecordState.APPROVAL


def test_a_planted_id_in_free_text_is_masked_or_blocked(world, decided):
    record = decided(facts="经查，当事人员工李四（身份证 １１０１０５ 1949 1231-002X）在场。")
    actions.edit_draft(actor=world.user("officer"), record=record, data={"other_persons": "李四"})
    record = actions.submit(actor=world.user("officer"), record=Record.objects.get(pk=record.pk))
    masked = [record.original_text[m["start"] : m["end"]] for m in record.masks]
    assert "李四" in masked and any("002X" in piece for piece in masked)


def test_each_step_belongs_to_its_role(world, decided):
    record = decided()
    for who, step in [("publisher", actions.submit), ("other_head", actions.submit)]:
        with pytest.raises((NotAllowed, Exception)) as refused:
            step(actor=world.user(who), record=record)
        assert refused.value.code in {"publication_not_allowed", "publication_not_visible"}
    record = actions.submit(actor=world.user("officer"), record=record)
    with pytest.raises(NotAllowed):
        actions.review(actor=world.user("officer"), record=record)
    record = actions.review(actor=world.user("publisher"), record=record)
    with pytest.raises(NotAllowed):
        actions.approve(actor=world.user("publisher"), record=record)
    with pytest.raises(WrongState):
        actions.submit(actor=world.user("officer"), record=record)


def test_withdrawal_takes_the_item_off_the_portal_with_its_reason(world, published, clock):
    record = published()
    assert queries.public_items().filter(pk=record.pk).exists()
    with pytest.raises(Invalid):
        actions.withdraw(actor=world.user("publisher"), record=record, data={"ground": "revoked"})
    record = actions.withdraw(
        actor=world.user("publisher"),
        record=record,
        data={"ground": "revoked", "reason": "行政复议决定撤销原处罚决定", "ground_on": "2026-03-02"},
    )
    assert record.state == RecordState.WITHDRAWN and record.withdrawal_due == dt.date(2026, 3, 5)
    assert not queries.public_items().filter(pk=record.pk).exists()
    log = list(removal.takedown_log())
    assert log[0].withdrawal_reason == "行政复议决定撤销原处罚决定"


def test_a_correction_needs_evidence_and_contact_and_is_versioned(world, published):
    record = published()
    with pytest.raises(Invalid) as refused:
        actions.request_correction(record=record, data={"requester": "王某", "request": "名称错误"})
    assert refused.value.field in {"contact", "evidence"}
    correction = actions.request_correction(
        record=record,
        data={
            "requester": "王某",
            "contact": "wang@example.com",
            "request": "名称错误",
            "evidence": "营业执照",
        },
    )
    assert correction.tracking_number.startswith("GZ") and correction.due == dt.date(2026, 3, 9)
    corrected = record.published_text.replace("食品", "食用品")
    actions.handle_correction(
        actor=world.user("publisher"),
        correction=correction,
        data={"accept": "true", "response": "已更正", "text": corrected},
    )
    record.refresh_from_db()
    assert record.version == 2 and [v.number for v in record.versions.order_by("number")] == [1, 2]
    correction.refresh_from_db()
    assert correction.state == CorrectionState.ACCEPTED


def test_a_correction_that_adds_a_leak_is_refused(world, published):
    record = published()
    correction = actions.request_correction(
        record=record, data={"requester": "王某", "contact": "13900000000", "request": "x", "evidence": "y"}
    )
    with pytest.raises(Invalid) as refused:
        actions.handle_correction(
            actor=world.user("publisher"),
            correction=correction,
            data={"accept": "1", "response": "已更正", "text": f"当事人身份证{PLANTED_ID}"},
        )
    assert refused.value.code == "publication_leak"


def test_expiry_removes_the_item_from_public_view_but_keeps_it(world, published):
    record = published(fine="1000")  # lower-amount fine: 3 months, until 2 June 2026
    assert actions.expire_due(today=dt.date(2026, 6, 2)) == 0
    assert actions.expire_due(today=dt.date(2026, 6, 3)) == 1
    record.refresh_from_db()
    assert record.state == RecordState.EXPIRED and not queries.public_items().filter(pk=record.pk).exists()


def test_the_punished_person_s_name_is_masked_partly_when_the_policy_says_so(world, decided):
    from sanxiang.core.actions import record_policy_value

    record_policy_value(
        actor=world.user("admin"),
        key="publication.party_name_masking",
        scope=f"agency:{world.agency.pk}",
        value="partial",
        reason="测试",
    )
    record = decided(parties=[PERSON])
    record = actions.submit(actor=world.user("officer"), record=record)
    record = actions.review(actor=world.user("publisher"), record=record)
    record = actions.approve(actor=world.user("head"), record=record)
    assert "张三测" not in record.published_text and "当事人：张＊＊＊" in record.published_text
    assert record.party_name == "张＊＊＊"
    assert "张三测" not in record.search_text


def test_withholding_for_no_social_impact_needs_that_policy(world, decided):
    from sanxiang.core.actions import record_policy_value

    record = decided()
    with pytest.raises(Invalid) as refused:
        actions.withhold(
            actor=world.user("officer"), record=record, data={"ground": "no_social_impact", "note": "影响小"}
        )
    assert refused.value.code == "publication_scope"
    record_policy_value(
        actor=world.user("admin"),
        key="publication.scope",
        scope=f"agency:{world.agency.pk}",
        value="social_impact",
        reason="测试",
    )
    record = actions.withhold(
        actor=world.user("officer"), record=record, data={"ground": "no_social_impact", "note": "影响小"}
    )
    assert record.state == RecordState.WITHHELD and "第四十八条" in record.withheld_reason
    secret = decided()
    secret = actions.withhold(
        actor=world.user("officer"), record=secret, data={"ground": "commercial_secret", "note": "配方"}
    )
    assert "商业秘密" in secret.withheld_reason
