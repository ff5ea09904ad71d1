from __future__ import annotations

import datetime as dt

from ninja import Schema

from sanxiang.accounts.models import ApiToken


class AgencyBrief(Schema):
    id: int
    name: str


class RegionBrief(Schema):
    code: str
    name: str


class MeOut(Schema):
    """The caller: a person signed in through the session, or an API token acting for its agency."""

    kind: str  # "user" or "token"
    username: str
    display_name: str
    role: str
    role_label: str
    agency: AgencyBrief | None
    region: RegionBrief | None
    scopes: list[str]


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    agency: AgencyBrief
    scopes: list[str]
    created_by: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None

    @staticmethod
    def resolve_created_by(obj: ApiToken) -> str:
        return str(obj.created_by)


class TokenCreatedOut(TokenOut):
    secret: str  # shown this once; only its digest is stored


class TokenIn(Schema):
    agency_id: int
    name: str
    scopes: list[str]
