"""Scope and rights: a list entry of another agency is not there (404); one the user can see but may
not change is refused (403), and nothing changes."""

import pytest

from sanxiang.catalog.models import CatalogChange, EnforcementItem, Officer


def _snapshot():
    return (CatalogChange.objects.count(), Officer.objects.count(), EnforcementItem.objects.count())


def test_the_head_edits_items_of_the_own_agency(world, client_as):
    item = world.items["item_a"]
    response = client_as("head").post(
        f"/manage/item/{item.pk}/edit/",
        {
            "code": item.code,
            "name": "对经营超过保质期食品的处罚",
            "category": "penalty",
            "basis_text": item.basis_text,
            "reason": "名称规范",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.name == "对经营超过保质期食品的处罚"


@pytest.mark.parametrize(
    "url",
    [
        "/manage/agency/{agency_b}/",
        "/manage/item/{item_b}/edit/",
        "/manage/agency/{agency_b}/items/new/",
        "/manage/benchmark/{benchmark_b}/edit/",
        "/manage/inspection-item/{inspection_b}/retire/",
        "/manage/agency/{agency_b}/export/officers.xlsx",
        "/manage/agency/{agency_b}/import/items/",
        "/manage/agency/{agency_b}/policies/",
        "/manage/certificate/{cert_b}/",
    ],
)
def test_the_head_does_not_see_agency_b(world, client_as, url):
    url = url.format(
        agency_b=world.other_agency.pk,
        item_b=world.items["item_b"].pk,
        benchmark_b=world.items["benchmark_b"].pk,
        inspection_b=world.items["inspection_b"].pk,
        cert_b=world.other_certificate.pk,
    )
    client = client_as("head")
    before = _snapshot()
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "越权", "name": "x"}).status_code == 404
    assert _snapshot() == before


@pytest.mark.parametrize(
    "url",
    [
        "/manage/agency/{agency}/officers/new/",
        "/manage/officer/{officer}/edit/",
        "/manage/officer/{officer}/certificates/new/",
        "/manage/agency/{agency}/import/officers/",
    ],
)
def test_the_head_may_not_manage_officers(world, client_as, url):
    url = url.format(agency=world.agency.pk, officer=world.officers[0].pk)
    client = client_as("head")
    before = _snapshot()
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "冒名测", "reason": "越权"}).status_code == 403
    assert _snapshot() == before


def test_the_head_may_not_retire_an_officer_or_act_on_a_certificate(world, client_as):
    client = client_as("head")
    cert = world.certificates[0]
    before = _snapshot()
    assert (
        client.post(f"/manage/officer/{world.officers[0].pk}/retire/", {"reason": "越权"}).status_code == 403
    )
    assert client.post(f"/manage/certificate/{cert.pk}/revoke/", {"reason": "越权"}).status_code == 403
    cert.refresh_from_db()
    assert cert.status == "active"
    assert _snapshot() == before


def test_the_supervisor_reads_but_changes_nothing(world, client_as):
    client = client_as("supervisor")
    agency, item = world.agency, world.items["item_a"]
    assert client.get(f"/manage/agency/{agency.pk}/").status_code == 200
    assert client.get(f"/manage/officer/{world.officers[0].pk}/").status_code == 200
    assert client.get(f"/manage/certificate/{world.certificates[0].pk}/").status_code == 200
    assert client.get(f"/manage/agency/{agency.pk}/policies/").status_code == 200
    assert client.get(f"/manage/agency/{agency.pk}/export/items.xlsx").status_code == 200
    before = _snapshot()
    refused = [
        client.post(
            f"/manage/agency/{agency.pk}/items/new/",
            {"code": "X-1", "name": "x", "category": "penalty", "basis_text": "x", "reason": "越权"},
        ),
        client.post(f"/manage/item/{item.pk}/edit/", {"name": "改名", "reason": "越权"}),
        client.post(f"/manage/item/{item.pk}/retire/", {"reason": "越权"}),
        client.post(f"/manage/agency/{agency.pk}/officers/new/", {"name": "冒名测", "reason": "越权"}),
        client.post(f"/manage/certificate/{world.certificates[0].pk}/suspend/", {"reason": "越权"}),
        client.post(f"/manage/agency/{agency.pk}/edit/", {"name": "改名", "reason": "越权"}),
        client.post(
            f"/manage/agency/{agency.pk}/policies/",
            {"key": "catalog.certificate_validity_years", "value": "3", "reason": "越权"},
        ),
        client.post("/manage/agency/new/", {"name": "新机构", "reason": "越权"}),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused)
    item.refresh_from_db()
    assert item.name != "改名" and item.retired_at is None
    assert _snapshot() == before


def test_pages_need_a_signed_in_user(world, client):
    response = client.get(f"/manage/agency/{world.agency.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
