"""Demo documents: issue, for a case at a step, every kind of document the step allows, with sample
texts for what an officer writes. For the demo's replayed cases (``sanxiang demo``): call it after
each act, with the clock at the act's day, so the case file holds the documents of each step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from sanxiang.cases.models import Case
from sanxiang.core import clock
from sanxiang.documents import actions, permissions, queries
from sanxiang.documents.models import Document

# Sample texts, by field name: what an officer would write (data, in Chinese like the demo's cases).
SAMPLES: dict[str, str] = {
    "clue": "群众来电举报当事人经营场所销售过期食品。",
    "opinion": "经初步核查，当事人涉嫌违法，建议立案调查。",
    "place": "当事人经营场所",
    "findings": "现场检查发现货架上摆放超过保质期的食品，已拍照取证。",
    "interviewee": "当事人负责人",
    "questions_answers": "问：你是否知道货架上的食品已超过保质期？\n答：知道，还没来得及下架。",
    "items": "超过保质期的食品一批，数量见现场检查笔录，存放于当事人仓库",
    "hearing_time": "",
    "proceedings": "听证主持人宣布听证开始，调查人员提出违法事实、证据和处罚建议，当事人进行申辩和质证。",
    "statement": "当事人表示认识到错误，请求从轻处罚。",
    "participants": "机关负责人及班子成员、法制审核人员、承办人员",
    "discussion": "与会人员认为违法事实清楚，证据确凿，适用法律正确，程序合法。",
    "conclusion": "同意按拟处罚意见作出决定。",
    "evidence": "1. 现场检查笔录；2. 询问笔录；3. 现场照片；4. 当事人营业执照复印件",
    "penalty_basis": "",
    "served_document": "行政处罚决定书",
    "method": "直接送达",
    "recipient": "当事人",
    "execution": "当事人已按期缴纳罚款。",
    "result": "未发现违法行为。",
}


def issue_step_documents(
    case: Case, actor: Any, *, at: dt.datetime | None = None, kinds: Sequence[str] | None = None
) -> list[Document]:
    """Issue each kind the case's state allows that the case does not have yet (idempotent), or only
    those of ``kinds``; ``at`` dates them at a replayed act's moment."""
    issued = []
    have = set(Document.objects.filter(case=case).values_list("kind", flat=True))
    day = timezone.localdate(at) if at is not None else clock.today()
    for kind in queries.issuable_kinds(case):
        if kind.code in have or (kinds is not None and kind.code not in kinds):
            continue
        if kinds is None and kind.code in permissions.KIND_ISSUERS:
            continue  # issued by the app that registered it, with its own step (e.g. the review opinion)
        entered = {
            spec.name: day.isoformat() if spec.kind == "date" else SAMPLES.get(spec.name, "")
            for spec in kind.entered
        }
        issued.append(actions.issue_document(actor=actor, case=case, kind=kind.code, entered=entered, at=at))
    return issued
