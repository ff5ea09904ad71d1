"""An agency's API tokens: listed, issued with the secret shown once, revoked."""

from sanxiang.accounts.actions import token_for_secret
from sanxiang.accounts.models import ApiToken


def _url(agency):
    return f"/accounts/agency/{agency.pk}/tokens/"


def test_it_issues_a_token_and_shows_the_secret_once(world, client_as):
    client = client_as("county_admin")
    response = client.post(_url(world.agency), {"name": "省平台", "scopes": ["catalog:read"]})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    body = response.content.decode()
    secret = body.split('data-testid="token-secret"')[1].split("<code>")[1].split("</code>")[0]
    token = ApiToken.objects.get(name="省平台")
    assert token_for_secret(secret) == token and token.scopes == ["catalog:read"]
    again = client.get(_url(world.agency)).content.decode()
    assert "省平台" in again and secret not in again and token.prefix in again


def test_bad_input_is_refused_and_shown_again(world, client_as):
    response = client_as("county_admin").post(_url(world.agency), {"name": "省平台", "scopes": ["root"]})
    assert response.status_code == 400
    body = response.content.decode()
    assert '<p class="field-error" data-field="scopes">' in body and 'value="省平台"' in body
    assert not ApiToken.objects.exists()


def test_it_revokes_a_token(world, client_as):
    client = client_as("county_admin")
    client.post(_url(world.agency), {"name": "省平台", "scopes": ["catalog:read"]})
    token = ApiToken.objects.get()
    response = client.post(f"/accounts/token/{token.pk}/revoke/")
    assert response.status_code == 302 and response["Location"] == _url(world.agency)
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == world.user("county_admin")
    again = client.post(f"/accounts/token/{token.pk}/revoke/")
    assert again.status_code == 409


def test_tokens_of_another_county_are_404_and_non_admins_get_403(world, client_as):
    assert client_as("county_admin").get(_url(world.other_agency)).status_code == 404
    assert client_as("head").get(_url(world.agency)).status_code == 403
    assert (
        client_as("head").post(_url(world.agency), {"name": "x", "scopes": ["catalog:read"]}).status_code
        == 403
    )
    assert not ApiToken.objects.exists()
