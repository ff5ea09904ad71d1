"""Error pages in production mode speak Chinese and leak nothing: Django's own defaults are English
(and, for CSRF, explain the mechanism to the public)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.views import defaults


@pytest.fixture
def production(settings: Any) -> Any:
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    return settings


@pytest.mark.django_db
def test_it_answers_an_unknown_page_in_chinese(production: Any) -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body
    assert "Not Found" not in body and "URLconf" not in body


@pytest.mark.django_db
def test_it_answers_a_csrf_failure_in_chinese(production: Any) -> None:
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "表单已失效" in body
    assert "CSRF" not in body and "Forbidden" not in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("view", "status", "words"),
    [
        (defaults.bad_request, 400, "请求无法读取"),
        (defaults.permission_denied, 403, "无权操作"),
    ],
)
def test_it_renders_the_default_handlers_in_chinese(
    production: Any, view: Any, status: int, words: str
) -> None:
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = view(request, exception=Exception("detail that must not show"))
    assert response.status_code == status
    body = response.content.decode()
    assert words in body
    assert "detail that must not show" not in body


def test_it_renders_the_server_error_page_without_a_request_context(production: Any) -> None:
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    body = response.content.decode()
    assert "服务器错误" in body and "Server Error" not in body
