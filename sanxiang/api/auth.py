"""Who is calling: a signed-in browser (Django session, CSRF-checked on unsafe methods) or another
system presenting an API token (``Authorization: Bearer sx_…``).

A token acts for its agency through ``TokenPrincipal``, which quacks like a user for the catalog's
permission helpers and scoped queries: reads are confined to the token's agency, and a token with
``catalog:write`` may change that agency's lists exactly as its head could. Scopes are checked
explicitly on every operation with ``require_scope``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer

from sanxiang.accounts.actions import token_for_secret
from sanxiang.accounts.models import ApiToken
from sanxiang.catalog.models import Agency
from sanxiang.core.errors import NotAllowed
from sanxiang.core.roles import Role

READ = "catalog:read"
WRITE = "catalog:write"


@dataclass(frozen=True)
class TokenPrincipal:
    token: ApiToken
    scopes: frozenset[str] = field(default_factory=frozenset)

    is_authenticated = True
    is_anonymous = False
    is_active = True
    # No person stands behind a token: history rows and change-log lines record no actor.
    pk = None
    id = None
    region = None
    region_id = None

    @property
    def role(self) -> Role:
        # The most a token may do is what the agency head may do to the agency's lists.
        return Role.HEAD if WRITE in self.scopes else Role.OFFICER

    @property
    def agency(self) -> Agency:
        return self.token.agency

    @property
    def agency_id(self) -> int:
        return self.token.agency_id

    @property
    def username(self) -> str:
        return f"token:{self.token.prefix}"

    @property
    def display_name(self) -> str:
        return self.token.name


class BearerTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> TokenPrincipal:
        api_token = token_for_secret(token.strip())
        if api_token is None:
            # A presented but unknown or revoked token is refused outright rather than falling back to
            # the session, so that a revoked integration fails loudly.
            raise AuthenticationError()
        return TokenPrincipal(api_token, frozenset(api_token.scopes))


class SessionAuth(APIKeyCookie):
    """Django's session, with ninja's CSRF check on unsafe methods. An anonymous request is
    answered 401 (not a CSRF 403), so that a caller learns it must sign in first."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else None


session_auth = SessionAuth()
token_auth = BearerTokenAuth()
# Tokens first: a request that presents one is judged by it alone.
session_or_token = [token_auth, session_auth]


def principal(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def require_scope(request: HttpRequest, scope: str) -> Any:
    """The acting principal, after checking that a token carries ``scope`` (users are judged by
    their role in the domain's permission helpers)."""
    actor = principal(request)
    # Writing returns what was written, so a write scope includes reading.
    if (
        isinstance(actor, TokenPrincipal)
        and scope not in actor.scopes
        and not (scope == READ and WRITE in actor.scopes)
    ):
        raise NotAllowed(
            "token_scope", _("This API token lacks the scope %(scope)s.") % {"scope": scope}, field="scopes"
        )
    return actor


def require_person(request: HttpRequest) -> Any:
    """Acts that must be traced to a person (certificates, tokens) are refused to API tokens."""
    actor = principal(request)
    if isinstance(actor, TokenPrincipal):
        raise NotAllowed("token_scope", _("Only a signed-in user may do this; API tokens may not."))
    return actor
