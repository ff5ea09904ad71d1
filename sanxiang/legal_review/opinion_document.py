"""The opinion as an official document (法制审核意见书): issued with the opinion, in the same
transaction, so it lands in the case file with its number, the opinion, the checklist results, the
reviewer and the date (处罚法 Art. 58; legal-rules C-07). The assigned reviewer may issue it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from sanxiang.cases.models import Case
from sanxiang.documents import actions as document_actions
from sanxiang.documents.models import Document
from sanxiang.legal_review import queries
from sanxiang.legal_review.models import ChecklistAnswer, ReviewRound

KIND = "legal_review_opinion"


def reviewer_may_issue(user: Any, case: Case) -> bool:
    """``documents.permissions`` rule for the kind: a reviewer assigned to a round of the case."""
    pk = getattr(user, "pk", None)
    return pk is not None and ReviewRound.objects.filter(case=case, reviewer_id=pk).exists()


def checklist_text(answers: dict[int, ChecklistAnswer]) -> str:
    lines = []
    for number, question in enumerate(queries.CHECKLIST, start=1):
        row = answers.get(number)
        if row is None:
            continue
        line = f"{number}. {question} {row.get_answer_display()}"
        if row.comment:
            line += f"（{row.comment}）"
        lines.append(line)
    return "\n".join(lines)


def issue(
    *, actor: Any, round_: ReviewRound, answers: dict[int, ChecklistAnswer], at: dt.datetime
) -> Document:
    opinion = f"{round_.get_opinion_display()}。{round_.opinion_text}"
    return document_actions.issue_document(
        actor=actor,
        case=round_.case,
        kind=KIND,
        entered={
            "review_opinion": opinion,
            "checklist": checklist_text(answers),
            "reviewer": str(actor),
            "reviewed_on": timezone.localdate(at).isoformat(),
        },
        at=at,
    )
