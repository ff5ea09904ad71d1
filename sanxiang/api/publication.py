"""The publication endpoints of the JSON API: the open data of published decisions (no sign-in) —
search, detail with the published text and its SHA-256 as recorded in the log, the takedown log —
and the staff workbench (pending records with their deadline). Errors carry a code (``api.errors``):
an item not published is 404 ``publication_not_visible``.

The staff flow, ``/records/{id}/…``: every step calls the same action as the record page. Writes are
acts of a person (a token is refused, 403), and each body carries the ``state`` the caller last saw,
as the page's forms do, so a step repeated or crossed by someone else is 409 ``publication_changed``
and writes nothing. A record of another agency does not exist for the caller (404); a step the
caller's role may not take is 403, asked before the state."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from sanxiang.api.auth import require_person, require_scope, session_or_token
from sanxiang.api.errors import AUTH_ERRORS, ERRORS
from sanxiang.catalog.actions.access import record_private_read
from sanxiang.core import clock
from sanxiang.core.errors import Invalid, NotAllowed, NotVisible, WrongState
from sanxiang.publication import actions, permissions, queries, redaction, removal
from sanxiang.publication.models import Correction, Record

router = Router(tags=["事后公开 publication"])

MAX_PAGE = 100
# As on the portal (views_public): the count stops at COUNT_CAP and paging stops at MAX_OFFSET, so no
# request scans every match of a frequent term.
COUNT_CAP = queries.COUNT_CAP
MAX_OFFSET = 10_000


class SearchIn(Schema):
    q: str = ""
    agency: str = ""
    date_from: str = ""
    date_to: str = ""
    kind: str = ""
    limit: int = Field(20, ge=1, le=MAX_PAGE)
    # The cap is checked by the handler, which explains it (narrow the search); the schema states it.
    offset: int = Field(0, ge=0, json_schema_extra={"maximum": MAX_OFFSET})


class PublicationItemOut(Schema):
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
    # "summary": the text is the decision's summary; "full": the whole redacted decision document.
    content: str
    sha256: str
    version: int


class VersionOut(Schema):
    number: int
    sha256: str
    note: str
    at: dt.datetime


class PublicationItemDetailOut(PublicationItemOut):
    text: str
    published_at: dt.datetime
    versions: list[VersionOut]


class ItemPage(Schema):
    # At most COUNT_CAP; "more" is true when there are more matches than that.
    count: int
    more: bool
    items: list[PublicationItemOut]


class TakedownOut(Schema):
    id: int
    document_number: str
    agency: str
    # "withdrawn" (处罚法 Art. 48 ¶2) or "removed" (early, after credit repair).
    state: str
    ground: str
    reason: str
    taken_down_at: dt.datetime
    withdrawn_at: dt.datetime | None
    withdrawal_due: dt.date | None
    removed_at: dt.datetime | None


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
    # Only the redacted copy: the record's own summary holds the case's unmasked values.
    summary = queries.public_summary(record)
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
        "content": record.content,
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
    if filters.offset > MAX_OFFSET:
        raise Invalid(
            "publication_offset",
            _("Offset: at most %(max)s; narrow the search instead of paging further.") % {"max": MAX_OFFSET},
            field="offset",
        )
    rows = queries.search(terms)
    limit, offset = filters.limit, filters.offset
    count, more = queries.capped_count(rows)  # as on the portal; "more" says the count was cut
    return {
        "count": count,
        "more": more,
        "items": [_item(r) for r in rows[offset : offset + limit]],
    }


@router.get(
    "/items/{record_id}", response={200: PublicationItemDetailOut, **ERRORS}, summary="已公开的执法决定详情"
)
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


@router.get(
    "/takedowns",
    response={200: list[TakedownOut], **ERRORS},
    summary="撤回及信用修复提前移除记录（不含内容）",
)
def takedowns(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": r.pk,
            "document_number": r.document_number,
            "agency": r.agency.name,
            "state": r.state,
            "ground": r.withdrawal_ground if r.state == "withdrawn" else "credit_repair",
            "reason": r.withdrawal_reason if r.state == "withdrawn" else r.removal_reason,
            "taken_down_at": r.taken_down_at,  # type: ignore[attr-defined]
            "withdrawn_at": r.withdrawn_at,
            "withdrawal_due": r.withdrawal_due,
            "removed_at": r.removed_at,
        }
        for r in removal.takedown_log()[:500]
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


# --- the staff flow ------------------------------------------------------------------------------

READ_CASES = "cases:read"


class MaskOut(Schema):
    index: int
    start: int
    end: int
    text: str
    category: str
    reason: str
    auto: bool


class HitOut(Schema):
    category: str
    label: str
    text: str


class CorrectionOut(Schema):
    id: int
    tracking_number: str
    state: str
    request: str
    evidence: str
    due: dt.date
    response: str


class PublicationRecordOut(Schema):
    id: int
    case_id: int
    state: str
    content: str
    decision_kind: str
    document_number: str
    party: str
    due: dt.date | None
    due_rule: str
    due_citation: str
    public_until: dt.date
    original_text: str
    masks: list[MaskOut]
    redacted_text: str
    leak_hits: list[HitOut]
    published_text: str
    sha256: str
    version: int
    withheld_reason: str
    withdrawal_reason: str
    removal_reason: str
    removal_citation: str
    corrections: list[CorrectionOut]


class StateIn(Schema):
    state: str


class DraftIn(StateIn):
    text: str | None = None
    other_persons: str | None = None


class WithholdIn(StateIn):
    ground: str
    note: str


class MaskIn(StateIn):
    text: str
    reason: str


class PublicationReasonIn(StateIn):
    reason: str


class WithdrawIn(StateIn):
    ground: str
    reason: str
    ground_on: str


class CorrectionIn(StateIn):
    accept: bool
    response: str
    text: str = ""


class AbuseIn(StateIn):
    reason: str


class RemovalIn(StateIn):
    reason: str
    repair_reference: str


def _record_out(actor: Any, record: Record) -> dict[str, Any]:
    record.refresh_from_db()
    # The original text holds the parties' personal data: reading it is logged, as on the page.
    record_private_read(
        actor=actor, subject=record, agency_id=record.agency_id, what="publication_original", channel="api"
    )
    original = record.original_text
    return {
        "id": record.pk,
        "case_id": record.case_id,
        "state": record.state,
        "content": record.content,
        "decision_kind": record.decision_kind,
        "document_number": record.document_number,
        "party": record.party_name,
        "due": record.due,
        "due_rule": record.due_rule,
        "due_citation": record.due_citation,
        "public_until": record.public_until,
        "original_text": original,
        "masks": [
            {
                "index": i,
                "start": m["start"],
                "end": m["end"],
                "text": original[m["start"] : m["end"]],
                "category": m.get("category", ""),
                "reason": m.get("reason", ""),
                "auto": bool(m.get("auto")),
            }
            for i, m in enumerate(record.masks)
        ],
        "redacted_text": redaction.apply(original, record.masks),
        "leak_hits": [
            {"category": h.category, "label": h.label, "text": h.text}
            for h in (actions.leak_hits(record) if record.state == "redaction" else [])
        ],
        "published_text": record.published_text,
        "sha256": record.published_digest,
        "version": record.version,
        "withheld_reason": record.withheld_reason,
        "withdrawal_reason": record.withdrawal_reason,
        "removal_reason": record.removal_reason,
        "removal_citation": record.removal_citation,
        "corrections": [
            {
                "id": c.pk,
                "tracking_number": c.tracking_number,
                "state": c.state,
                "request": c.request,
                "evidence": c.evidence,
                "due": c.due,
                "response": c.response,
            }
            for c in record.corrections.order_by("created_at", "pk")
        ],
    }


def _acting(request: HttpRequest, record_id: int, allowed: Any, seen: str) -> tuple[Any, Record]:
    """The person acting and the record, after the three questions every step asks in this order:
    may the caller see it (404), may its role take this step (403), is it still as seen (409)."""
    actor = require_person(request)
    record = queries.record_for(actor, record_id)
    if record is None:
        raise NotVisible("publication_not_visible", _("No such publication record."))
    if not allowed(actor, record):
        raise NotAllowed("publication_not_allowed", _("You may not do this on this publication record."))
    if seen != record.state:
        raise WrongState(
            "publication_changed",
            _("The record changed since you read it: it is now %(state)s.") % {"state": record.state},
            field="state",
        )
    return actor, record


STEP_ERRORS = {200: PublicationRecordOut, **AUTH_ERRORS}


@router.get(
    "/records/{record_id}",
    response=STEP_ERRORS,
    auth=session_or_token,
    summary="公示记录详情（含原文与隐去标记）",
)
def get_record(request: HttpRequest, record_id: int) -> dict[str, Any]:
    actor = require_scope(request, READ_CASES)
    record = queries.record_for(actor, record_id)
    if record is None:
        raise NotVisible("publication_not_visible", _("No such publication record."))
    return _record_out(actor, record)


@router.post(
    "/records/{record_id}/draft", response=STEP_ERRORS, auth=session_or_token, summary="修改公示草稿"
)
def edit_draft(request: HttpRequest, record_id: int, payload: DraftIn) -> dict[str, Any]:
    actor, record = _acting(request, record_id, permissions.can_draft, payload.state)
    data = {k: v for k, v in payload.dict(exclude={"state"}).items() if v is not None}
    return _record_out(actor, actions.edit_draft(actor=actor, record=record, data=data))


@router.post(
    "/records/{record_id}/withhold", response=STEP_ERRORS, auth=session_or_token, summary="不予公开（涉密等）"
)
def withhold(request: HttpRequest, record_id: int, payload: WithholdIn) -> dict[str, Any]:
    actor, record = _acting(request, record_id, permissions.can_draft, payload.state)
    data = payload.dict(exclude={"state"})
    return _record_out(actor, actions.withhold(actor=actor, record=record, data=data))


@router.post(
    "/records/{record_id}/submit",
    response=STEP_ERRORS,
    auth=session_or_token,
    summary="提交隐私处理（自动隐去）",
)
def submit(request: HttpRequest, record_id: int, payload: StateIn) -> dict[str, Any]:
    actor, record = _acting(request, record_id, permissions.can_draft, payload.state)
    return _record_out(actor, actions.submit(actor=actor, record=record))


@router.post(
    "/records/{record_id}/masks", response=STEP_ERRORS, auth=session_or_token, summary="添加隐去标记"
)
def add_mask(request: HttpRequest, record_id: int, payload: MaskIn) -> dict[str, Any]:
    actor, record = _acting(request, record_id, permissions.can_redact, payload.state)
    data = payload.dict(exclude={"state"})
    return _record_out(actor, actions.add_mask(actor=actor, record=record, data=data))


@router.post(
    "/records/{record_id}/masks/{index}/remove",
    response=STEP_ERRORS,
    auth=session_or_token,
    summary="删除隐去标记（须说明理由）",
)
def remove_mask(
    request: HttpRequest, record_id: int, index: int, payload: PublicationReasonIn
) -> dict[str, Any]:
    actor, record = _acting(request, record_id, permissions.can_redact, payload.state)
    data = {"index": index, "reason": payload.reason}
    return _record_out(actor, actions.remove_mask(actor=actor, record=record, data=data))


@router.post(
    "/records/{record_id}/review",
    response=STEP_ERRORS,
    auth=session_or_token,
    summary="审查通过，报负责人审批",
)
def review(request: HttpRequest, record_id: int, payload: StateIn) -> dict[str, Any]:
    actor, record = _acting(request, record_id, permissions.can_redact, payload.state)
    return _record_out(actor, actions.review(actor=actor, record=record))


@router.post(
    "/records/{record_id}/send-back", response=STEP_ERRORS, auth=session_or_token, summary="退回隐私处理"
)
def send_back(request: HttpRequest, record_id: int, payload: PublicationReasonIn) -> dict[str, Any]:
    actor, record = _acting(request, record_id, permissions.can_approve, payload.state)
    data = {"reason": payload.reason}
    return _record_out(actor, actions.send_back(actor=actor, record=record, data=data))


@router.post(
    "/records/{record_id}/approve", response=STEP_ERRORS, auth=session_or_token, summary="批准并公开"
)
def approve(request: HttpRequest, record_id: int, payload: StateIn) -> dict[str, Any]:
    actor, record = _acting(request, record_id, permissions.can_approve, payload.state)
    return _record_out(actor, actions.approve(actor=actor, record=record))


@router.post(
    "/records/{record_id}/withdraw",
    response=STEP_ERRORS,
    auth=session_or_token,
    summary="撤回（三日内并说明理由）",
)
def withdraw(request: HttpRequest, record_id: int, payload: WithdrawIn) -> dict[str, Any]:
    actor, record = _acting(request, record_id, permissions.can_withdraw, payload.state)
    data = payload.dict(exclude={"state"})
    return _record_out(actor, actions.withdraw(actor=actor, record=record, data=data))


def _correction(record: Any, correction_id: int) -> Correction:
    """A correction request of this record (the record is already scoped to the actor)."""
    correction = Correction.objects.filter(pk=correction_id, record=record).first()
    if correction is None:
        raise Invalid(
            "correction_unknown", _("Correction request: there is no such request."), field="correction"
        )
    return correction


@router.post(
    "/records/{record_id}/corrections/{correction_id}",
    response=STEP_ERRORS,
    auth=session_or_token,
    summary="答复更正申请",
)
def handle_correction(
    request: HttpRequest, record_id: int, correction_id: int, payload: CorrectionIn
) -> dict[str, Any]:
    actor, record = _acting(request, record_id, permissions.can_redact, payload.state)
    correction = _correction(record, correction_id)
    data = payload.dict(exclude={"state"})
    actions.handle_correction(actor=actor, correction=correction, data=data)
    return _record_out(actor, record)


@router.post(
    "/records/{record_id}/corrections/{correction_id}/abuse",
    response=STEP_ERRORS,
    auth=session_or_token,
    summary="作为滥用请求关闭更正申请",
)
def close_correction_as_abuse(
    request: HttpRequest, record_id: int, correction_id: int, payload: AbuseIn
) -> dict[str, Any]:
    actor, record = _acting(request, record_id, permissions.can_redact, payload.state)
    correction = _correction(record, correction_id)
    actions.close_as_abuse(actor=actor, correction=correction, data=payload.dict(exclude={"state"}))
    return _record_out(actor, record)


@router.post(
    "/records/{record_id}/removal",
    response=STEP_ERRORS,
    auth=session_or_token,
    summary="信用修复后提前移除",
)
def remove_early(request: HttpRequest, record_id: int, payload: RemovalIn) -> dict[str, Any]:
    actor, record = _acting(request, record_id, permissions.can_remove, payload.state)
    data = payload.dict(exclude={"state"})
    return _record_out(actor, removal.remove_early(actor=actor, record=record, data=data))
