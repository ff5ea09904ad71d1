"""The push outbox: every published, withdrawn, corrected or removed item becomes a message in the same
transaction as the change; a periodic job posts the due messages as JSON to the agency's configured
endpoint (policy ``publication.push_endpoint``) with an ``Idempotency-Key`` header, records every
attempt, and retries with a doubling delay until ``MAX_ATTEMPTS``."""

from __future__ import annotations

import datetime as dt
import json
import time
import urllib.error
import urllib.request
from typing import Any

from django.db import transaction

from sanxiang.core import clock, policy
from sanxiang.publication import queries
from sanxiang.publication.models import OutboxMessage, OutboxState, PushAttempt, Record

MAX_ATTEMPTS = 8
FIRST_DELAY = dt.timedelta(minutes=1)


def enqueue(record: Record, event: str) -> OutboxMessage:
    """Called inside the action's transaction; the key names the record, the event and the version."""
    payload: dict[str, Any] = {
        "event": event,
        "id": record.pk,
        "version": record.version,
        "agency": record.agency.name,
        "document_number": record.document_number,
        "party": record.party_name,
        "credit_code": record.credit_code,
        "decided_on": record.decided_on.isoformat(),
        "sha256": record.published_digest,
    }
    if event == "withdrawn":
        payload |= {"ground": record.withdrawal_ground, "reason": record.withdrawal_reason}
    elif event == "removed":
        # Removed early after credit repair: the platforms take it down too; no content is sent.
        payload |= {"reason": record.removal_reason, "citation": record.removal_citation}
    elif event == "expired":
        # The public period is over: the platforms take it down too; no content is sent.
        payload |= {"public_until": record.public_until.isoformat()}
    else:
        # Only the redacted summary: the record's own ``summary`` holds the case's unmasked values.
        payload |= {"summary": queries.public_summary(record), "text": record.published_text}
    return OutboxMessage.objects.create(
        record=record,
        event=event,
        idempotency_key=f"sanxiang-publication-{record.pk}-{event}-v{record.version}",
        payload=payload,
        next_attempt_at=clock.now(),
        created_at=clock.now(),
    )


def _post(url: str, body: bytes, key: str, timeout: float) -> tuple[int | None, str]:
    request = urllib.request.Request(  # noqa: S310 (the endpoint is an administrator's http(s) setting)
        url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", "Idempotency-Key": key},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return None, f"{type(reason).__name__}: {reason}"[:300]


def push_due(*, timeout: float = 10.0, limit: int = 100) -> dict[str, int]:
    """Post the messages that are due; how many were sent, retried later and given up."""
    counts = {"sent": 0, "retry": 0, "failed": 0, "skipped": 0}
    now = clock.now()
    due = OutboxMessage.objects.filter(state=OutboxState.PENDING, next_attempt_at__lte=now).order_by("pk")
    for pk in list(due.values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            message = OutboxMessage.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if message is None or message.state != OutboxState.PENDING:
                continue
            record = message.record
            url = str(policy.value("publication.push_endpoint", record.agency.policy_scopes())).strip()
            if not url.startswith(("http://", "https://")):
                counts["skipped"] += 1  # no endpoint configured: the message waits for one
                continue
            body = json.dumps(message.payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
            started = time.perf_counter()
            status, error = _post(url, body, message.idempotency_key, timeout)
            PushAttempt.objects.create(
                message=message,
                at=clock.now(),
                endpoint=url[:300],
                status_code=status,
                error=error,
                milliseconds=int((time.perf_counter() - started) * 1000),
            )
            message.attempts += 1
            if status is not None and 200 <= status < 300:
                message.state, message.sent_at = OutboxState.SENT, clock.now()
                counts["sent"] += 1
            elif message.attempts >= MAX_ATTEMPTS:
                message.state = OutboxState.FAILED
                counts["failed"] += 1
            else:
                message.next_attempt_at = clock.now() + FIRST_DELAY * (2 ** (message.attempts - 1))
                counts["retry"] += 1
            message.save()
    return counts
