"""API tokens: issued by an administrator through the session, act for their agency within their
scopes, and stop working the moment they are revoked."""

from __future__ import annotations

import pytest

from sanxiang.accounts.models import ApiToken
from sanxiang.catalog.models import CatalogChange, EnforcementItem
from tests.api import bearer, get, issue_token, item_body, patch, post

pytestmark = pytest.mark.django_db


def test_it_issues_uses_and_revokes_a_token(client_as, world):
    client = client_as("county_admin")
    response = post(
        client,
        "/accounts/tokens",
        {"agency_id": world.agency.pk, "name": "省统一平台", "scopes": ["catalog:read"]},
    )
    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    secret = body["secret"]
    assert secret.startswith("sx_")
    assert body["agency"] == {"id": world.agency.pk, "name": world.agency.name}
    assert body["scopes"] == ["catalog:read"]
    token = ApiToken.objects.get(pk=body["id"])
    assert secret not in (token.digest, token.prefix)

    listed = get(client, "/accounts/tokens").json()
    assert [row["id"] for row in listed] == [token.pk]
    assert "secret" not in listed[0]

    client.logout()
    me = get(client, "/accounts/me", **bearer(secret))
    assert me.status_code == 200
    assert me.json()["kind"] == "token"
    assert me.json()["scopes"] == ["catalog:read"]
    assert me.json()["agency"]["id"] == world.agency.pk
    agencies = get(client, "/internal/agencies", **bearer(secret)).json()
    assert [row["id"] for row in agencies["items"]] == [world.agency.pk]
    token.refresh_from_db()
    assert token.last_used_at is not None

    client = client_as("county_admin")
    revoked = post(client, f"/accounts/tokens/{token.pk}/revoke", {})
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    again = post(client, f"/accounts/tokens/{token.pk}/revoke", {})
    assert again.status_code == 409
    assert again.json()["code"] == "token_revoked"

    client.logout()
    refused = get(client, "/internal/agencies", **bearer(secret))
    assert refused.status_code == 401
    assert refused.json()["code"] == "unauthenticated"
    assert get(client, "/accounts/me", **bearer(secret)).status_code == 401


def test_a_revoked_token_does_not_fall_back_to_the_session(client_as, world):
    client = client_as("county_admin")
    secret = issue_token(world, ["catalog:read"])
    post(client, f"/accounts/tokens/{ApiToken.objects.get().pk}/revoke", {})
    assert get(client, "/accounts/me", **bearer(secret)).status_code == 401
    assert get(client, "/accounts/me").json()["kind"] == "user"


