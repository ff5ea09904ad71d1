"""What a "crime" or "refer" opinion sets going, recorded with the opinion (legal-rules C-05 item 10,
C-07). A crime opinion opens the transfer branch through the engine (处罚法 Art. 27; 行政执法机关移送
涉嫌犯罪案件的规定 Art. 5: the handlers report, the head decides within 3 days): the handler who
submitted the round proposes the transfer, citing the opinion. Where the engine refuses (the case is
past the point a transfer may be proposed, or the guards of the act fail) the refusal is recorded
and the head acts on the opinion. "Refer to the competent body" decides nothing here: the referral
is recorded and the case waits for the head."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sanxiang.cases import actions as case_actions
from sanxiang.cases.models import Case
from sanxiang.core.errors import DomainError
from sanxiang.legal_review.models import Opinion, ReviewRound


def follow_up(row: ReviewRound, at: dt.datetime) -> dict[str, Any]:
    """The opinion's consequence, as fields of its record-log entry."""
    if row.opinion == Opinion.REFER:
        return {"referral": row.opinion_text, "left_to": "head"}
    if row.opinion != Opinion.CRIME:
        return {}
    case = Case.objects.get(pk=row.case_id)
    note = f"法制审核意见（第{row.number}轮）认为涉嫌犯罪，应当移送司法机关：{row.opinion_text}"
    try:
        act = case_actions.perform(case, "propose_transfer", row.submitted_by, {"note": note[:2000]}, at=at)
    except DomainError as refusal:
        # The act is refused before or inside its own savepoint: nothing of it is written.
        return {"transfer_proposed": False, "transfer_refused": refusal.code, "left_to": "head"}
    return {"transfer_proposed": True, "transfer_act_id": act.pk}
