"""Reads of the inbox, always of the signed-in person's own messages: unread first, newest first."""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.http import Http404

from sanxiang.inbox.models import Message


def messages_for(user: Any) -> QuerySet[Message]:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "pk", None):
        return Message.objects.none()
    unread = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
    return (
        Message.objects.filter(recipient_id=user.pk)
        .alias(unread_first=unread)
        .order_by("-unread_first", "-created_at", "-pk")
    )


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "pk", None):
        return 0
    return Message.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def message_for_user(user: Any, pk: int) -> Message:
    """Another person's message does not exist for this user (404), like every object out of scope."""
    message = messages_for(user).filter(pk=pk).first()
    if message is None:
        raise Http404
    return message
