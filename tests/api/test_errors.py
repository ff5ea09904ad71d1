"""Every refusal has the same shape and a Chinese message (translations compiled by bootstrap)."""

from __future__ import annotations

import pytest

from tests.api import get, item_body, post

pytestmark = pytest.mark.django_db

SHAPE = {"code", "message", "field", "citation", "errors"}


def test_a_404_has_the_error_shape_in_chinese(client, world):
    body = get(client, "/catalog/agencies/999999").json()
    assert set(body) == SHAPE
    assert body == {
        "code": "not_found",
        "message": "未找到。",
        "field": None,
        "citation": None,
        "errors": [{"field": None, "code": "not_found", "message": "未找到。"}],
    }


def test_a_401_is_explained_in_chinese(client, world):
    body = get(client, "/accounts/me").json()
    assert set(body) == SHAPE
    assert body["code"] == "unauthenticated"
    assert "请先登录" in body["message"]


def test_a_validation_error_is_a_400_in_chinese(client_as, world):
    body = item_body()
    del body["name"]
    response = post(client_as("head"), f"/internal/agencies/{world.agency.pk}/items", body)
    assert response.status_code == 400
    payload = response.json()
    assert set(payload) == SHAPE
    assert payload["code"] == "invalid"
    assert payload["message"] == "请求无效，请查看各字段的错误说明。"
    assert payload["errors"] == [{"field": "name", "code": "required", "message": "此项为必填项。"}]


def test_a_domain_error_keeps_its_code_and_field(client_as, world):
    response = post(
        client_as("head"), f"/internal/agencies/{world.agency.pk}/items", item_body(code="X" * 51)
    )
    payload = response.json()
    assert response.status_code == 400
    assert set(payload) == SHAPE
    assert (payload["code"], payload["field"]) == ("too_long", "code")
