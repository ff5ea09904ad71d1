"""Query strings the public types: a superscript digit is a digit to ``str.isdigit`` but not to
``int``, so '²' as a page or an agency once answered 500. Every public search route answers it."""

from __future__ import annotations

import json

import pytest

from sanxiang.publication import queries

ROUTES = ("/publication/", "/publication/export.csv", "/api/v1/publication/items")


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("param", ["page", "agency"])
@pytest.mark.parametrize("value", ["²", "١٢", "①", "-1", "0x1", "9" * 40])
def test_odd_digits_are_ignored_not_a_crash(world, published, client, route, param, value):
    record = published()
    response = client.get(route, {param: value})
    assert response.status_code == 200, (route, param, value)
    if route.startswith("/api/"):
        body = json.dumps(response.json(), ensure_ascii=False)
    else:
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw.decode("utf-8-sig")
    if not value.isascii() or not value.isdecimal():
        # Not a number: ignored as if absent, so the one published item is still listed.
        assert record.document_number in body, (route, param, value)


def test_a_real_page_and_agency_still_count(world, published, client):
    record = published()
    assert queries.parse_search({"agency": str(world.agency.pk)}).agency == world.agency.pk
    assert queries.parse_search({"agency": "²"}).agency is None
    other = client.get("/publication/", {"agency": str(world.agency.pk + 1000)}).content.decode()
    assert record.document_number not in other
    assert record.document_number not in client.get("/publication/", {"page": "2"}).content.decode()


def test_the_api_bounds_the_offset_and_caps_the_count(world, published, client):
    published()
    page = client.get("/api/v1/publication/items").json()
    assert page["count"] == 1 and page["more"] is False
    far = client.get("/api/v1/publication/items", {"offset": 10_001})
    assert far.status_code == 400 and far.json()["code"] == "publication_offset"
    last = client.get("/api/v1/publication/items", {"offset": 10_000})
    assert last.status_code == 200 and last.json()["items"] == []
    bad = client.get("/api/v1/publication/items", {"limit": "²"})
    assert bad.status_code in {400, 422}


def test_the_api_count_stops_at_the_cap(world, published, client):
    """More matches than COUNT_CAP: the count says COUNT_CAP and "more", as the portal does. The
    extra items are copies of a published one, inserted directly (only the count is under test)."""
    from sanxiang.api.publication import COUNT_CAP
    from sanxiang.cases.models import Case
    from sanxiang.publication.models import Record

    record = published()
    cases = []
    for n in range(COUNT_CAP + 4):
        clone = Case.objects.get(pk=record.case_id)
        clone.pk, clone.number = None, f"COPY-{n}"
        cases.append(clone)
    created = Case.objects.bulk_create(cases)
    copies = []
    for case in created:
        copy = Record.objects.get(pk=record.pk)
        copy.pk, copy.case_id = None, case.pk
        copies.append(copy)
    Record.objects.bulk_create(copies)
    page = client.get("/api/v1/publication/items", {"limit": 5}).json()
    assert page["count"] == COUNT_CAP and page["more"] is True and len(page["items"]) == 5
    narrow = client.get("/api/v1/publication/items", {"agency": str(world.agency.pk + 1000)}).json()
    assert narrow == {"count": 0, "more": False, "items": []}
