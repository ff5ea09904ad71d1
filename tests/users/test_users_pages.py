"""The user list, one user, creating and editing a user: scoped to the administrator's region,
bad input re-shown in Chinese with nothing saved."""

from sanxiang.accounts.models import User
from sanxiang.core.roles import Role

NEW_PASSWORD = "Neu-passwort-2026"


def _create_data(world, **overrides):
    data = {
        "username": "newofficer",
        "display_name": "新执法员",
        "role": "officer",
        "agency": str(world.agency.pk),
        "region": "",
        "password": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def test_a_county_admin_lists_the_users_of_their_county_only(world, client_as):
    response = client_as("county_admin").get("/accounts/users/")
    assert response.status_code == 200
    body = response.content.decode()
    for name in ("officer", "head", "reviewer", "publisher", "supervisor", "county_admin"):
        assert f'data-username="{name}"' in body
    assert 'data-username="other_head"' not in body
    assert 'data-username="admin"' not in body


def test_an_installation_admin_lists_every_user(world, client_as):
    body = client_as("admin").get("/accounts/users/").content.decode()
    for name in world.users:
        assert f'data-username="{name}"' in body


def test_the_list_filters_by_agency_and_role(world, client_as):
    client = client_as("admin")
    body = client.get("/accounts/users/", {"agency": world.other_agency.pk}).content.decode()
    assert 'data-username="other_head"' in body and 'data-username="head"' not in body
    body = client.get("/accounts/users/", {"role": "head"}).content.decode()
    assert 'data-username="other_head"' in body and 'data-username="head"' in body
    assert 'data-username="officer"' not in body


def test_a_filter_outside_scope_is_refused_in_chinese(world, client_as):
    response = client_as("county_admin").get("/accounts/users/", {"agency": world.other_agency.pk})
    assert response.status_code == 400
    assert (
        '<p class="field-error" data-field="agency">请从列表中选择所属机关。</p>' in response.content.decode()
    )


def test_a_county_admin_gets_404_for_a_user_of_another_county(world, client_as):
    client = client_as("county_admin")
    other = world.user("other_head")
    assert client.get(f"/accounts/users/{other.pk}/").status_code == 404
    assert client.get(f"/accounts/users/{other.pk}/edit/").status_code == 404
    assert client.post(f"/accounts/users/{other.pk}/active/", {"active": "0"}).status_code == 404
    other.refresh_from_db()
    assert other.is_active
    assert client.get(f"/accounts/users/{world.user('admin').pk}/").status_code == 404


def test_an_installation_admin_sees_a_user_of_any_county(world, client_as):
    other = world.user("other_head")
    body = client_as("admin").get(f"/accounts/users/{other.pk}/").content.decode()
    assert "西山县市场监督管理局" in body


def test_non_administrators_get_403(world, client_as):
    for persona in ("officer", "head", "supervisor"):
        client = client_as(persona)
        assert client.get("/accounts/users/").status_code == 403
        assert client.get(f"/accounts/users/{world.user('officer').pk}/").status_code == 403
        assert client.post("/accounts/users/new/", _create_data(world)).status_code == 403
    assert not User.objects.filter(username="newofficer").exists()


def test_it_creates_an_officer_of_an_agency_in_scope(world, client_as):
    response = client_as("county_admin").post(
        "/accounts/users/new/", _create_data(world, holds_legal_qualification="on")
    )
    user = User.objects.get(username="newofficer")
    assert response.status_code == 302 and response["Location"] == f"/accounts/users/{user.pk}/"
    assert (user.display_name, user.role, user.agency, user.region) == (
        "新执法员",
        "officer",
        world.agency,
        None,
    )
    assert user.holds_legal_qualification and user.check_password(NEW_PASSWORD)


def test_it_creates_a_supervisor_of_a_region_in_scope(world, client_as):
    response = client_as("county_admin").post(
        "/accounts/users/new/",
        _create_data(world, username="sup2", role="supervisor", agency="", region=str(world.county.pk)),
    )
    assert response.status_code == 302
    user = User.objects.get(username="sup2")
    assert (user.role, user.region, user.agency) == ("supervisor", world.county, None)


def test_bad_input_is_named_in_chinese_shown_again_and_nothing_is_saved(world, client_as):
    before = User.objects.count()
    response = client_as("county_admin").post(
        "/accounts/users/new/",
        _create_data(world, username="", display_name="<b>新</b>", agency="", password="123"),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert '<p class="field-error" data-field="username">用户名为必填项。</p>' in body
    assert (
        '<p class="field-error" data-field="display_name">姓名不得包含 &lt; &gt; 等标记或脚本。</p>' in body
    )
    assert '<p class="field-error" data-field="agency">执法机关内的角色必须指定所属机关。</p>' in body
    assert 'data-field="password">' in body
    assert "&lt;b&gt;新&lt;/b&gt;" in body and '<option value="officer" selected>' in body
    assert User.objects.count() == before


def test_a_taken_user_name_is_refused(world, client_as):
    response = client_as("county_admin").post("/accounts/users/new/", _create_data(world, username="head"))
    assert response.status_code == 400
    assert "该用户名已被使用" in response.content.decode()


def test_a_county_admin_cannot_place_a_user_outside_the_county(world, client_as):
    client = client_as("county_admin")
    response = client.post("/accounts/users/new/", _create_data(world, agency=str(world.other_agency.pk)))
    assert response.status_code == 400
    assert "请从列表中选择所属机关" in response.content.decode()
    response = client.post(
        "/accounts/users/new/", _create_data(world, username="boss", role="admin", agency="", region="")
    )
    assert response.status_code == 403
    assert "只有全系统管理员" in response.content.decode()
    assert not User.objects.filter(username__in=["newofficer", "boss"]).exists()


def test_an_installation_admin_may_create_another(world, client_as):
    response = client_as("admin").post(
        "/accounts/users/new/", _create_data(world, username="boss", role="admin", agency="", region="")
    )
    assert response.status_code == 302
    boss = User.objects.get(username="boss")
    assert (boss.role, boss.region, boss.agency) == (Role.ADMIN, None, None)


def test_it_edits_name_role_place_and_qualification(world, client_as):
    officer = world.user("officer")
    response = client_as("county_admin").post(
        f"/accounts/users/{officer.pk}/edit/",
        {
            "display_name": "改名测",
            "role": "legal_reviewer",
            "agency": str(world.agency.pk),
            "region": "",
            "holds_legal_qualification": "on",
        },
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert (officer.display_name, officer.role, officer.holds_legal_qualification) == (
        "改名测",
        "legal_reviewer",
        True,
    )
    assert officer.username == "officer"


def test_an_edit_cannot_raise_someone_to_installation_admin(world, client_as):
    officer = world.user("officer")
    response = client_as("county_admin").post(
        f"/accounts/users/{officer.pk}/edit/",
        {"display_name": "officer", "role": "admin", "agency": "", "region": ""},
    )
    assert response.status_code == 403
    body = response.content.decode()
    assert "只有全系统管理员" in body and '<option value="admin" selected>' in body
    officer.refresh_from_db()
    assert (officer.role, officer.agency) == ("officer", world.agency)


def test_an_administrator_cannot_change_their_own_role(world, client_as):
    me = world.user("county_admin")
    response = client_as("county_admin").post(
        f"/accounts/users/{me.pk}/edit/",
        {"display_name": "我", "role": "supervisor", "agency": "", "region": str(world.county.pk)},
    )
    assert response.status_code == 403
    me.refresh_from_db()
    assert me.role == "admin" and me.display_name == "county_admin"


def test_the_user_page_shows_the_last_twenty_sign_in_attempts(world, client, client_as):
    for _ in range(22):
        client.post("/accounts/login/", {"username": "officer", "password": "wrong"})
    body = client_as("county_admin").get(f"/accounts/users/{world.user('officer').pk}/").content.decode()
    table = body.split('data-testid="sign-ins"')[1].split("</table>")[0]
    assert table.count("<tr>") == 21  # the header and twenty attempts
    assert "密码错误" in table and "拒绝：账号已锁定" in table
