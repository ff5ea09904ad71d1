"""Reminders of review rounds falling due (legal-rules C-06, C-08: the review period is the policy
``legal_review.review_working_days``). Each open round due within the policy
``legal_review.remind_working_days`` working days is reminded once per reminder kind and due day:
"due soon" before its due day, "due today" on it, "overdue" after it. A reminder is one record-log
entry naming who was told, and an inbox message to each of them: the assigned reviewer; while no
reviewer is assigned, the agency's legal reviewers (any of them may take the round); once overdue,
also the agency's heads, who answer for the review being done in time (legal-rules C-10). A
supplement or an extension moves the due day, and the reminders of the new day are sent anew. Run by
the daily job; a run repeated the same day sends nothing twice (the inbox's dedup key and the log
entry of the kind and day)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from sanxiang.core import clock, policy
from sanxiang.core.roles import Role
from sanxiang.inbox import actions as inbox
from sanxiang.legal_review.models import ReviewRound
from sanxiang.recordlog import actions as recordlog
from sanxiang.recordlog import queries as recordlog_queries
from sanxiang.workdays import arithmetic

DUE_SOON = "due_soon"
DUE_TODAY = "due_today"
OVERDUE = "overdue"


def reminder_kind(due: dt.date, today: dt.date) -> str:
    if today < due:
        return DUE_SOON
    return DUE_TODAY if today == due else OVERDUE


def _already(row: ReviewRound, kind: str) -> bool:
    entries = recordlog_queries.entries_for_subject(row._meta.label_lower, row.pk).filter(
        kind="legal_review.reminded"
    )
    due = row.due.isoformat()
    return any(e.payload.get("reminder") == kind and e.payload.get("due") == due for e in entries)


def recipients(row: ReviewRound, kind: str) -> list[Any]:
    """Who is told, in a stable order, each once."""
    users = get_user_model().objects.filter(agency_id=row.case.agency_id, is_active=True)
    found: list[Any] = []
    if row.reviewer_id is not None:
        found.append(row.reviewer)
    else:
        recused = set(row.recused or [])
        found += [u for u in users.filter(role=Role.LEGAL_REVIEWER).order_by("pk") if u.pk not in recused]
    if kind == OVERDUE:
        found += list(users.filter(role=Role.HEAD).order_by("pk"))
    unique: dict[int, Any] = {}
    for user in found:
        unique.setdefault(user.pk, user)
    return list(unique.values())


def _subject(row: ReviewRound, kind: str) -> str:
    values = {"number": row.case.number or row.case_id, "round": row.number, "due": row.due.isoformat()}
    if kind == DUE_SOON:
        text = _("Legal review of case %(number)s (round %(round)d) is due on %(due)s")
    elif kind == DUE_TODAY:
        text = _("Legal review of case %(number)s (round %(round)d) is due today, %(due)s")
    else:
        text = _("Legal review of case %(number)s (round %(round)d) is overdue: it was due on %(due)s")
    return text % values


def _body(row: ReviewRound, user: Any) -> str:
    period = _(
        "The review is completed within the period of the policy legal_review.review_working_days "
        "(legal-rules C-08), counted from the complete package."
    )
    if row.reviewer_id is None:
        return _("No reviewer is assigned yet: assign one or take the round.") + " " + period
    if row.reviewer_id == user.pk:
        return _("You are the assigned reviewer.") + " " + period
    return _("The assigned reviewer is %(name)s.") % {"name": str(row.reviewer)} + " " + period


def _remind(row: ReviewRound, kind: str, today: dt.date, at: dt.datetime) -> bool:
    with transaction.atomic():
        locked = (
            ReviewRound.objects.select_for_update(of=("self",))
            .select_related("case", "reviewer")
            .get(pk=row.pk)
        )
        if locked.opinion or reminder_kind(locked.due, today) != kind or _already(locked, kind):
            return False
        locked.reminded_for = locked.due
        locked.save(update_fields=["reminded_for"])
        link = reverse("cases:case", args=[locked.case_id]) + "#legal-review"
        told = []
        with translation.override(settings.LANGUAGE_CODE):
            for user in recipients(locked, kind):
                message = inbox.send(
                    recipient=user,
                    kind=f"legal_review.{kind}",
                    subject=_subject(locked, kind),
                    body=_body(locked, user),
                    link=link,
                    dedup_key=f"legal_review.round.{locked.pk}.{kind}.{locked.due.isoformat()}",
                    agency_id=locked.case.agency_id,
                    at=at,
                )
                if message is not None:
                    told.append(user.pk)
        recordlog.append(
            kind="legal_review.reminded",
            subject=locked,
            actor=None,
            payload={
                "case_id": locked.case_id,
                "number": locked.case.number,
                "round": locked.number,
                "due": locked.due.isoformat(),
                "reviewer_id": locked.reviewer_id,
                "reminder": kind,
                "overdue": kind == OVERDUE,
                "notified": told,
            },
            occurred_at=at,
            agency_id=locked.case.agency_id,
        )
    return True


def remind_due(today: dt.date | None = None) -> int:
    """Remind each open round due soon, today or overdue, once per kind and due day; how many."""
    today = today or clock.today()
    at = clock.now()
    count = 0
    open_rounds = ReviewRound.objects.filter(opinion="").select_related("case", "case__agency")
    for row in open_rounds.order_by("due", "pk"):
        days = int(policy.value("legal_review.remind_working_days", row.case.agency.policy_scopes()))
        if row.due > arithmetic.add_working_days(today, days):
            continue
        kind = reminder_kind(row.due, today)
        if _already(row, kind):
            continue
        if _remind(row, kind, today, at):
            count += 1
    return count
