def test_pages_are_chinese_even_when_the_browser_asks_for_english(client, world):
    response = client.get(f"/agencies/{world.agency.pk}/officers/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    body = response.content.decode()
    assert "执法人员" in body
    assert "Enforcement officers" not in body
