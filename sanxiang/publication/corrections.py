"""Correction requests from the public (市场监督管理行政处罚信息公示规定 Art. 12) and their abuse
limits (security review 2026-12, finding 3). Each accepted request is a task with a statutory
deadline and a permanent record log entry, so a flood of them would bury the real ones: requests
are limited per address and per item, an identical request is answered with the number it already
has, and the publication officer may close an obvious abuse request as such. Answering a request
(accept with a corrected text, or reject) is ``actions.handle_correction``."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sanxiang.core import clock, policy
from sanxiang.core.cleaning import Spec, clean
from sanxiang.core.errors import NotAllowed, NotVisible, WrongState
from sanxiang.core.ratelimit import RateLimited
from sanxiang.publication import permissions
from sanxiang.publication.models import Correction, CorrectionState, Record, RecordState
from sanxiang.publication.policies import CORRECTION_ITEM_PER_DAY
from sanxiang.recordlog import actions as recordlog
from sanxiang.workdays import deadlines

CORRECTION_SPECS = (
    Spec("requester", _("Your name"), max_length=100),
    Spec("contact", _("Contact details"), max_length=100),
    Spec("request", _("What is wrong"), kind="multiline", max_length=2000),
    Spec("evidence", _("Evidence"), kind="multiline", max_length=5000),
)
ABUSE_SPECS = (Spec("reason", _("Reason for closing as abuse"), kind="multiline", max_length=500),)

# The per-item limit and the duplicate check look back this far.
ITEM_WINDOW = dt.timedelta(hours=24)

# The per-address check, given by the page (which knows the address); None lets the request pass.
ClientCheck = Callable[[], RateLimited | None]


def _log(kind: str, record: Record, actor: Any, payload: dict[str, Any]) -> None:
    recordlog.append(
        kind=f"publication.{kind}",
        subject=record,
        actor=actor,
        payload={"case_id": record.case_id, "state": record.state, **payload},
        occurred_at=clock.now(),
        agency_id=record.agency_id,
    )


def _duplicate(record: Record, values: dict[str, Any]) -> Correction | None:
    """The same request (text and contact) on the same item within the window: a resend, a
    double click or a script; its number is the answer."""
    return (
        Correction.objects.filter(
            record=record,
            request=values["request"],
            contact=values["contact"],
            created_at__gte=clock.now() - ITEM_WINDOW,
        )
        .order_by("created_at", "pk")
        .first()
    )


def _item_limit(record: Record) -> None:
    resolved = policy.resolve(CORRECTION_ITEM_PER_DAY.key, record.agency.policy_scopes())
    limit = int(resolved.value)
    recent = Correction.objects.filter(record=record, created_at__gte=clock.now() - ITEM_WINDOW).count()
    if recent >= limit:
        raise RateLimited(
            "correction_item_limit",
            _(
                "This item has received %(limit)s correction requests in the last 24 hours, the most "
                "it accepts; please try again tomorrow or contact the agency."
            )
            % {"limit": limit},
        )


@transaction.atomic
def request_correction(
    *, record: Record, data: dict[str, Any], client_check: ClientCheck | None = None
) -> Correction:
    """Anyone may ask for a correction with evidence and contact details (市场监督管理行政处罚信息公示规定
    Art. 12); it is due within the policy period (5 wd by default). Under the item's lock: an
    identical request returns the existing one, then the item's and the address's limits apply,
    so a refused request writes nothing."""
    record = Record.objects.select_for_update().get(pk=record.pk)
    if record.state != RecordState.PUBLISHED:
        raise NotVisible("publication_not_visible", _("No such published item."))
    values = clean(data, CORRECTION_SPECS)
    existing = _duplicate(record, values)
    if existing is not None:
        return existing
    _item_limit(record)
    refused = client_check() if client_check is not None else None
    if refused is not None:
        raise refused
    resolved = policy.resolve("publication.correction_working_days", record.agency.policy_scopes())
    due = deadlines.compute(
        rule_id="A-17",
        citation=f"《市场监督管理行政处罚信息公示规定》第十二条；{resolved.citation}",
        start_event="收到更正申请",
        start_date=clock.today(),
        days=int(resolved.value),
        mode=deadlines.WORKING_DAYS,
    )
    correction = Correction.objects.create(
        record=record,
        tracking_number=f"GZ{clock.today():%Y%m%d}{secrets.token_hex(4).upper()}",
        due=due.due,
        due_citation=due.citation[:300],
        created_at=clock.now(),
        **values,
    )
    _log(
        "correction_requested",
        record,
        None,
        {"tracking_number": correction.tracking_number, "due": due.as_dict()},
    )
    return correction


@transaction.atomic
def close_as_abuse(*, actor: Any, correction: Correction, data: dict[str, Any]) -> Correction:
    """The publication officer closes an obvious abuse request (spam, insults, a flood) with a
    reason: it stays in the staff list with its state and in the record log, and leaves no open
    task. Not limited to published items: a withdrawn item's requests must be closable too."""
    correction = Correction.objects.select_for_update().select_related("record").get(pk=correction.pk)
    record = correction.record
    if not permissions.can_see(actor, record):
        raise NotVisible("publication_not_visible", _("No such publication record."))
    if not permissions.can_redact(actor, record):
        raise NotAllowed("publication_not_allowed", _("You may not do this on this publication record."))
    if correction.state != CorrectionState.OPEN:
        raise WrongState("correction_handled", _("This correction request has already been handled."))
    values = clean(data, ABUSE_SPECS)
    correction.state = CorrectionState.ABUSE
    correction.response = values["reason"]
    correction.handled_at = clock.now()
    correction.save(update_fields=["state", "response", "handled_at"])
    _log(
        "correction_closed_as_abuse",
        record,
        actor,
        {"tracking_number": correction.tracking_number, "reason": values["reason"]},
    )
    return correction
