"""Content-Security-Policy (review F11): every HTML page of the platform carries the policy, and no
page holds what the policy would block (inline script, inline style attributes or blocks), so the
policy costs users nothing. The routes and their arguments come from the permission matrix, which
lists every page."""

from __future__ import annotations

import re
from typing import Any

import pytest

from sanxiang.core.csp import HEADER, POLICY
from tests.test_permission_matrix import (  # noqa: F401 (autouse fixtures: the matrix's own key and blobs)
    _blob_root,
    _recordlog_signing_key,
    django_routes,
    fill,
)

pytestmark = pytest.mark.django_db

INLINE_STYLE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
STYLE_BLOCK = re.compile(r"<style[\s>]", re.IGNORECASE)
# A <script> that is not a data block and has no src runs inline.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)


def _html_pages(client: Any, world: Any) -> list[tuple[str, Any]]:
    pages = []
    for _name, route in django_routes():
        url = fill(route, world)
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages.append((url, response))
    return pages


@pytest.mark.parametrize("persona", ["anonymous", "head", "admin"])
def test_every_html_page_carries_the_policy_and_nothing_it_blocks(persona, client, world):
    if persona != "anonymous":
        client.force_login(world.user(persona), backend="django.contrib.auth.backends.ModelBackend")
    pages = _html_pages(client, world)
    assert len(pages) > (10 if persona == "anonymous" else 30)  # the walk reached the pages
    failures = []
    for url, response in pages:
        policy = response.get(HEADER)
        if policy and policy.startswith("sandbox;"):
            continue  # the evidence inline preview's own, stricter policy
        if policy != POLICY:
            failures.append(f"{url}: {HEADER} is {policy!r}")
        body = response.content.decode()
        for what, pattern in [
            ("style attribute", INLINE_STYLE),
            ("<style>", STYLE_BLOCK),
            ("inline script", INLINE_SCRIPT),
        ]:
            found = pattern.search(body)
            if found:
                failures.append(f"{url}: {what} {found.group(0)[:80]!r}")
    assert not failures, "\n".join(failures)


def test_the_policy_forbids_inline_script_and_style_and_framing():
    directives = dict(d.split(" ", 1) for d in POLICY.split("; "))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in POLICY


def test_json_and_files_get_no_page_policy(client, world):
    response = client.get("/api/v1/catalog/regions")
    assert HEADER not in response


def test_the_api_docs_page_carries_the_site_policy(client, world):
    # Swagger UI (ninja's vendored copy) runs from static files and renders under the site's policy;
    # the browser test below checks that it does so without a single violation.
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert response[HEADER] == POLICY


@pytest.mark.browser
def test_the_api_docs_render_in_a_browser_under_their_policy(page, world):
    # The page fixture fails the test on any CSP violation Chromium reports.
    page.goto("/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=90000)  # the spec takes a while
    assert "三项制度平台 API" in page.inner_text(".swagger-ui .info .title")
    page.click(".opblock-summary-path >> nth=0")  # expands an operation: more inline styling
    page.wait_for_selector(".opblock-body")


@pytest.mark.browser
def test_portal_pages_render_without_violations(page, world):
    for url in ["/", "/procedures/", f"/agencies/{world.agency.pk}/"]:
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        assert response.headers["content-security-policy"] == POLICY
