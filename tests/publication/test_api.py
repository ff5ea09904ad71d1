"""The open-data API answers the public with published items only; errors carry codes."""

from __future__ import annotations

import hashlib

from sanxiang.publication import actions


def test_the_open_data_api_lists_and_shows_published_items(world, published, decided, client):
    record = published()
    pending = decided()
    page = client.get("/api/v1/publication/items", {"q": "罚款"}).json()
    assert page["count"] == 1 and page["items"][0]["id"] == record.pk
    detail = client.get(f"/api/v1/publication/items/{record.pk}").json()
    assert hashlib.sha256(detail["text"].encode()).hexdigest() == detail["sha256"] == record.published_digest
    missing = client.get(f"/api/v1/publication/items/{pending.pk}")
    assert missing.status_code == 404 and missing.json()["code"] == "publication_not_visible"
    huge = client.get("/api/v1/publication/items", {"q": "处" * 20000})
    assert huge.status_code == 200 and huge.json()["count"] == 0
    # Paging bounds are declared in the OpenAPI schema and refused by name, not silently clamped.
    for bad in ({"limit": 100000}, {"offset": -5}):
        refused = client.get("/api/v1/publication/items", bad)
        assert refused.status_code == 400
        assert {e["field"] for e in refused.json()["errors"]} == set(bad)


def test_the_workbench_api_needs_a_person_and_shows_the_countdown(world, decided, client, client_as):
    record = decided()
    assert client.get("/api/v1/publication/records").status_code == 401
    rows = client_as("officer").get("/api/v1/publication/records").json()
    assert rows[0]["id"] == record.pk and rows[0]["days_left"] == 7 and rows[0]["due_rule"] == "A-14"
    assert client_as("other_head").get("/api/v1/publication/records").json() == []


def test_the_takedown_api_has_no_content(world, published, client):
    record = published()
    actions.withdraw(
        actor=world.user("head"),
        record=record,
        data={"ground": "void", "reason": "确认无效", "ground_on": "2026-03-02"},
    )
    rows = client.get("/api/v1/publication/takedowns").json()
    assert rows[0]["reason"] == "确认无效" and "text" not in rows[0]
