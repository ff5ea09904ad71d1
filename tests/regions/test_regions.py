"""The region tree, one region with its history, a child region created and a region renamed, each
with its reason; code and parent never change."""

from sanxiang.catalog.enums import ChangeKind
from sanxiang.catalog.models import CatalogChange, Region


def test_a_county_admin_sees_the_tree_of_their_county_only(world, client_as):
    response = client_as("county_admin").get("/manage/regions/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-code="330101"' in body
    assert 'data-code="330102"' not in body and 'data-code="330000"' not in body


def test_an_installation_admin_sees_the_whole_tree(world, client_as):
    body = client_as("admin").get("/manage/regions/").content.decode()
    for code in ("330000", "330100", "330101", "330102"):
        assert f'data-code="{code}"' in body
    assert "/manage/regions/new/" in body


def test_a_region_outside_scope_is_404(world, client_as):
    client = client_as("county_admin")
    pk = world.other_county.pk
    for url in (f"/manage/regions/{pk}/", f"/manage/regions/{pk}/new/", f"/manage/regions/{pk}/policies/"):
        assert client.get(url).status_code == 404


def test_a_county_admin_creates_a_township_with_its_reason(world, client_as):
    client = client_as("county_admin")
    response = client.post(
        f"/manage/regions/{world.county.pk}/new/",
        {"code": "330101001", "name": "湖滨街道", "level": "township", "reason": "新设街道"},
    )
    township = Region.objects.get(code="330101001")
    assert response.status_code == 302 and response["Location"] == f"/manage/regions/{township.pk}/"
    assert (township.parent, township.path) == (world.county, "/330000/330100/330101/330101001/")
    body = client.get(f"/manage/regions/{township.pk}/").content.decode()
    assert "新设街道" in body and "county_admin" in body
    change = CatalogChange.objects.get(subject_type="region", subject_id=township.pk)
    assert (change.kind, change.reason) == (ChangeKind.CREATED, "新设街道")


def test_the_child_form_suggests_the_next_level(world, client_as):
    body = client_as("county_admin").get(f"/manage/regions/{world.county.pk}/new/").content.decode()
    assert '<option value="township" selected>' in body


def test_bad_input_for_a_new_region_is_refused_and_shown_again(world, client_as):
    before = Region.objects.count()
    response = client_as("county_admin").post(
        f"/manage/regions/{world.county.pk}/new/",
        {"code": "33-01", "name": "湖滨街道", "level": "township", "reason": ""},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert (
        '<p class="field-error" data-field="code">区划代码为 6 位（GB/T 2260），乡镇为 9 位或 12 位。</p>'
        in body
    )
    assert 'data-field="reason">' in body and 'value="33-01"' in body and 'value="湖滨街道"' in body
    assert Region.objects.count() == before


def test_a_taken_division_code_is_refused(world, client_as):
    response = client_as("admin").post(
        f"/manage/regions/{world.city.pk}/new/",
        {"code": "330102", "name": "重复县", "level": "county", "reason": "试"},
    )
    assert response.status_code == 400
    assert "该区划代码的行政区划已存在" in response.content.decode()


def test_a_rename_keeps_code_and_parent_and_is_in_the_history(world, client_as):
    client = client_as("admin")
    response = client.post(
        f"/manage/regions/{world.county.pk}/edit/",
        {"name": "东湖区", "reason": "撤县设区", "code": "999999", "parent": str(world.province.pk)},
    )
    assert response.status_code == 302
    county = Region.objects.get(pk=world.county.pk)
    assert (county.name, county.code, county.parent, county.path) == (
        "东湖区",
        "330101",
        world.city,
        "/330000/330100/330101/",
    )
    body = client.get(f"/manage/regions/{county.pk}/").content.decode()
    history = body.split('data-testid="region-history"')[1]
    assert "撤县设区" in history and "东湖区" in history and "东湖县" in history
    change = CatalogChange.objects.get(subject_type="region", subject_id=county.pk, kind=ChangeKind.CHANGED)
    assert change.reason == "撤县设区" and change.summary.startswith(
        "浙东省临江市东湖县 → 浙东省临江市东湖区"
    )


def test_a_rename_needs_a_name_and_a_reason(world, client_as):
    response = client_as("admin").post(f"/manage/regions/{world.county.pk}/edit/", {"name": "", "reason": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert '<p class="field-error" data-field="name">区划名称为必填项。</p>' in body
    assert 'data-field="reason">' in body
    assert Region.objects.get(pk=world.county.pk).name == "东湖县"


def test_a_county_admin_may_not_rename_their_own_county(world, client_as):
    client = client_as("county_admin")
    assert "/edit/" not in client.get(f"/manage/regions/{world.county.pk}/").content.decode()
    response = client.post(f"/manage/regions/{world.county.pk}/edit/", {"name": "东湖区", "reason": "试"})
    assert response.status_code == 403
    assert Region.objects.get(pk=world.county.pk).name == "东湖县"


def test_non_administrators_may_look_but_not_change(world, client_as):
    client = client_as("supervisor")
    assert client.get(f"/manage/regions/{world.county.pk}/").status_code == 200
    response = client.post(
        f"/manage/regions/{world.county.pk}/new/",
        {"code": "330101002", "name": "某乡", "level": "township", "reason": "试"},
    )
    assert response.status_code == 403
    assert client_as("county_admin").get("/manage/regions/new/").status_code == 403
    assert not Region.objects.filter(code="330101002").exists()


def test_the_workbench_links_administrators_to_users_regions_and_legal_bases(world, client_as):
    body = client_as("county_admin").get("/accounts/").content.decode()
    for url in (
        "/accounts/users/",
        "/manage/regions/",
        "/manage/legal-bases/",
        f"/accounts/agency/{world.agency.pk}/tokens/",
    ):
        assert url in body
    assert "/accounts/users/" not in client_as("head").get("/accounts/").content.decode()
