"""Internal catalog endpoints for signed-in users: scoped reads, writes through the actions, coded
refusals, and nothing written when a request is refused."""

from __future__ import annotations

import pytest
from django.test import Client

from sanxiang.catalog import actions
from sanxiang.catalog.models import (
    CatalogChange,
    Certificate,
    CertificateEvent,
    DiscretionBenchmark,
    EnforcementItem,
)
from tests.api import PRIVATE_PHONE, get, item_body, patch, post

pytestmark = pytest.mark.django_db


def test_anonymous_callers_get_401(client, world):
    for response in [
        get(client, "/internal/agencies"),
        get(client, "/accounts/me"),
        post(client, f"/internal/agencies/{world.agency.pk}/items", item_body()),
    ]:
        assert response.status_code == 401
        assert response.json()["code"] == "unauthenticated"
        assert response.json()["message"]
    assert not EnforcementItem.objects.filter(code="XK-100").exists()


def test_me_describes_a_signed_in_user(client_as, world):
    body = get(client_as("head"), "/accounts/me").json()
    assert body["kind"] == "user"
    assert body["username"] == "head"
    assert body["role"] == "head"
    assert body["agency"] == {"id": world.agency.pk, "name": world.agency.name}
    assert body["scopes"] == []


def test_internal_agencies_are_scoped(client_as, world):
    assert [a["id"] for a in get(client_as("head"), "/internal/agencies").json()["items"]] == [
        world.agency.pk
    ]
    assert [a["id"] for a in get(client_as("supervisor"), "/internal/agencies").json()["items"]] == [
        world.agency.pk
    ]
    everything = get(client_as("admin"), "/internal/agencies").json()
    assert everything["count"] == 2


def test_internal_officers_have_internal_fields(client_as, world):
    response = get(client_as("head"), f"/internal/agencies/{world.agency.pk}/officers")
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 3
    assert rows[0]["phone"] == PRIVATE_PHONE
    assert rows[0]["certificates"][0]["status"] == "active"
    assert rows[0]["certificates"][0]["effective_status"] == "valid"


def test_internal_officers_of_another_agency_are_not_found(client_as, world):
    response = get(client_as("head"), f"/internal/agencies/{world.other_agency.pk}/officers")
    assert response.status_code == 404
    assert PRIVATE_PHONE not in response.content.decode()


