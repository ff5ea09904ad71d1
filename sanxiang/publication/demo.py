"""The demo county publishes its decisions (``sanxiang demo``): each draft is submitted, reviewed and
approved two days after its decision, as an agency working on time would, so the portal, the search
and the on-time rate have something to show. The latest penalty is left as a draft, so the
workbench shows a record past its deadline. Idempotent: nothing is done once one has left the
draft state."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from sanxiang.publication import actions
from sanxiang.publication.models import DecisionKind, Record, RecordState

# The market agency's publication officer and head (``accounts.demo_data``).
PUBLISHER = "scjg_publisher"
HEAD = "scjg_head"


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def ensure_demo_publication() -> int:
    users = get_user_model().objects.filter(username__in=(PUBLISHER, HEAD)).select_related("agency")
    by_name = {user.username: user for user in users}
    if len(by_name) < 2 or by_name[HEAD].agency is None:
        return 0
    agency = by_name[HEAD].agency
    records = Record.objects.filter(agency=agency)
    if records.exclude(state=RecordState.DRAFT).exists():
        return 0
    drafts = list(records.filter(state=RecordState.DRAFT).order_by("decided_on", "pk"))
    penalties = [record for record in drafts if record.decision_kind == DecisionKind.PENALTY]
    keep = penalties[-1].pk if penalties else None
    published = 0
    for record in drafts:
        if record.pk == keep:
            continue
        day = record.decided_on + dt.timedelta(days=2)
        if record.due is not None and day > record.due:
            day = record.due
        record = actions.submit(actor=record.entered_by, record=record, at=_at(day, 9))
        record = actions.review(actor=by_name[PUBLISHER], record=record, at=_at(day, 10))
        actions.approve(actor=by_name[HEAD], record=record, at=_at(day, 15))
        published += 1
    actions.expire_due()  # what the nightly job would have done since: short periods are over
    return published
