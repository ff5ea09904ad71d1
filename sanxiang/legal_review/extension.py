"""Extension of a review round's period (legal-rules C-08: 10 working days, extendable with
approval): the agency's head approves it once per round, with a reason, by the policy
``legal_review.extension_working_days`` (3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sanxiang.core import clock, policy
from sanxiang.core.cleaning import Spec, clean
from sanxiang.core.errors import Conflict, NotAllowed, WrongState
from sanxiang.core.roles import Role
from sanxiang.legal_review import citations
from sanxiang.legal_review.models import ReviewRound
from sanxiang.recordlog import actions as recordlog
from sanxiang.workdays import arithmetic

REASON = Spec("reason", _("Reason for the extension"), kind="multiline", max_length=500)


def extend(*, actor: Any, round: ReviewRound, reason: str, at: dt.datetime | None = None) -> ReviewRound:
    case = round.case
    if not (getattr(actor, "role", None) == Role.HEAD and actor.agency_id == case.agency_id):
        raise NotAllowed("not_allowed", _("The agency's head approves an extension of the legal review."))
    reason = clean({"reason": reason}, (REASON,))["reason"]
    days = int(policy.value("legal_review.extension_working_days", case.agency.policy_scopes()))
    at = at or clock.now()
    with transaction.atomic():
        row = ReviewRound.objects.select_for_update().select_related("case").get(pk=round.pk)
        if row.opinion:
            raise WrongState(
                "review_closed", _("This review round has its opinion already."), citation=citations.ART_58
            )
        if row.extended_days or days == 0:
            raise Conflict(
                "review_extended",
                _("The review period of a round is extended once, by %(days)d working days.")
                % {"days": days},
                field="reason",
            )
        previous = row.due
        row.due = arithmetic.add_working_days(previous, days)
        row.extended_days = days
        row.save(update_fields=["due", "extended_days"])
        recordlog.append(
            kind="legal_review.extended",
            subject=row,
            actor=actor,
            payload={
                "case_id": case.pk,
                "number": case.number,
                "round": row.number,
                "from": previous.isoformat(),
                "to": row.due.isoformat(),
                "days": days,
                "reason": reason,
            },
            occurred_at=at,
            agency_id=case.agency_id,
        )
    return row