def test_it_refuses_an_unknown_token(client, world):
    response = get(client, "/internal/agencies", **bearer("sx_not-a-real-token"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_it_refuses_unknown_scopes_and_writes_nothing(client_as, world):
    response = post(
        client_as("county_admin"),
        "/accounts/tokens",
        {"agency_id": world.agency.pk, "name": "x", "scopes": ["everything"]},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "token_scopes"
    assert response.json()["field"] == "scopes"
    assert not ApiToken.objects.exists()


def test_only_administrators_manage_tokens(client_as, world):
    client = client_as("head")
    response = post(
        client, "/accounts/tokens", {"agency_id": world.agency.pk, "name": "x", "scopes": ["catalog:read"]}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"
    assert get(client, "/accounts/tokens").status_code == 403
    assert not ApiToken.objects.exists()


def test_an_administrator_cannot_issue_or_see_tokens_outside_its_region(client_as, world):
    other_secret = issue_token(world, ["catalog:read"], agency=world.other_agency)
    other = ApiToken.objects.get()
    client = client_as("county_admin")
    response = post(
        client,
        "/accounts/tokens",
        {"agency_id": world.other_agency.pk, "name": "x", "scopes": ["catalog:read"]},
    )
    assert response.status_code == 404
    assert get(client, "/accounts/tokens").json() == []
    assert post(client, f"/accounts/tokens/{other.pk}/revoke", {}).status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None
    assert get(client, "/accounts/me", **bearer(other_secret)).status_code == 200


def test_a_token_cannot_manage_tokens(client, world):
    secret = issue_token(world, ["catalog:read", "catalog:write"])
    assert get(client, "/accounts/tokens", **bearer(secret)).status_code == 401
    response = post(
        client,
        "/accounts/tokens",
        {"agency_id": world.agency.pk, "name": "x", "scopes": ["catalog:read"]},
        **bearer(secret),
    )
    assert response.status_code == 401
    assert ApiToken.objects.count() == 1


def test_a_read_token_cannot_write_and_nothing_changes(client, world):
    secret = issue_token(world, ["catalog:read"])
    item = world.items["item_a"]
    items_before = list(EnforcementItem.objects.values_list("pk", "name", "retired_at"))
    changes_before = CatalogChange.objects.count()

    created = post(client, f"/internal/agencies/{world.agency.pk}/items", item_body(), **bearer(secret))
    assert created.status_code == 403
    assert created.json()["code"] == "token_scope"
    changed = patch(
        client, f"/internal/items/{item.pk}", {"reason": "改名", "name": "新名称"}, **bearer(secret)
    )
    assert changed.status_code == 403
    retired = post(client, f"/internal/items/{item.pk}/retire", {"reason": "取消"}, **bearer(secret))
    assert retired.status_code == 403

    assert list(EnforcementItem.objects.values_list("pk", "name", "retired_at")) == items_before
    assert CatalogChange.objects.count() == changes_before


def test_a_write_token_changes_its_agency_lists(client, world):
    secret = issue_token(world, ["catalog:read", "catalog:write"])
    response = post(client, f"/internal/agencies/{world.agency.pk}/items", item_body(), **bearer(secret))
    assert response.status_code == 201
    item = EnforcementItem.objects.get(pk=response.json()["id"])
    assert item.agency == world.agency
    change = CatalogChange.objects.filter(subject_id=item.pk, subject_type="enforcementitem").get()
    assert change.reason == "年度清单调整"
    assert change.actor is None  # no person stands behind a token


def test_a_token_of_agency_a_sees_nothing_of_agency_b(client, world):
    secret = issue_token(world, ["catalog:read", "catalog:write"])
    other_item = world.items["item_b"]
    other = world.other_agency
    assert get(client, f"/internal/agencies/{other.pk}/officers", **bearer(secret)).status_code == 404
    assert get(client, f"/internal/items/{other_item.pk}", **bearer(secret)).status_code == 404
    created = post(client, f"/internal/agencies/{other.pk}/items", item_body(), **bearer(secret))
    assert created.status_code == 404
    assert created.json()["code"] == "not_found"
    changed = patch(
        client, f"/internal/items/{other_item.pk}", {"reason": "改名", "name": "新名称"}, **bearer(secret)
    )
    assert changed.status_code == 404
    assert (
        post(
            client, f"/internal/items/{other_item.pk}/retire", {"reason": "取消"}, **bearer(secret)
        ).status_code
        == 404
    )
    other_item.refresh_from_db()
    assert other_item.name == "对经营过期食品的处罚b"
    assert other_item.retired_at is None
    assert not EnforcementItem.objects.filter(agency=other, code="XK-100").exists()


def test_a_token_cannot_act_on_certificates(client, world):
    secret = issue_token(world, ["catalog:read", "catalog:write"])
    cert = world.certificates[0]
    response = post(client, f"/internal/certificates/{cert.pk}/suspend", {"reason": "调查"}, **bearer(secret))
    assert response.status_code == 403
    assert response.json()["code"] == "token_scope"
    cert.refresh_from_db()
    assert cert.status == "active"


def test_a_write_scope_includes_reading(client, world):
    secret = issue_token(world, ["catalog:write"])
    response = get(client, f"/internal/agencies/{world.agency.pk}/officers", **bearer(secret))
    assert response.status_code == 200


def test_a_token_without_the_read_scope_cannot_read_internal_fields(client, world):
    secret = issue_token(world, ["catalog:read"])
    ApiToken.objects.update(scopes=[])  # a row without scopes (the action refuses to issue one)
    response = get(client, f"/internal/agencies/{world.agency.pk}/officers", **bearer(secret))
    assert response.status_code == 403
    assert response.json()["code"] == "token_scope"