def test_a_head_adds_changes_and_retires_an_item(client_as, world):
    client = client_as("head")
    response = post(client, f"/internal/agencies/{world.agency.pk}/items", item_body(conditions="无"))
    assert response.status_code == 201
    body = response.json()
    assert body["code"] == "XK-100"
    assert body["retired_at"] is None
    item = EnforcementItem.objects.get(pk=body["id"])
    assert item.conditions == "无"

    changed = patch(client, f"/internal/items/{item.pk}", {"reason": "名称规范", "name": "小餐饮经营登记"})
    assert changed.status_code == 200
    assert changed.json()["name"] == "小餐饮经营登记"
    assert changed.json()["basis_text"] == item.basis_text
    item.refresh_from_db()
    assert item.name == "小餐饮经营登记"

    retired = post(client, f"/internal/items/{item.pk}/retire", {"reason": "事项取消"})
    assert retired.status_code == 200
    assert retired.json()["retired_at"] is not None
    kinds = list(
        CatalogChange.objects.filter(subject_id=item.pk, subject_type="enforcementitem")
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds == ["created", "changed", "removed"]
    assert CatalogChange.objects.filter(subject_id=item.pk, actor=world.user("head")).count() == 3

    again = post(client, f"/internal/items/{item.pk}/retire", {"reason": "再次取消"})
    assert again.status_code == 409
    assert again.json()["code"] == "retired"
    edit_retired = patch(client, f"/internal/items/{item.pk}", {"reason": "改", "name": "再改"})
    assert edit_retired.status_code == 409


def test_a_head_links_legal_bases(client_as, world):
    basis = actions.save_legal_basis(
        actor=world.user("admin"),
        reason="测试",
        data={
            "title": "中华人民共和国食品安全法",
            "kind": "law",
            "issuing_body": "全国人民代表大会常务委员会",
        },
    )
    client = client_as("head")
    response = post(client, f"/internal/agencies/{world.agency.pk}/items", item_body(basis_ids=[basis.pk]))
    assert response.status_code == 201
    assert [b["id"] for b in response.json()["bases"]] == [basis.pk]
    unknown = post(
        client, f"/internal/agencies/{world.agency.pk}/items", item_body(code="XK-101", basis_ids=[99999])
    )
    assert unknown.status_code == 400
    assert unknown.json()["code"] == "unknown_legal_basis"
    assert not EnforcementItem.objects.filter(code="XK-101").exists()


def test_an_officer_may_not_change_lists(client_as, world):
    response = post(client_as("officer"), f"/internal/agencies/{world.agency.pk}/items", item_body())
    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"
    assert not EnforcementItem.objects.filter(code="XK-100").exists()


def test_a_head_gets_404_for_another_agencys_objects(client_as, world):
    client = client_as("head")
    other_item = world.items["item_b"]
    assert post(client, f"/internal/agencies/{world.other_agency.pk}/items", item_body()).status_code == 404
    assert patch(client, f"/internal/items/{other_item.pk}", {"reason": "x", "name": "y"}).status_code == 404
    assert (
        post(
            client, f"/internal/certificates/{world.other_certificate.pk}/revoke", {"reason": "x"}
        ).status_code
        == 404
    )
    other_item.refresh_from_db()
    assert other_item.name == "对经营过期食品的处罚b"


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"name": None}, "name", "required"),
        ({"name": "   "}, "name", "required"),
        ({"code": "X" * 51}, "code", "too_long"),
        ({"name": "<script>alert(1)</script>"}, "name", "markup_not_allowed"),
        ({"category": "nonsense"}, "category", "choice_invalid"),
        ({"reason": ""}, "reason", "required"),
        ({"name": 12}, "name", "wrong_type"),
    ],
)
def test_bad_input_is_refused_with_code_and_field_and_nothing_is_written(
    client_as, world, overrides, field, code
):
    body = item_body(**overrides)
    if overrides.get("name", "") is None:
        del body["name"]
    changes_before = CatalogChange.objects.count()
    response = post(client_as("head"), f"/internal/agencies/{world.agency.pk}/items", body)
    assert response.status_code == 400
    payload = response.json()
    assert payload["field"] == field
    assert payload["message"]
    assert any(e["field"] == field and e["code"] == code for e in payload["errors"]), payload
    assert not EnforcementItem.objects.filter(code__in=["XK-100", "X" * 51]).exists()
    assert CatalogChange.objects.count() == changes_before


def test_a_duplicate_code_is_refused(client_as, world):
    response = post(
        client_as("head"), f"/internal/agencies/{world.agency.pk}/items", item_body(code="ITEM-a")
    )
    assert response.status_code == 400
    assert response.json()["code"] == "code_taken"
    assert response.json()["field"] == "code"


