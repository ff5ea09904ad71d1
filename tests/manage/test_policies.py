from sanxiang.core import policy
from sanxiang.core.models import PolicyValue

KEY = "catalog.certificate_validity_years"


def test_it_lists_every_policy_with_its_value_and_origin(world, client_as):
    body = client_as("county_admin").get(f"/manage/agency/{world.agency.pk}/policies/").content.decode()
    for key in policy.REGISTRY:
        assert f'data-key="{key}"' in body
    assert "全国默认值" in body


def test_it_sets_a_policy_for_the_agency_and_shows_the_history(world, client_as):
    client = client_as("county_admin")
    response = client.post(
        f"/manage/agency/{world.agency.pk}/policies/", {"key": KEY, "value": "3", "reason": "省厅通知"}
    )
    assert response.status_code == 302
    resolved = policy.resolve(KEY, world.agency.policy_scopes())
    assert resolved.value == 3 and resolved.scope == f"agency:{world.agency.pk}"
    body = client.get(f"/manage/agency/{world.agency.pk}/policies/").content.decode()
    assert "省厅通知" in body


def test_it_refuses_a_value_out_of_bounds_and_keeps_what_was_typed(world, client_as):
    before = PolicyValue.objects.count()
    response = client_as("county_admin").post(
        f"/manage/agency/{world.agency.pk}/policies/", {"key": KEY, "value": "99", "reason": "试一试"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "不得大于 10" in body and 'value="99"' in body and 'value="试一试"' in body
    assert PolicyValue.objects.count() == before
