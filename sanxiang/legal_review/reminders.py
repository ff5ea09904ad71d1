"""Reminders of review rounds falling due (legal-rules C-06: the review period is the policy
``legal_review.review_working_days``): each open round due within the policy
``legal_review.remind_working_days`` working days gets one record-log entry per due day, naming its
reviewer (or none yet), for the reviewer's queue and the head. Run by the daily job."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from sanxiang.core import clock, policy
from sanxiang.legal_review.models import ReviewRound
from sanxiang.recordlog import actions as recordlog
from sanxiang.workdays import arithmetic


def remind_due(today: dt.date | None = None) -> int:
    """Record a reminder for each open round due soon and not yet reminded for that day; how many."""
    today = today or clock.today()
    at = clock.now()
    count = 0
    open_rounds = ReviewRound.objects.filter(opinion="").select_related("case", "case__agency")
    for row in open_rounds.order_by("due", "pk"):
        days = int(policy.value("legal_review.remind_working_days", row.case.agency.policy_scopes()))
        if row.due > arithmetic.add_working_days(today, days) or row.reminded_for == row.due:
            continue
        with transaction.atomic():
            locked = ReviewRound.objects.select_for_update().get(pk=row.pk)
            if locked.opinion or locked.reminded_for == locked.due:
                continue
            locked.reminded_for = locked.due
            locked.save(update_fields=["reminded_for"])
            recordlog.append(
                kind="legal_review.reminded",
                subject=locked,
                actor=None,
                payload={
                    "case_id": row.case_id,
                    "number": row.case.number,
                    "round": locked.number,
                    "due": locked.due.isoformat(),
                    "reviewer_id": locked.reviewer_id,
                    "overdue": locked.due < today,
                },
                occurred_at=at,
                agency_id=row.case.agency_id,
            )
        count += 1
    return count
