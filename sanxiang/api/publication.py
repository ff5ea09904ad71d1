"""The publication endpoints of the JSON API: the open data of published decisions (no sign-in) —
search, detail with the published text and its SHA-256 as recorded in the log, the takedown log —
and the staff workbench (pending records with their deadline). Errors carry a code (``api.errors``):
an item not published is 404 ``publication_not_visible``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from sanxiang.api.auth import require_person, session_or_token
from sanxiang.api.errors import AUTH_ERRORS, ERRORS
from sanxiang.core import clock
from sanxiang.core.errors import NotVisible
from sanxiang.publication import queries
from sanxiang.publication.models import Record

router = Router(tags=["事后公开 publication"])

MAX_PAGE = 100


class SearchIn(Schema):
    q: str = ""
    agency: str = ""
    date_from: str = ""
    date_to: str = ""
    kind: str = ""
    limit: int = 20
    offset: int = 0


class ItemOut(Schema):
    id: int
    document_number: str
    party: str
    credit_code: str
    violation: str
    basis: str
    penalty: str
    deciding_body: str
    decided_on: dt.date
    public_until: dt.date
    decision_kind: str
    sha256: str
    version: int


class VersionOut(Schema):
    number: int
    sha256: str
    note: str
    at: dt.datetime


class ItemDetailOut(ItemOut):
    text: str
    published_at: dt.datetime
    versions: list[VersionOut]


class ItemPage(Schema):
    count: int
    items: list[ItemOut]


class TakedownOut(Schema):
    id: int
    document_number: str
    agency: str
    ground: str
    reason: str
    withdrawn_at: dt.datetime
    withdrawal_due: dt.date | None


class PendingOut(Schema):
    id: int
    case_id: int
    document_number: str
    party: str
    state: str
    due: dt.date | None
    due_rule: str
    due_citation: str
    days_left: int | None
    entered_by: str


def _item(record: Record) -> dict[str, Any]:
    summary = record.summary
    return {
        "id": record.pk,
        "document_number": record.document_number,
        "party": record.party_name,
        "credit_code": record.credit_code,
        "violation": summary.get("violation", ""),
        "basis": summary.get("basis", ""),
        "penalty": summary.get("penalty", ""),
        "deciding_body": summary.get("deciding_body", ""),
        "decided_on": record.decided_on,
        "public_until": record.public_until,
        "decision_kind": record.decision_kind,
        "sha256": record.published_digest,
        "version": record.version,
    }


@router.get("/items", response={200: ItemPage, **ERRORS}, summary="已公开的执法决定（检索，分页）")
def list_items(request: HttpRequest, filters: Query[SearchIn]) -> dict[str, Any]:
    terms = queries.parse_search(
        {
            "q": filters.q,
            "agency": filters.agency,
            "from": filters.date_from,
            "to": filters.date_to,
            "kind": filters.kind,
        }
    )
    rows = queries.search(terms)
    limit, offset = max(1, min(filters.limit, MAX_PAGE)), max(0, min(filters.offset, 100_000))
    return {"count": rows.count(), "items": [_item(r) for r in rows[offset : offset + limit]]}


@router.get("/items/{record_id}", response={200: ItemDetailOut, **ERRORS}, summary="已公开的执法决定详情")
def get_item(request: HttpRequest, record_id: int) -> dict[str, Any]:
    record = queries.public_items().filter(pk=record_id).first()
    if record is None:
        raise NotVisible("publication_not_visible", _("No such published item."))
    versions = [
        {"number": v.number, "sha256": v.digest, "note": v.note, "at": v.at}
        for v in record.versions.order_by("number")
    ]
    assert record.published_at is not None
    return {
        **_item(record),
        "text": record.published_text,
        "published_at": record.published_at,
        "versions": versions,
    }


@router.get("/takedowns", response={200: list[TakedownOut], **ERRORS}, summary="撤回记录（不含内容）")
def takedowns(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": r.pk,
            "document_number": r.document_number,
            "agency": r.agency.name,
            "ground": r.withdrawal_ground,
            "reason": r.withdrawal_reason,
            "withdrawn_at": r.withdrawn_at,
            "withdrawal_due": r.withdrawal_due,
        }
        for r in queries.takedown_log()[:500]
    ]


@router.get(
    "/records",
    response={200: list[PendingOut], **AUTH_ERRORS},
    auth=session_or_token,
    summary="待公开（工作台）",
)
def pending(request: HttpRequest) -> list[dict[str, Any]]:
    user = require_person(request)
    today = clock.today()
    return [
        {
            "id": r.pk,
            "case_id": r.case_id,
            "document_number": r.document_number,
            "party": r.party_name,
            "state": r.state,
            "due": r.due,
            "due_rule": r.due_rule,
            "due_citation": r.due_citation,
            "days_left": queries.days_left(r, today),
            "entered_by": str(r.entered_by),
        }
        for r in queries.workbench(user).select_related("entered_by")[:500]
    ]
