"""Maps every failure to one status and one body shape, ``ErrorOut``.

Domain errors already carry their status (400 invalid, 403 not allowed, 404 not visible, 409 wrong
state); the handlers here add the cases that arise in the API layer itself: unknown objects (Http404),
malformed requests (ninja's 422, answered as 400 like any other invalid input), missing or revoked
credentials (401), CSRF refusals (403) and rate limits (429).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from sanxiang.api.schemas.common import ErrorOut
from sanxiang.core.errors import DomainError, FieldError
from sanxiang.evidence.names import unreadable_upload

# The error responses documented on every operation that can refuse (merged into ``response=``).
ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
AUTH_ERRORS: dict[int, type[ErrorOut]] = {**ERRORS, 401: ErrorOut}


class RateLimited(DomainError):
    """Too many requests from one address within the policy's window (429)."""

    status: ClassVar[int] = 429


def _body(
    code: str, message: str, *, field: str | None = None, errors: list[FieldError] | None = None
) -> dict:
    return DomainError(code, message, field=field, errors=errors).as_dict()


def _field_path(loc: tuple[Any, ...] | list[Any]) -> str | None:
    """``("body", "payload", "grades", 0, "fine_min")`` → ``"grades[0].fine_min"``, the same
    notation the domain uses for nested rows; query and path parameters keep their plain name."""
    parts = list(loc)
    if parts and parts[0] == "body":
        parts = parts[2:]  # drop the source and the name of the body parameter
    elif parts:
        parts = parts[1:]
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or None


def _bound_error(kind: str, field: str | None, ctx: dict[str, Any]) -> FieldError | None:
    """The bounds an input schema declares (``ge``/``le``, lengths, patterns), each named with its
    limit so that the caller learns the rule, not only that a rule exists."""
    name = field or _("value")
    if kind == "greater_than_equal":
        message = _("%(field)s: must be at least %(limit)s.")
        return FieldError(field, "too_small", message % {"field": name, "limit": ctx.get("ge")})
    if kind == "greater_than":
        message = _("%(field)s: must be greater than %(limit)s.")
        return FieldError(field, "too_small", message % {"field": name, "limit": ctx.get("gt")})
    if kind == "less_than_equal":
        message = _("%(field)s: must be at most %(limit)s.")
        return FieldError(field, "too_large", message % {"field": name, "limit": ctx.get("le")})
    if kind == "less_than":
        message = _("%(field)s: must be less than %(limit)s.")
        return FieldError(field, "too_large", message % {"field": name, "limit": ctx.get("lt")})
    if kind == "string_too_long":
        message = _("%(field)s: at most %(limit)s characters.")
        return FieldError(field, "too_long", message % {"field": name, "limit": ctx.get("max_length")})
    if kind == "too_long":
        message = _("%(field)s: at most %(limit)s items.")
        return FieldError(field, "too_long", message % {"field": name, "limit": ctx.get("max_length")})
    if kind == "string_too_short":
        message = _("%(field)s: at least %(limit)s characters.")
        return FieldError(field, "too_short", message % {"field": name, "limit": ctx.get("min_length")})
    if kind == "too_short":
        message = _("%(field)s: at least %(limit)s items.")
        return FieldError(field, "too_short", message % {"field": name, "limit": ctx.get("min_length")})
    if kind == "string_pattern_mismatch":
        return FieldError(field, "bad_format", _("%(field)s: the format is not valid.") % {"field": name})
    return None


def _validation_field_error(error: dict[str, Any]) -> FieldError:
    kind = str(error.get("type", ""))
    field = _field_path(error.get("loc", ()))
    if kind == "missing":
        return FieldError(field, "required", _("This field is required."))
    if kind == "json_invalid":
        return FieldError(field, "invalid_json", _("The request body is not valid JSON."))
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return FieldError(field, "wrong_type", _("This value has the wrong type."))
    bound = _bound_error(kind, field, dict(error.get("ctx") or {}))
    if bound is not None:
        return bound
    return FieldError(field, "invalid", _("This value is not valid."))


def _on_domain_error(request: HttpRequest, exc: DomainError, api: NinjaAPI) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


def _on_not_found(request: HttpRequest, exc: Exception, api: NinjaAPI) -> HttpResponse:
    # Deny by default: what the caller may not see does not exist for it, so no detail is given.
    return api.create_response(request, _body("not_found", _("Not found.")), status=404)


def _on_validation_error(request: HttpRequest, exc: ValidationError, api: NinjaAPI) -> HttpResponse:
    errors = [_validation_field_error(error) for error in exc.errors]
    field = errors[0].field if errors else None
    body = _body(
        "invalid",
        _("The request is invalid; see the errors for each field."),
        field=field,
        errors=errors or None,
    )
    return api.create_response(request, body, status=400)


def _on_authentication_error(request: HttpRequest, exc: AuthenticationError, api: NinjaAPI) -> HttpResponse:
    body = _body("unauthenticated", _("Sign in, or send a valid API token as Authorization: Bearer sx_…."))
    response = api.create_response(request, body, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


def _on_http_error(request: HttpRequest, exc: HttpError, api: NinjaAPI) -> HttpResponse:
    if exc.status_code == 403 and "csrf" in exc.message.lower():
        body = _body("csrf_failed", _("The CSRF check failed: reload the page and try again."))
    elif exc.status_code == 400:  # ninja raises this only when the request body cannot be parsed
        body = _body(
            "invalid",
            _("The request body is not valid JSON."),
            errors=[FieldError(None, "invalid_json", _("The request body is not valid JSON."))],
        )
    else:
        body = _body(f"http_{exc.status_code}", exc.message)
    return api.create_response(request, body, status=exc.status_code)


def _on_unreadable_body(request: HttpRequest, exc: MultiPartParserError, api: NinjaAPI) -> HttpResponse:
    # Django's parser refuses, for instance, a part header over 1 KB (a very long file name); under
    # DEBUG ninja would answer 500, and otherwise Django's HTML 400 page, not our JSON.
    return _on_domain_error(request, unreadable_upload(), api)


def install(api: NinjaAPI) -> None:
    def bind(handler: Any) -> Any:
        return lambda request, exc: handler(request, exc, api)

    api.add_exception_handler(DomainError, bind(_on_domain_error))
    api.add_exception_handler(Http404, bind(_on_not_found))
    api.add_exception_handler(ValidationError, bind(_on_validation_error))
    api.add_exception_handler(AuthenticationError, bind(_on_authentication_error))
    api.add_exception_handler(HttpError, bind(_on_http_error))
    api.add_exception_handler(MultiPartParserError, bind(_on_unreadable_body))
