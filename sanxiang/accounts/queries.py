"""Reads for accounts, scoped like every other read."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sanxiang.accounts.models import ApiToken
from sanxiang.catalog import queries as catalog_queries


def tokens_for_user(user: Any) -> QuerySet[ApiToken]:
    """The API tokens of the agencies the user may see (callers check the administrator role)."""
    return ApiToken.objects.filter(agency__in=catalog_queries.agencies_for_user(user)).select_related(
        "agency", "created_by"
    )
