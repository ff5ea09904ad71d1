"""The demo's full electronic case file: a general-procedure case of the demo's market agency run
from clue to closing through the engine, with its official documents issued at each step (PDF and
Word), a photo, an audio clip and a video from the investigation, then sealed and archived — so a
newcomer opens a case page and finds a complete, verifiable file to download.

Documents can only be issued while the case is at their step (a closed case issues nothing), so the
demo's earlier closed case (``accounts.demo_data``, whose history is replayed on days of March) is
not given documents after the fact; this case is run now, with the same agency, team and party.
Idempotent: run twice, nothing is duplicated (the case is found by its title; an interrupted run is
finished where it stopped)."""

from __future__ import annotations

from typing import Any

from sanxiang.casefiles.actions import archive_case
from sanxiang.casefiles.completeness import is_final
from sanxiang.cases import actions as case_actions
from sanxiang.cases.enums import CaseState
from sanxiang.cases.models import Case
from sanxiang.documents.actions import issue_document
from sanxiang.documents.models import Document
from sanxiang.evidence.demo import add_demo_evidence
from sanxiang.evidence.models import Evidence

# The demo's closed general case (``accounts.demo_data``): its agency, officers and party are reused.
SOURCE_TITLE = "青溪县惠民副食品商店有限公司经营超过保质期的食品案"
TITLE = "青溪县惠民副食品商店有限公司销售过期酸奶案（电子案卷示例）"
PLACE = "青溪县城关镇解放路18号经营场所"
PENALTY = {"kinds": ["warning", "fine"], "fine": "3000"}

# Per step: the act that leaves it, and the documents issued (kind, texts the officer writes) while
# the case is there.
DOCUMENTS: dict[str, list[tuple[str, dict[str, str]]]] = {
    CaseState.CLUE: [
        ("case_source", {"clue": "群众投诉：该店货架上有超过保质期的酸奶出售。"}),
        ("filing_approval", {"opinion": "经核查，有证据初步证明存在违法行为，建议立案调查。"}),
    ],
    CaseState.INVESTIGATING: [
        ("on_site_record", {"place": PLACE, "findings": "冷柜内有超过保质期的“某某牌”酸奶8盒，已拍照录像。"}),
        (
            "inquiry_record",
            {
                "interviewee": "周立新",
                "place": PLACE,
                "questions_answers": "问：这批酸奶是什么时候进的货？\n答：11月初进的，过期后没有及时下架。",
            },
        ),
        ("evidence_list", {"items": "现场照片1张\n询问录音1段\n执法记录仪视频1段"}),
        (
            "investigation_report",
            {
                "findings": "当事人销售超过保质期的酸奶8盒，货值金额96元，违法事实清楚。",
                "opinion": "建议给予警告，并处罚款3000元。",
            },
        ),
    ],
    CaseState.INVESTIGATION_CLOSED: [("prior_notice", {})],
    CaseState.PRIOR_NOTICE_SERVED: [("decision_approval", {"opinion": "同意给予警告，并处罚款3000元。"})],
    CaseState.DECIDED: [
        (
            "decision",
            {
                "evidence": "1. 现场检查笔录；2. 询问笔录；3. 现场照片、询问录音、执法记录仪视频",
                "penalty_basis": "《中华人民共和国食品安全法》第一百二十四条第一款第五项",
            },
        ),
        (
            "service_receipt",
            {"served_document": "行政处罚决定书", "method": "直接送达", "recipient": "周立新"},
        ),
    ],
    CaseState.EXECUTED: [
        (
            "closing_approval",
            {"execution": "当事人已于决定送达当日缴清罚款3000元。", "opinion": "执行完毕，建议结案。"},
        )
    ],
}


def _people(source: Case) -> tuple[Any, Any]:
    """The demo's officer (who registered the source case) and head (who filed it)."""
    officer = source.created_by
    filing = source.acts.filter(act="file").select_related("actor").first()
    head = filing.actor if filing is not None else None
    return officer, head


def _issue_for_step(case: Case, head: Any, officer: Any) -> None:
    issued = set(Document.objects.filter(case=case).values_list("kind", flat=True))
    for kind, entered in DOCUMENTS.get(case.state, []):
        if kind not in issued:
            actor = (
                head
                if kind in {"filing_approval", "decision_approval", "decision", "closing_approval"}
                else officer
            )
            issue_document(actor=actor, case=case, kind=kind, entered=entered)


def _party(source: Case) -> dict[str, Any]:
    party = source.parties.first()
    assert party is not None
    return {
        "kind": party.kind,
        "name": party.name,
        "credit_code": party.credit_code,
        "id_number": party.id_number,
        "representative": party.representative,
        "address": party.address,
        "phone": party.phone,
    }


def _open(source: Case, officer: Any) -> Case:
    return case_actions.open_case(
        actor=officer,
        agency=source.agency,
        data={
            "procedure": "general",
            "title": TITLE,
            "source": "complaint",
            "facts": "当事人在其经营场所冷柜内销售超过保质期的酸奶8盒，货值金额96元。",
            "legal_basis": "《中华人民共和国食品安全法》第三十四条第十项、第一百二十四条第一款第五项",
            "enforcement_item": source.enforcement_item_id,
        },
        parties=[_party(source)],
        officer_ids=list(source.assignments.values_list("officer_id", flat=True)),
    )


def _next_act(case: Case, officer: Any, head: Any) -> None:
    """Move the case one act on (from wherever an interrupted run left it)."""
    state = case.state
    perform = case_actions.perform
    if state == CaseState.CLUE:
        perform(case, "file", head, {})
    elif state == CaseState.FILED:
        perform(case, "start_investigation", officer, {})
    elif state == CaseState.INVESTIGATING:
        if not Evidence.objects.filter(case=case).exists():
            add_demo_evidence(case, officer, photos=1, audio=True, video=True, place=PLACE)
        perform(case, "close_investigation", officer, dict(PENALTY))
    elif state == CaseState.INVESTIGATION_CLOSED:
        perform(case, "serve_prior_notice", officer, {})
    elif state == CaseState.PRIOR_NOTICE_SERVED:
        if not case.statement_waived:
            perform(case, "waive_rights", officer, {"records": ["waiver"]})
        perform(case, "decide", head, dict(PENALTY))
    elif state == CaseState.DECIDED:
        perform(case, "serve_decision", officer, {})
    elif state == CaseState.SERVED:
        perform(
            case,
            "record_execution",
            officer,
            {"method": "paid", "amount": "3000", "records": ["payment_receipt"]},
        )
    elif state == CaseState.EXECUTED:
        perform(case, "close", head, {})
    else:
        raise RuntimeError(f"the demo case file stopped at an unexpected state {state}")


def ensure_demo_case_file() -> Case | None:
    """Create (or finish) the demo's archived full case file; None when the demo has no cases."""
    source = Case.objects.filter(title=SOURCE_TITLE, procedure="general").first()
    if source is None:
        return None
    officer, head = _people(source)
    case = Case.objects.filter(agency=source.agency, title=TITLE).first()
    if case is None:
        case = _open(source, officer)
    for _step in range(20):  # a general case closes in fewer acts; the bound only stops a loop
        if is_final(case):
            break
        _issue_for_step(case, head, officer)
        _next_act(case, officer, head)
        case.refresh_from_db()
    if case.archived_at is None:
        archive_case(actor=head, case=case)
        case.refresh_from_db()
    return case
