"""Every integer in a URL is bounded: an id too large for the database is a 404, never the 500 of
an overflowing query (security review F7: /annual-reports/99999999999999999999/2025/)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.converters import IntConverter

from sanxiang.core.converters import MAX_ID, BoundedIntConverter

HUGE = "99999999999999999999"
SAMPLE = {"str": "x", "slug": "x", "path": "x", "uuid": "00000000-0000-0000-0000-000000000000"}


def _routes(
    patterns: Any, prefix: str = "", converters: dict[str, Any] | None = None
) -> Iterator[tuple[str, dict[str, Any]]]:
    for entry in patterns:
        route = str(entry.pattern)
        found = {**(converters or {}), **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, prefix + route, found)
        elif isinstance(entry, URLPattern):
            yield prefix + route, found


def _web_routes() -> list[tuple[str, dict[str, Any]]]:
    return [
        (route, found)
        for route, found in _routes(get_resolver().url_patterns)
        if not route.startswith("api/")
    ]


def _with_integers() -> list[str]:
    return sorted(
        {
            route
            for route, found in _web_routes()
            if any(isinstance(c, BoundedIntConverter | IntConverter) for c in found.values())
        }
    )


def _url(route: str, integer: str) -> str:
    def fill(match: re.Match[str]) -> str:
        kind = match.group(1) or "str"
        return integer if kind in {"id", "int"} else SAMPLE[kind]

    return "/" + re.sub(r"<(?:(\w+):)?\w+>", fill, route)


def test_the_walk_finds_the_integer_urls():
    routes = _with_integers()
    assert len(routes) > 80
    assert "annual-reports/<id:pk>/<id:annual_year>/" in routes


def test_no_web_url_uses_the_unbounded_int_converter():
    unbounded = [
        route for route, found in _web_routes() if any(isinstance(c, IntConverter) for c in found.values())
    ]
    assert unbounded == []


@pytest.mark.parametrize("route", _with_integers())
def test_a_huge_integer_matches_no_url_and_is_a_404(route, client, world, django_user_model):
    url = _url(route, HUGE)
    with pytest.raises(Resolver404):
        resolve(url)
    # Staff and the public alike get the plain 404 page.
    admin = django_user_model.objects.filter(is_superuser=True).first() or world.users["county_admin"]
    client.force_login(admin)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("route", ["annual-reports/<id:pk>/<id:annual_year>/", "cases/<id:pk>/"])
def test_the_largest_id_still_matches_and_one_more_does_not(route):
    assert resolve(_url(route, str(MAX_ID))).kwargs
    with pytest.raises(Resolver404):
        resolve(_url(route, str(MAX_ID + 1)))


def test_the_review_url_is_a_404_for_the_public(client, world):
    assert client.get(f"/annual-reports/{HUGE}/2025/").status_code == 404


def test_the_api_annual_report_with_a_huge_id_is_a_404(client, world):
    # The API's paths are django-ninja's; the query itself refuses ids past the database's range.
    response = client.get(f"/api/v1/annual-reports/{HUGE}/2025")
    assert response.status_code == 404
    assert response.json()["code"] == "annual_report_not_visible"
