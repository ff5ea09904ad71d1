"""The portal's filters survive paging and the CSV link: the next page of "this agency, this month"
is still that agency and that month."""

from __future__ import annotations

import html
import re
from typing import Any

from sanxiang.publication import views_public


def _next_link(body: str) -> str:
    match = re.search(r'<a rel="next" href="([^"]+)"', body)
    assert match, "no next-page link"
    return html.unescape(match.group(1))


def test_the_next_page_keeps_every_filter(client: Any, world: Any, published: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(views_public, "PER_PAGE", 1)  # two items make two pages
    first, second = published(), published()
    query = f"q=食品&agency={world.agency.pk}&kind=penalty&from=2026-03-01&to=2026-03-31"
    page_one = client.get(f"/publication/?{query}").content.decode()
    link = _next_link(page_one)
    for part in (
        "q=%E9%A3%9F%E5%93%81",
        f"agency={world.agency.pk}",
        "kind=penalty",
        "from=2026-03-01",
        "to=2026-03-31",
        "page=2",
    ):
        assert part in link
    page_two = client.get(f"/publication/{link}").content.decode()
    shown = {first.document_number, second.document_number}
    assert sum(number in page_one for number in shown) == 1
    assert sum(number in page_two for number in shown) == 1
    csv_link = re.search(r'href="(/publication/[^"]*csv[^"]*)"', page_one)
    assert csv_link and f"agency={world.agency.pk}" in html.unescape(csv_link.group(1))


def test_a_filter_that_excludes_the_items_finds_nothing_on_any_page(client: Any, published: Any) -> None:
    published()
    page = client.get("/publication/?kind=licence").content.decode()
    assert "没有找到" in page
    assert 'rel="next"' not in page
    assert '<option value="licence" selected>' in page
