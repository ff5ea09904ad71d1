from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache

from tests.world import PASSWORD, World, build_world

# Playwright's sync API runs an event loop; Django refuses ORM calls from a thread that has one
# unless told this is intended (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: Any, tmp_path: Any) -> Iterator[None]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LANGUAGE_CODE = "zh-hans"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _empty_record_log_after_commits(request: Any) -> Iterator[None]:
    """Tests that commit (browser and other transactional tests) leave record log entries behind,
    which the append-only triggers would stop the test runner's flush from deleting: empty the log's
    tables first, lifting the triggers for the purge only. Requesting the database fixture here
    makes this teardown run before the flush."""
    marker = request.node.get_closest_marker("django_db")
    committing = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if not committing:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    from django.db import connection

    from sanxiang.recordlog import triggers
    from sanxiang.recordlog.models import Checkpoint, Entry, Log, Node

    # every append-only trigger (the log's, the acts', the evidence items') lifted for the purge only
    with triggers.suspended(connection):
        for model in (Checkpoint, Node, Entry, Log):
            model.objects.all().delete()


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def client_as(client: Any, world: World) -> Any:
    """``client_as("head")`` returns the test client signed in as that persona."""

    def sign_in(name: str) -> Any:
        client.force_login(world.user(name), backend="django.contrib.auth.backends.ModelBackend")
        return client

    return sign_in


# --- browser ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    # Every page carries a Content-Security-Policy (sanxiang.core.csp); Chromium reports what the
    # policy blocked (an inline style or script, a foreign source) on the console. Any such report
    # fails the test: a page that needs something the policy forbids is broken for real users.
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations))


@pytest.fixture
def login_page(page: Any, world: World) -> Any:
    """``login_page("county_admin")`` signs in through the real login form."""

    def sign_in(name: str) -> Any:
        page.goto("/accounts/login/")
        page.fill("#id_username", name)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/accounts/")
        return page

    return sign_in
