"""Reads for accounts, scoped like every other read."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from sanxiang.accounts.models import AccountUnlock, ApiToken, LoginAttempt, SecondFactor, User
from sanxiang.accounts.permissions import is_admin
from sanxiang.catalog import queries as catalog_queries
from sanxiang.catalog.permissions import user_region


def tokens_for_user(user: Any) -> QuerySet[ApiToken]:
    """The API tokens of the agencies the user may see (callers check the administrator role)."""
    return ApiToken.objects.filter(agency__in=catalog_queries.agencies_for_user(user)).select_related(
        "agency", "created_by"
    )


def users_for_user(user: Any) -> QuerySet[User]:
    """Deny by default: an administrator sees the users of the agencies and regions within their
    region (an installation-wide administrator sees everyone); anyone else sees no accounts."""
    base = User.objects.select_related("agency__region", "region")
    if not is_admin(user):
        return base.none()
    region = user_region(user)
    if region is None:
        return base.all()
    return base.filter(
        Q(agency__region__path__startswith=region.path) | Q(region__path__startswith=region.path)
    )


def user_for_user(user: Any, pk: int) -> User:
    try:
        return users_for_user(user).get(pk=pk)
    except User.DoesNotExist:
        raise Http404 from None


def recent_sign_ins(account: User, limit: int = 20) -> QuerySet[LoginAttempt]:
    """The latest attempts made with the account's user name, whatever their outcome."""
    return LoginAttempt.objects.filter(username=account.username).order_by("-at", "-id")[:limit]


def unlocks_of(account: User) -> QuerySet[AccountUnlock]:
    return AccountUnlock.objects.filter(user=account).select_related("by").order_by("-at", "-id")


def token_for_user(user: Any, pk: int) -> ApiToken:
    try:
        return tokens_for_user(user).get(pk=pk)
    except ApiToken.DoesNotExist:
        raise Http404 from None


def second_factor_of(account: Any) -> SecondFactor | None:
    """The account's confirmed authenticator app, if any (a pending enrolment does not count)."""
    return SecondFactor.objects.filter(user=account, confirmed_at__isnull=False).first()
