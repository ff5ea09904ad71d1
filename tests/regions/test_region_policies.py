"""Region-wide policy settings: set and reset for a region, in force for the agencies inside it
and not for those outside."""

from sanxiang.core import policy
from sanxiang.core.models import PolicyValue

KEY = "catalog.certificate_validity_years"


def _url(region):
    return f"/manage/regions/{region.pk}/policies/"


def test_it_lists_every_policy_with_its_value_and_origin(world, client_as):
    body = client_as("county_admin").get(_url(world.county)).content.decode()
    for key in policy.REGISTRY:
        assert f'data-key="{key}"' in body
    assert "全国默认值" in body and "为本区划设定" in body


def test_a_region_setting_applies_to_its_agencies_and_not_to_others(world, client_as):
    default = policy.resolve(KEY).value
    client = client_as("county_admin")
    response = client.post(_url(world.county), {"key": KEY, "value": "3", "reason": "县政府规定"})
    assert response.status_code == 302 and response["Location"] == _url(world.county)
    inside = policy.resolve(KEY, world.agency.policy_scopes())
    assert (inside.value, inside.scope) == (3, "region:330101")
    assert policy.resolve(KEY, world.other_agency.policy_scopes()).value == default
    body = client.get(_url(world.county)).content.decode()
    assert "县政府规定" in body
    agency_page = client.get(f"/manage/agency/{world.agency.pk}/policies/").content.decode()
    assert "浙东省临江市东湖县" in agency_page.split(f'data-key="{KEY}"')[1].split("</tr>")[0]


def test_a_reset_returns_to_the_inherited_value(world, client_as):
    client = client_as("admin")
    client.post(_url(world.city), {"key": KEY, "value": "4", "reason": "市级规定"})
    client.post(_url(world.county), {"key": KEY, "value": "3", "reason": "县级规定"})
    response = client.post(_url(world.county), {"key": KEY, "clear": "on", "reason": "统一按市级规定"})
    assert response.status_code == 302
    resolved = policy.resolve(KEY, world.agency.policy_scopes())
    assert (resolved.value, resolved.scope) == (4, "region:330100")
    history = client.get(_url(world.county)).content.decode().split('data-testid="policy-history"')[1]
    assert "统一按市级规定" in history and "市级规定" in history


def test_bad_values_are_refused_and_shown_again(world, client_as):
    before = PolicyValue.objects.count()
    response = client_as("county_admin").post(
        _url(world.county), {"key": KEY, "value": "99", "reason": "试一试"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "不得大于 10" in body and 'value="99"' in body and 'value="试一试"' in body
    response = client_as("county_admin").post(_url(world.county), {"key": KEY, "value": "3", "reason": ""})
    assert response.status_code == 400
    assert PolicyValue.objects.count() == before


def test_who_may_not_change_gets_403_and_sees_no_form(world, client_as):
    client = client_as("supervisor")
    body = client.get(_url(world.county)).content.decode()
    assert 'class="policy-form"' not in body
    response = client.post(_url(world.county), {"key": KEY, "value": "3", "reason": "试"})
    assert response.status_code == 403
    assert (
        client_as("county_admin")
        .post(_url(world.city), {"key": KEY, "value": "3", "reason": "试"})
        .status_code
        == 404
    )
    assert not PolicyValue.objects.exists()
