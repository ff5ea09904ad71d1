"""Content-Security-Policy on every HTML page (review F11).

The platform has no JavaScript of its own and no inline styles, so its pages can forbid inline script
and style outright: an injected ``<script>`` or ``style=""`` (should escaping ever fail) would not run
or apply. Django 5.2 has no built-in CSP, hence this middleware.

A view that needs a different policy sets the header itself and this middleware leaves it alone: the
evidence inline preview sends a stricter sandboxed one, and the API docs page (Swagger UI, which
styles its elements inline from script) sends its own.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",  # QR codes and icons embedded as data: URIs
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def is_html(response: HttpResponse) -> bool:
    return str(response.get("Content-Type", "")).split(";")[0].strip() == "text/html"


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_html(response) and not response.has_header(HEADER):
            response[HEADER] = POLICY
        return response
