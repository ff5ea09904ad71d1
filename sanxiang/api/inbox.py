"""API of the inbox: a signed-in person's messages, unread first, and marking one read. A token
has no inbox: both operations are for persons. Another person's message does not exist (404)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from sanxiang.api.auth import require_person, session_or_token
from sanxiang.api.errors import AUTH_ERRORS
from sanxiang.inbox import actions, queries
from sanxiang.inbox.models import Message

router = Router(tags=["站内消息 inbox"], auth=session_or_token)


class MessageOut(Schema):
    id: int
    kind: str
    subject: str
    body: str
    link: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class InboxOut(Schema):
    unread: int
    messages: list[MessageOut]


def _message(row: Message) -> dict[str, Any]:
    return {
        "id": row.pk,
        "kind": row.kind,
        "subject": row.subject,
        "body": row.body,
        "link": row.link,
        "created_at": row.created_at,
        "read_at": row.read_at,
    }


@router.get(
    "/messages", response={200: InboxOut, **AUTH_ERRORS}, summary="我的站内消息（未读在前，新的在前）"
)
def list_messages(request: HttpRequest) -> Any:
    actor = require_person(request)
    return {
        "unread": queries.unread_count(actor),
        "messages": [_message(m) for m in queries.messages_for(actor)[:200]],
    }


@router.post("/messages/{message_id}/read", response={200: MessageOut, **AUTH_ERRORS}, summary="标记消息已读")
def read_message(request: HttpRequest, message_id: int) -> Any:
    actor = require_person(request)
    message = queries.message_for_user(actor, message_id)
    return _message(actions.mark_read(actor=actor, message=message))
