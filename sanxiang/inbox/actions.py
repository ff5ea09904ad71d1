"""The only writes of the inbox: ``send`` a message to one person, once per dedup key, and
``mark_read`` one's own message. Each is one transaction with its record-log entry, so that who was
told what, and when they read it, is on the tamper-evident record (a reviewer told of an overdue
round cannot later say nobody said)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from sanxiang.core import clock
from sanxiang.core.cleaning import Spec, clean
from sanxiang.core.errors import Invalid, NotVisible
from sanxiang.inbox.models import Message
from sanxiang.recordlog import actions as recordlog

KIND = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*")
SPECS = (
    Spec("subject", _("Subject of the message"), max_length=200),
    Spec("body", _("Text of the message"), kind="multiline", max_length=5000, required=False),
    Spec("dedup_key", _("Dedup key of the message"), max_length=200),
)


def _check_link(link: str) -> str:
    # A path on this site only: a message must never send its reader to another host.
    if link and (not link.startswith("/") or link.startswith("//") or "\\" in link or len(link) > 300):
        raise Invalid(
            "inbox_link",
            _("The link of a message is a path on this site, starting with one “/”."),
            field="link",
        )
    return link


def send(
    *,
    recipient: Any,
    kind: str,
    subject: str,
    dedup_key: str,
    body: str = "",
    link: str = "",
    agency_id: int | None = None,
    actor: Any = None,
    at: dt.datetime | None = None,
) -> Message | None:
    """The new message, or None when this recipient already has one with ``dedup_key``."""
    if not isinstance(kind, str) or len(kind) > 60 or not KIND.fullmatch(kind):
        raise Invalid("inbox_kind", _("The kind of a message is a short lowercase code."), field="kind")
    if recipient is None or not getattr(recipient, "pk", None):
        raise Invalid("inbox_recipient", _("A message needs a recipient."), field="recipient")
    values = clean({"subject": subject, "body": body, "dedup_key": dedup_key}, SPECS)
    link = _check_link(link or "")
    at = at or clock.now()
    with transaction.atomic():
        if Message.objects.filter(recipient=recipient, dedup_key=values["dedup_key"]).exists():
            return None
        try:
            # A savepoint: a concurrent run that sent the same message first leaves this one out,
            # and the caller's transaction goes on.
            with transaction.atomic():
                message = Message.objects.create(
                    recipient=recipient, agency_id=agency_id, kind=kind, link=link, created_at=at, **values
                )
        except IntegrityError:
            return None
        recordlog.append(
            kind="inbox.sent",
            subject=message,
            actor=actor if getattr(actor, "pk", None) else None,
            payload={
                "message_id": message.pk,
                "recipient_id": recipient.pk,
                "kind": kind,
                "subject": message.subject,
                "link": link,
                "dedup_key": message.dedup_key,
            },
            occurred_at=at,
            agency_id=agency_id,
        )
    return message


def mark_read(*, actor: Any, message: Message, at: dt.datetime | None = None) -> Message:
    """Idempotent: a message already read keeps its first reading time and logs nothing more."""
    if actor is None or getattr(actor, "pk", None) != message.recipient_id:
        raise NotVisible("inbox_not_visible", _("There is no such message in your inbox."), field="message")
    at = at or clock.now()
    with transaction.atomic():
        changed = Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=at)
        if changed:
            recordlog.append(
                kind="inbox.read",
                subject=message,
                actor=actor,
                payload={"message_id": message.pk, "kind": message.kind},
                occurred_at=at,
                agency_id=message.agency_id,
            )
    message.refresh_from_db(fields=["read_at"])
    return message
