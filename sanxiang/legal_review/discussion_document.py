"""The collective discussion as an official document (集体讨论记录): issued with the discussion, in
the same transaction, so the heads' record lands in the case file with its number (处罚法 Art. 57
¶2; legal-rules C-09). The head records it, so the case's own issuing rule admits them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sanxiang.cases.models import Case
from sanxiang.documents import actions as document_actions
from sanxiang.documents.models import Document

KIND = "collective_discussion"


def issue(*, actor: Any, case: Case, cleaned: dict[str, Any], at: dt.datetime) -> Document:
    return document_actions.issue_document(
        actor=actor,
        case=case,
        kind=KIND,
        entered={
            "participants": cleaned["attendees"],
            "discussion": cleaned["opinions"],
            "conclusion": cleaned["conclusion"],
        },
        at=at,
    )
