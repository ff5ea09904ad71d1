"""Corrections change the public summary too and keep the earlier texts public; expiry is pushed
like a withdrawal; the on-time rate counts the items overdue and still unpublished (issue 7 audit)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sanxiang.publication import actions, queries
from sanxiang.publication.models import OutboxMessage, Record


def _correct(world: Any, record: Record, text: str) -> Record:
    correction = actions.request_correction(
        record=record,
        data={"requester": "王某", "contact": "wang@example.com", "request": "名称错误", "evidence": "执照"},
    )
    actions.handle_correction(
        actor=world.user("publisher"),
        correction=correction,
        data={"accept": "true", "response": "已更正", "text": text},
    )
    record.refresh_from_db()
    return record


def test_a_correction_changes_the_summary_fields_its_text_changes(world, published, client):
    record = published()
    first = record.published_text
    assert "当事人：东湖某某食品有限公司" in first
    corrected = re.sub(r"当事人：.*", "当事人：东湖更正商行", first)
    corrected = re.sub(r"案由：.*", "案由：经营标签不合格食品案", corrected)
    corrected = re.sub(r"处罚内容：.*", "处罚内容：警告", corrected)
    record = _correct(world, record, corrected)
    public = queries.public_summary(record)
    assert (public["party"], public["violation"], public["penalty"]) == (
        "东湖更正商行",
        "经营标签不合格食品案",
        "警告",
    )
    assert record.party_name == "东湖更正商行" and public["basis"] == record.summary["basis"]
    page = client.get(f"/publication/item/{record.pk}/").content.decode()
    assert (
        "经营标签不合格食品案" in page
        and "东湖更正商行" in page
        and "经营过期食品案" not in page.split('id="history"')[0]
    )
    # The public history shows the earlier version's text, not only its digest.
    history = page.split('id="history"')[1]
    assert "经营过期食品案" in history and "罚款人民币1000.00元" in history
    # The portal, the CSV and the API read the corrected summary.
    assert "经营标签不合格食品案" in client.get("/publication/").content.decode()
    item = client.get(f"/api/v1/publication/items/{record.pk}").json()
    assert (item["party"], item["violation"], item["penalty"]) == (
        "东湖更正商行",
        "经营标签不合格食品案",
        "警告",
    )


def test_a_correction_is_pushed_with_its_new_version(world, published):
    record = published()
    record = _correct(world, record, record.published_text.replace("食品", "食用品"))
    message = OutboxMessage.objects.get(record=record, event="corrected")
    assert message.idempotency_key.endswith("-corrected-v2")
    assert message.payload["version"] == 2 and message.payload["sha256"] == record.published_digest
    assert message.payload["text"] == record.published_text
    assert message.payload["summary"] == queries.public_summary(record)


def test_expiry_is_pushed_without_the_content(world, published):
    record = published(fine="1000")  # 3 months, until 2 June 2026
    assert actions.expire_due(today=dt.date(2026, 6, 3)) == 1
    message = OutboxMessage.objects.get(record=record, event="expired")
    assert message.payload["public_until"] == "2026-06-02"
    assert "text" not in message.payload and "summary" not in message.payload
    assert actions.expire_due(today=dt.date(2026, 6, 4)) == 0
    assert OutboxMessage.objects.filter(record=record, event="expired").count() == 1


def test_overdue_unpublished_items_count_against_the_on_time_rate(
    world, published, decided, client_as, clock
):
    published()  # on time
    late = decided()
    assert late.due == dt.date(2026, 3, 11)
    head = world.user("head")
    (before,) = queries.on_time_rates(head, today=dt.date(2026, 3, 11))
    assert (before.published, before.overdue, before.percent) == (1, 0, "100.0%")
    (after,) = queries.on_time_rates(head, today=dt.date(2026, 3, 12))
    assert (after.published, after.on_time, after.overdue, after.percent) == (1, 1, 1, "50.0%")
    clock.shift(dt.timedelta(days=10))
    page = client_as("head").get("/publication/workbench/").content.decode()
    rates = page.split('id="rates"')[1]
    assert '<td class="late-unpublished">1</td>' in rates and "50.0%" in rates
