"""Every answer under /api/ is JSON in the error shape, even when it does not come from an endpoint.

ninja's exception handlers (``sanxiang.api.errors``) cover what happens inside an operation. Some
refusals are made before or around it, by Django or by ninja's URL dispatch, and came back as HTML or
plain text: the 404 for a path no route matches (``/api/v1/annual-reports/abc/2025``), ninja's 405
for a wrong method, a 400 from the request parser, and the 500 page in production (review F10). This
middleware rewrites any such non-JSON error under the API prefix into ``ErrorOut``, keeping the
status (and ``Allow`` for a 405). In DEBUG a 500 keeps Django's technical page, which developers need.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from sanxiang.core.errors import DomainError

API_PREFIX = "/api/"


def _message(status: int) -> tuple[str, str]:
    if status == 400:
        return "bad_request", _("The request could not be read.")
    if status == 403:
        return "forbidden", _("You may not do this.")
    if status == 404:
        return "not_found", _("Not found.")
    if status == 405:
        return "method_not_allowed", _("This method is not allowed here.")
    if status == 413:
        return "too_large", _("The request is too large.")
    if status >= 500:
        return "server_error", _("Internal error; the administrator can find it in the server log.")
    return f"http_{status}", _("The request was refused.")


def _is_json(response: HttpResponse) -> bool:
    return str(response.get("Content-Type", "")).split(";")[0].strip() == "application/json"


def json_error(status: int) -> HttpResponse:
    code, message = _message(status)
    body = DomainError(code, message).as_dict()
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type="application/json; charset=utf-8"
    )


class ApiJsonErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400 or _is_json(response):
            return response
        if response.status_code >= 500 and settings.DEBUG:
            return response
        replacement = json_error(response.status_code)
        if response.has_header("Allow"):
            replacement["Allow"] = response["Allow"]
        if response.has_header("WWW-Authenticate"):
            replacement["WWW-Authenticate"] = response["WWW-Authenticate"]
        return replacement