def test_malformed_json_is_a_400(client_as, world):
    response = client_as("head").post(
        f"/api/v1/internal/agencies/{world.agency.pk}/items",
        data="{not json",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_a_head_adds_a_benchmark_with_grades(client_as, world):
    body = {
        "reason": "新增裁量基准",
        "code": "BM-100",
        "violation": "未按规定公示许可证",
        "item_id": world.items["item_a"].pk,
        "violated_provision": "第三十五条",
        "penalty_provision": "第一百二十六条",
        "grades": [
            {"grade": "lighter", "circumstances": "首次", "penalty": "警告", "warning": True},
            {
                "grade": "general",
                "circumstances": "再次",
                "penalty": "罚款",
                "fine_min": "5000",
                "fine_max": "20000",
            },
        ],
    }
    response = post(client_as("head"), f"/internal/agencies/{world.agency.pk}/benchmarks", body)
    assert response.status_code == 201
    payload = response.json()
    assert payload["item_id"] == world.items["item_a"].pk
    assert [g["grade"] for g in payload["grades"]] == ["lighter", "general"]
    assert payload["grades"][1]["fine_max"] == "20000.00"


def test_a_benchmark_with_a_reversed_fine_range_is_refused(client_as, world):
    body = {
        "reason": "新增",
        "code": "BM-101",
        "violation": "违法行为",
        "violated_provision": "第一条",
        "penalty_provision": "第二条",
        "grades": [
            {
                "grade": "general",
                "circumstances": "一般",
                "penalty": "罚款",
                "fine_min": "9000",
                "fine_max": "100",
            }
        ],
    }
    response = post(client_as("head"), f"/internal/agencies/{world.agency.pk}/benchmarks", body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "grades[0].fine_max"
    assert response.json()["errors"][0]["code"] == "fine_range_reversed"
    assert not DiscretionBenchmark.objects.filter(code="BM-101").exists()


def test_a_benchmark_cannot_cite_another_agencys_item(client_as, world):
    body = {
        "reason": "新增",
        "code": "BM-102",
        "violation": "违法行为",
        "violated_provision": "第一条",
        "penalty_provision": "第二条",
        "item_id": world.items["item_b"].pk,
        "grades": [{"grade": "general", "circumstances": "一般", "penalty": "罚款"}],
    }
    response = post(client_as("head"), f"/internal/agencies/{world.agency.pk}/benchmarks", body)
    assert response.status_code == 404
    assert not DiscretionBenchmark.objects.filter(code="BM-102").exists()


def test_an_administrator_suspends_reinstates_and_revokes_a_certificate(client_as, world):
    client = client_as("county_admin")
    cert = world.certificates[0]
    suspended = post(client, f"/internal/certificates/{cert.pk}/suspend", {"reason": "涉嫌违纪"})
    assert suspended.status_code == 200
    assert suspended.json()["status"] == "suspended"
    reinstated = post(client, f"/internal/certificates/{cert.pk}/reinstate", {"reason": "调查结束"})
    assert reinstated.json()["status"] == "active"
    revoked = post(client, f"/internal/certificates/{cert.pk}/revoke", {"reason": "调离执法岗位"})
    assert revoked.json()["status"] == "revoked"
    assert list(CertificateEvent.objects.filter(certificate=cert).values_list("kind", flat=True)) == [
        "issued",
        "suspended",
        "reinstated",
        "revoked",
    ]


def test_revoking_a_revoked_certificate_is_a_409_and_changes_nothing(client_as, world):
    client = client_as("county_admin")
    cert = world.certificates[0]
    post(client, f"/internal/certificates/{cert.pk}/revoke", {"reason": "调离执法岗位"})
    events = CertificateEvent.objects.count()
    response = post(client, f"/internal/certificates/{cert.pk}/revoke", {"reason": "再次吊销"})
    assert response.status_code == 409
    assert response.json()["code"] == "certificate_wrong_state"
    assert response.json()["errors"][0]["field"] == "status"
    assert CertificateEvent.objects.count() == events


def test_a_head_may_not_act_on_certificates(client_as, world):
    cert = world.certificates[0]
    response = post(client_as("head"), f"/internal/certificates/{cert.pk}/suspend", {"reason": "调查"})
    assert response.status_code == 403
    assert Certificate.objects.get(pk=cert.pk).status == "active"


def test_session_writes_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("head"), backend="django.contrib.auth.backends.ModelBackend")
    refused = post(client, f"/internal/agencies/{world.agency.pk}/items", item_body())
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"
    assert not EnforcementItem.objects.filter(code="XK-100").exists()

    client.get("/api/v1/accounts/me")  # reads need no token
    from django.middleware.csrf import _get_new_csrf_string

    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token
    accepted = post(
        client, f"/internal/agencies/{world.agency.pk}/items", item_body(), HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 201
