"""Reads of personal data are recorded too (chain of custody): who saw which officer's private
fields (phone, photo) or which party's identity data (ID number, address, phone), when, and through
which page or endpoint. The record log entry is the only
trace; nothing else changes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models, transaction

from sanxiang.catalog.actions._common import log_actor, token_label
from sanxiang.core import clock
from sanxiang.recordlog import actions as recordlog


@transaction.atomic
def record_private_read(
    *,
    actor: Any,
    subject: models.Model,
    agency_id: int,
    what: str,
    channel: str,
    officer_ids: Sequence[int] = (),
    party_ids: Sequence[int] = (),
) -> None:
    """``what`` names the data seen (e.g. "officer_contact", "officer_photo"); ``channel`` the page
    or endpoint. Lists record the ids of the officers whose data was shown."""
    payload: dict[str, Any] = {"what": what, "channel": channel}
    if officer_ids:
        payload["officer_ids"] = sorted(int(pk) for pk in officer_ids)
    if party_ids:
        payload["party_ids"] = sorted(int(pk) for pk in party_ids)
    token = token_label(actor)
    if token:
        payload["via"] = token
    recordlog.append(
        kind=f"access.{what}",
        subject=subject,
        actor=log_actor(actor),
        payload=payload,
        occurred_at=clock.now(),
        agency_id=agency_id,
    )
