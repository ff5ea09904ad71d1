"""The public catalog: no sign-in, only what the portal shows, never an officer's telephone or photo."""

from __future__ import annotations

import json

import pytest

from sanxiang.catalog import actions
from sanxiang.core import policy
from tests.api import PRIVATE_PHONE, get, make_benchmark, make_inspection_item, make_item

pytestmark = pytest.mark.django_db


def test_it_lists_regions(client, world):
    response = get(client, "/catalog/regions")
    assert response.status_code == 200
    rows = {row["code"]: row for row in response.json()}
    assert rows["330101"]["name"] == "东湖县"
    assert rows["330101"]["level"] == "county"
    assert rows["330101"]["parent_code"] == "330100"
    assert rows["330000"]["parent_code"] is None


def test_it_lists_agencies_filtered_by_region_and_paginated(client, world):
    everything = get(client, "/catalog/agencies").json()
    assert everything["count"] == 2

    county = get(client, "/catalog/agencies", data={"region": "330101"}).json()
    assert county["count"] == 1
    assert county["items"][0]["name"] == "东湖县市场监督管理局"
    assert county["items"][0]["region_code"] == "330101"

    city = get(client, "/catalog/agencies", data={"region": "330100", "limit": 1, "offset": 1}).json()
    assert city["count"] == 2
    assert len(city["items"]) == 1


def test_it_refuses_an_unknown_region_code(client, world):
    response = get(client, "/catalog/agencies", data={"region": "999999"})
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_region"
    assert response.json()["field"] == "region"


