def test_it_changes_the_password(client, world, password):
    client.force_login(world.user("officer"))
    response = client.post(
        "/accounts/password/",
        {
            "old_password": password,
            "new_password": "Qingxi-new-2026",
            "new_password_again": "Qingxi-new-2026",
        },
    )
    assert response.status_code == 302
    world.user("officer").refresh_from_db()
    assert world.user("officer").check_password("Qingxi-new-2026")
    assert client.get("/accounts/").status_code == 200  # still signed in


def test_it_refuses_a_wrong_current_password_and_a_weak_or_mismatched_new_one(client, world, password):
    client.force_login(world.user("officer"))
    response = client.post(
        "/accounts/password/", {"old_password": "nope", "new_password": "123", "new_password_again": "456"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "当前密码错误" in body
    assert "两次输入的新密码不一致" in body
    world.user("officer").refresh_from_db()
    assert world.user("officer").check_password(password)
