"""Private data never leaks through the summary fields (issue 7 audit): the case title, basis and
penalty come from the case's data, so they are masked field by field at approval like the text, and
every public reader (item page, portal, CSV, Atom feed, open-data API, outbox) shows only that copy."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sanxiang.core.actions import record_policy_value
from sanxiang.documents.actions import issue_document
from sanxiang.publication import actions
from sanxiang.publication.models import OutboxMessage, Record
from tests.publication.conftest import DECISION_ENTERED, ORGANISATION, PERSON

PHONE = "18812345678"
LEAKY_TITLE = f"李四{PHONE}举报经营过期食品案"


@pytest.fixture
def titled(world: Any, open_case: Any, act: Any, settings: Any, tmp_path: Any) -> Any:
    """A penalty decided on a case with the given title (and detail in the penalty), its 决定书
    issued, submitted."""
    settings.BLOB_ROOT = tmp_path / "blobs"

    def make(title: str, parties: list[dict[str, Any]], detail: str = "") -> Record:
        case = open_case(
            title=title,
            parties=parties,
            facts="当事人经营超过保质期的食品。",
            legal_basis="《中华人民共和国食品安全法》第三十四条",
        )
        act(case, "file", who="head")
        act(case, "start_investigation")
        act(case, "close_investigation", kinds=["fine"], fine="1000")
        act(case, "serve_prior_notice")
        act(case, "waive_rights")
        act(case, "decide", who="head", kinds=["fine"], fine="1000", detail=detail)
        issue_document(actor=world.user("head"), case=case, kind="decision", entered=DECISION_ENTERED)
        record = Record.objects.get(case=case)
        return actions.submit(actor=world.user("officer"), record=record)

    return make


def _publish(world: Any, record: Record) -> Record:
    record = actions.review(actor=world.user("publisher"), record=record)
    return actions.approve(actor=world.user("head"), record=record)


def _everything_public(client: Any, record: Record) -> dict[str, str]:
    """What the public and the platforms get, by every route."""
    csv_body = b"".join(client.get("/publication/export.csv").streaming_content).decode("utf-8-sig")
    payloads = OutboxMessage.objects.filter(record=record).values_list("payload", flat=True)
    return {
        "item": client.get(f"/publication/item/{record.pk}/").content.decode(),
        "portal": client.get("/publication/").content.decode(),
        "csv": csv_body,
        "feed": client.get("/publication/feed.atom").content.decode(),
        "api list": json.dumps(client.get("/api/v1/publication/items").json(), ensure_ascii=False),
        "api item": json.dumps(
            client.get(f"/api/v1/publication/items/{record.pk}").json(), ensure_ascii=False
        ),
        "outbox": repr(list(payloads)),
    }


def test_a_phone_number_in_the_case_title_is_published_nowhere(world, titled, client):
    record = titled(LEAKY_TITLE, [ORGANISATION])
    # The title is part of the text the reviewer sees, masked there automatically.
    assert f"案由：{LEAKY_TITLE}" in record.original_text
    record = _publish(world, record)
    assert record.summary["violation"] == LEAKY_TITLE  # kept internally, as decided
    assert record.summary["public"]["violation"] == "李四＊＊＊举报经营过期食品案"
    pages = _everything_public(client, record)
    assert client.get(f"/publication/item/{record.pk}/").status_code == 200
    for route, body in pages.items():
        assert PHONE not in body, route
    # The redacted title is what they show instead.
    for route in ("item", "portal", "csv", "feed", "api list", "api item", "outbox"):
        assert "李四＊＊＊举报" in pages[route], route


def test_what_the_reviewer_masks_in_the_text_is_masked_in_the_summary_too(world, titled, client):
    record = titled(LEAKY_TITLE, [ORGANISATION], detail="没收李四的举报材料复印件")
    record = actions.add_mask(
        actor=world.user("publisher"), record=record, data={"text": "李四", "reason": "举报人姓名"}
    )
    record = _publish(world, record)
    assert record.summary["public"]["penalty"].endswith("没收＊＊＊的举报材料复印件")
    for route, body in _everything_public(client, record).items():
        assert "李四" not in body and PHONE not in body, route


def test_the_party_name_masking_policy_applies_to_the_title(world, titled, client):
    record_policy_value(
        actor=world.user("admin"),
        key="publication.party_name_masking",
        scope=f"agency:{world.agency.pk}",
        value="partial",
        reason="测试",
    )
    record = _publish(world, titled("张三测经营过期食品案", [PERSON]))
    assert record.party_name == "张＊＊＊"
    assert record.summary["public"]["violation"] == "张＊＊＊经营过期食品案"
    pages = _everything_public(client, record)
    for route, body in pages.items():
        assert "张三测" not in body and PERSON["id_number"] not in body, route
    assert "张＊＊＊经营过期食品案" in pages["item"] and "张＊＊＊经营过期食品案" in pages["csv"]


def test_without_masking_an_organisation_s_title_is_published_as_decided(world, titled, client):
    record = _publish(world, titled("东湖商行经营过期食品案", [ORGANISATION]))
    assert record.summary["public"]["violation"] == "东湖商行经营过期食品案"
    assert record.summary["public"]["basis"] == "《中华人民共和国食品安全法》第三十四条"
    assert "东湖商行经营过期食品案" in client.get(f"/publication/item/{record.pk}/").content.decode()