def test_it_shows_an_agency(client, world):
    response = get(client, f"/catalog/agencies/{world.agency.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "东湖县市场监督管理局"
    assert body["complaint_phone"] == "0571-12345"
    assert body["entrusted_by"] is None


def test_it_answers_404_for_a_missing_or_retired_agency(client, world):
    response = get(client, "/catalog/agencies/999999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert response.json()["message"]


def test_it_lists_officers_with_public_fields_only(client, world):
    response = get(client, f"/catalog/agencies/{world.agency.pk}/officers")
    assert response.status_code == 200
    rows = response.json()
    assert [row["name"] for row in rows] == sorted(o.name for o in world.officers)
    assert set(rows[0]) == {"name", "post", "certificate_number", "categories", "status", "status_label"}
    assert {row["certificate_number"] for row in rows} == {c.number for c in world.certificates}
    assert rows[0]["status"] == "valid"
    assert PRIVATE_PHONE not in response.content.decode()
    assert "photo" not in response.content.decode()


def test_it_shows_the_effective_status_today(client, world):
    cert = world.certificates[0]
    actions.suspend_certificate(actor=world.user("county_admin"), certificate=cert, reason="涉嫌违法违纪")
    rows = get(client, f"/catalog/agencies/{world.agency.pk}/officers").json()
    row = next(r for r in rows if r["certificate_number"] == cert.number)
    assert row["status"] == "suspended"
    assert row["status_label"]


def test_it_lists_and_shows_items(client, world):
    item = make_item(world.agency)
    rows = get(client, f"/catalog/agencies/{world.agency.pk}/items").json()
    assert [row["code"] for row in rows] == ["ITEM-a", "XK-001"]  # not agency B's ITEM-b

    detail = get(client, f"/catalog/agencies/{world.agency.pk}/items/{item.pk}")
    assert detail.status_code == 200
    assert detail.json()["conditions"] == "有与经营的食品品种相适应的场所"
    assert detail.json()["bases"] == []


def test_it_hides_an_item_under_another_agency_or_retired(client, world):
    item = world.items["item_a"]
    assert get(client, f"/catalog/agencies/{world.other_agency.pk}/items/{item.pk}").status_code == 404
    actions.retire_item(actor=world.user("head"), item=item, reason="事项取消")
    assert get(client, f"/catalog/agencies/{world.agency.pk}/items/{item.pk}").status_code == 404
    assert get(client, f"/catalog/agencies/{world.agency.pk}/items").json() == []


def test_it_lists_benchmarks_with_grades(client, world):
    make_benchmark(world.agency, world.items["item_a"])
    rows = get(client, f"/catalog/agencies/{world.agency.pk}/benchmarks").json()
    assert [row["code"] for row in rows] == ["BM-a", "CF-001"]
    mine = rows[1]
    assert mine["item_id"] == world.items["item_a"].pk
    assert [g["grade"] for g in mine["grades"]] == ["lighter", "serious"]
    assert mine["grades"][0]["fine_min"] == "5000.00"
    assert mine["grades"][0]["grade_label"]


def test_it_lists_inspection_items(client, world):
    make_inspection_item(world.agency)
    rows = get(client, f"/catalog/agencies/{world.agency.pk}/inspection-items").json()
    assert [row["code"] for row in rows] == ["CC-001", "INS-a"]
    assert rows[0]["ratio"] == "5%"


def test_it_lists_public_changes_without_internal_lines_or_actors(client, world):
    officer = world.officers[0]
    actions.update_officer(
        actor=world.user("county_admin"), officer=officer, data={"phone": "13900000000"}, reason="电话变更"
    )
    make_item(world.agency)
    response = get(client, f"/catalog/agencies/{world.agency.pk}/changes", data={"limit": 100})
    body = response.json()
    assert response.status_code == 200
    assert body["count"] >= 2
    assert body["items"][0]["summary"].startswith("XK-001")
    reasons = [row["reason"] for row in body["items"]]
    assert "电话变更" not in reasons  # a change of the telephone alone is internal
    text = response.content.decode()
    assert "13900000000" not in text and PRIVATE_PHONE not in text
    assert "actor" not in body["items"][0]


def test_it_verifies_a_certificate_by_number(client, world):
    cert = world.certificates[1]
    response = get(client, "/catalog/certificates/verify", data={"number": cert.number})
    assert response.status_code == 200
    body = response.json()
    assert body["number"] == cert.number
    assert body["officer_name"] == cert.officer.name
    assert body["agency"] == {"id": world.agency.pk, "name": world.agency.name}
    assert body["status"] == "valid"
    assert PRIVATE_PHONE not in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")


def test_it_answers_404_for_an_unknown_certificate(client, world):
    response = get(client, "/catalog/certificates/verify", data={"number": "000000000000"})
    assert response.status_code == 404
    assert response.json()["code"] == "certificate_not_found"


def test_it_requires_a_number(client, world):
    response = get(client, "/catalog/certificates/verify")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"] == [
        {"field": "number", "code": "required", "message": body["errors"][0]["message"]}
    ]


def test_it_rate_limits_certificate_lookups_per_policy(client, world):
    actions.set_policy(
        actor=world.user("county_admin"),
        key="catalog.certificate_lookups_per_minute",
        target=world.agency,
        value=2,
        reason="防止批量查询",
    )
    number = world.certificates[0].number
    statuses = [
        get(client, "/catalog/certificates/verify", data={"number": number}).status_code for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    response = get(client, "/catalog/certificates/verify", data={"number": number})
    assert response.json()["code"] == "rate_limited"
    assert "catalog.certificate_lookups_per_minute" in response.json()["citation"]
    assert policy.value("catalog.certificate_lookups_per_minute", world.agency.policy_scopes()) == 2


def test_it_counts_misses_against_the_default_limit(client, world):
    limit = policy.value("catalog.certificate_lookups_per_minute")
    statuses = [
        get(client, "/catalog/certificates/verify", data={"number": f"9{i:011d}"}).status_code
        for i in range(limit + 1)
    ]
    assert statuses == [404] * limit + [429]


def test_public_endpoints_leak_no_private_field(client, world):
    make_item(world.agency)
    make_benchmark(world.agency)
    make_inspection_item(world.agency)
    paths = [
        "/catalog/regions",
        "/catalog/agencies",
        f"/catalog/agencies/{world.agency.pk}",
        f"/catalog/agencies/{world.agency.pk}/officers",
        f"/catalog/agencies/{world.agency.pk}/items",
        f"/catalog/agencies/{world.agency.pk}/benchmarks",
        f"/catalog/agencies/{world.agency.pk}/inspection-items",
        f"/catalog/agencies/{world.agency.pk}/changes",
    ]
    for path in paths:
        response = get(client, path)
        assert response.status_code == 200, path
        text = json.dumps(response.json(), ensure_ascii=False)
        assert PRIVATE_PHONE not in text, path
        assert "photo" not in text, path
