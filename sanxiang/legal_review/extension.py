"""Extension of a review round's period (legal-rules C-08: 10 working days, extendable with
approval): the assigned reviewer asks for it with a reason; the agency's head approves it once per
round, with a reason, by the policy ``legal_review.extension_working_days`` (3), or refuses it with
a reason. The head may also extend unasked; an approval completes the pending request."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sanxiang.core import clock, policy
from sanxiang.core.cleaning import Spec, clean
from sanxiang.core.errors import Conflict, NotAllowed, WrongState
from sanxiang.core.roles import Role
from sanxiang.legal_review import actions
from sanxiang.legal_review.models import ReviewRound
from sanxiang.recordlog import actions as recordlog
from sanxiang.workdays import arithmetic

REASON = Spec("reason", _("Reason for the extension"), kind="multiline", max_length=500)
REFUSAL = Spec("reason", _("Reason for the refusal"), kind="multiline", max_length=500)


def _is_head(actor: Any, round_: ReviewRound) -> bool:
    return bool(getattr(actor, "role", None) == Role.HEAD and actor.agency_id == round_.case.agency_id)


def _days(round_: ReviewRound) -> int:
    return int(policy.value("legal_review.extension_working_days", round_.case.agency.policy_scopes()))


def _once(days: int) -> Conflict:
    return Conflict(
        "review_extended",
        _("The review period of a round is extended once, by %(days)d working days.") % {"days": days},
        field="reason",
    )


def _log(kind: str, row: ReviewRound, actor: Any, payload: dict[str, Any], at: dt.datetime) -> None:
    case = row.case
    recordlog.append(
        kind=f"legal_review.{kind}",
        subject=row,
        actor=actor,
        payload={"case_id": case.pk, "number": case.number, "round": row.number, **payload},
        occurred_at=at,
        agency_id=case.agency_id,
    )


def request_extension(
    *, actor: Any, round: ReviewRound, reason: str, at: dt.datetime | None = None
) -> ReviewRound:
    """The assigned reviewer asks the head for more time, before the period ends or after."""
    current = ReviewRound.objects.filter(pk=round.pk).values_list("reviewer_id", flat=True).first()
    if current is None or current != getattr(actor, "pk", None):
        raise NotAllowed("not_allowed", _("Only the reviewer assigned to the round asks for an extension."))
    reason = clean({"reason": reason}, (REASON,))["reason"]
    at = at or clock.now()
    with transaction.atomic():
        row = actions.locked_open(round)
        days = _days(row)
        if row.extended_days or days == 0:
            raise _once(days)
        if row.extension_pending:
            raise Conflict(
                "extension_pending",
                _("An extension of this round is asked for already and awaits the head."),
                field="reason",
            )
        row.extension_requested_at = at
        row.extension_requested_by = actor
        row.extension_request_reason = reason
        row.extension_refused_at = None
        row.extension_refusal_reason = ""
        row.save(
            update_fields=[
                "extension_requested_at",
                "extension_requested_by",
                "extension_request_reason",
                "extension_refused_at",
                "extension_refusal_reason",
            ]
        )
        _log("extension_requested", row, actor, {"reason": reason, "due": row.due.isoformat()}, at)
    return row


def refuse_extension(
    *, actor: Any, round: ReviewRound, reason: str, at: dt.datetime | None = None
) -> ReviewRound:
    """The head refuses the pending request: the period stays; the reviewer may ask again."""
    if not _is_head(actor, round):
        raise NotAllowed("not_allowed", _("The agency's head decides on an extension of the legal review."))
    reason = clean({"reason": reason}, (REFUSAL,))["reason"]
    at = at or clock.now()
    with transaction.atomic():
        row = actions.locked_open(round)
        if not row.extension_pending:
            raise WrongState(
                "extension_not_requested", _("No extension of this round is asked for."), field="reason"
            )
        row.extension_refused_at = at
        row.extension_refusal_reason = reason
        row.save(update_fields=["extension_refused_at", "extension_refusal_reason"])
        _log("extension_refused", row, actor, {"reason": reason, "due": row.due.isoformat()}, at)
    return row


def extend(*, actor: Any, round: ReviewRound, reason: str, at: dt.datetime | None = None) -> ReviewRound:
    if not _is_head(actor, round):
        raise NotAllowed("not_allowed", _("The agency's head approves an extension of the legal review."))
    reason = clean({"reason": reason}, (REASON,))["reason"]
    at = at or clock.now()
    with transaction.atomic():
        row = actions.locked_open(round)
        days = _days(row)
        if row.extended_days or days == 0:
            raise _once(days)
        requested = row.extension_pending
        previous = row.due
        row.due = arithmetic.add_working_days(previous, days)
        row.extended_days = days
        row.save(update_fields=["due", "extended_days"])
        _log(
            "extended",
            row,
            actor,
            {
                "from": previous.isoformat(),
                "to": row.due.isoformat(),
                "days": days,
                "reason": reason,
                # Who asked, when there was a request: the approval completes it.
                "requested_by": row.extension_requested_by_id if requested else None,
            },
            at,
        )
    return row
