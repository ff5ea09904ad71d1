from sanxiang.catalog.models import CatalogChange, Certificate


def test_it_builds_the_shared_world(world):
    assert world.agency.region == world.county
    assert Certificate.objects.count() == 4
    assert CatalogChange.objects.filter(agency=world.agency).count() >= 7
    assert world.county.policy_scopes() == ["region:330101", "region:330100", "region:330000"]
