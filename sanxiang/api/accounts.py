"""Who am I, and API tokens. Tokens are issued and revoked by an administrator through the session
only: a token can never mint or revoke tokens."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from ninja import Router, Status

from sanxiang.accounts import actions as account_actions
from sanxiang.accounts import queries as account_queries
from sanxiang.api.auth import TokenPrincipal, principal, session_auth, session_or_token
from sanxiang.api.errors import AUTH_ERRORS
from sanxiang.api.schemas.accounts import MeOut, TokenCreatedOut, TokenIn, TokenOut
from sanxiang.catalog import queries
from sanxiang.catalog.permissions import is_staff_user
from sanxiang.core.errors import NotAllowed
from sanxiang.core.roles import Role

router = Router(tags=["账户与令牌 accounts and tokens"])


@router.get("/me", response={200: MeOut, **AUTH_ERRORS}, auth=session_or_token, summary="当前调用者")
def me(request: HttpRequest) -> Any:
    actor = principal(request)
    agency = actor.agency if actor.agency_id else None
    region = actor.region
    is_token = isinstance(actor, TokenPrincipal)
    role = Role(actor.role) if actor.role else None
    return {
        "kind": "token" if is_token else "user",
        "username": actor.username,
        "display_name": str(actor.display_name or actor.username),
        "role": role.value if role else "",
        "role_label": str(role.label) if role else "",
        "agency": {"id": agency.pk, "name": agency.name} if agency else None,
        "region": {"code": region.code, "name": region.name} if region else None,
        "scopes": sorted(actor.scopes) if is_token else [],
    }


def _require_admin(request: HttpRequest) -> Any:
    user = principal(request)
    if not is_staff_user(user) or user.role != Role.ADMIN:
        raise NotAllowed("not_allowed", _("Only an administrator may manage API tokens."))
    return user


@router.get(
    "/tokens", response={200: list[TokenOut], **AUTH_ERRORS}, auth=session_auth, summary="API 令牌列表"
)
def tokens(request: HttpRequest) -> Any:
    return account_queries.tokens_for_user(_require_admin(request)).order_by("-created_at", "-id")


@router.post(
    "/tokens", response={201: TokenCreatedOut, **AUTH_ERRORS}, auth=session_auth, summary="签发 API 令牌"
)
def issue_token(request: HttpRequest, response: HttpResponse, payload: TokenIn) -> Any:
    user = _require_admin(request)
    agency = queries.agency_for_user(user, payload.agency_id)
    token, secret = account_actions.issue_api_token(
        actor=user, agency=agency, name=payload.name, scopes=payload.scopes
    )
    # The secret is in this one response only; keep it out of any cache.
    response["Cache-Control"] = "no-store"
    token.secret = secret  # type: ignore[attr-defined]
    return Status(201, token)


@router.post(
    "/tokens/{token_id}/revoke",
    response={200: TokenOut, **AUTH_ERRORS},
    auth=session_auth,
    summary="吊销 API 令牌",
)
def revoke_token(request: HttpRequest, token_id: int) -> Any:
    user = _require_admin(request)
    token = get_object_or_404(account_queries.tokens_for_user(user), pk=token_id)
    return account_actions.revoke_api_token(actor=user, token=token)
