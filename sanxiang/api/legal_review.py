"""The legal_review endpoints of the JSON API: the reviewer's queue, a case's classification and
rounds, submission, assignment, checklist answers and the opinion (处罚法 Art. 58).

Reads are scoped like the cases. Writes are acts of a person, refused to tokens. The round acted
on is the case's open one, so a caller needs no round id; with none open the answer is 409
``review_no_open_round``. Who may act is asked before the case is looked up: a reviewer's act by
anyone but a legal reviewer is 403 whatever the case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status

from sanxiang.api.auth import require_person, require_scope, session_or_token
from sanxiang.api.errors import AUTH_ERRORS
from sanxiang.cases import queries as case_queries
from sanxiang.core.errors import Invalid, NotAllowed, WrongState
from sanxiang.core.roles import Role
from sanxiang.legal_review import actions, queries
from sanxiang.legal_review.models import ReviewRound

router = Router(tags=["法制审核 legal review"], auth=session_or_token)

READ_CASES = "cases:read"


class AnswerOut(Schema):
    point: int
    answer: str
    comment: str


class RoundOut(Schema):
    id: int
    case_id: int
    case_number: str
    number: int
    due: dt.date
    reviewer_id: int | None
    opinion: str
    opinion_text: str
    draft_sha256: str
    package: dict[str, bool]
    answers: list[AnswerOut]


class QueueOut(Schema):
    mine: list[RoundOut]
    unassigned: list[RoundOut]
    overdue: list[RoundOut]


class MatchOut(Schema):
    rule: str
    label: str
    citation: str


class CaseReviewOut(Schema):
    case_id: int
    major: bool
    matched: list[MatchOut]
    rounds: list[RoundOut]


class SubmitIn(Schema):
    note: str


class AssignIn(Schema):
    reviewer_id: int


class AnswerIn(Schema):
    point: int
    answer: str
    comment: str = ""


class OpinionIn(Schema):
    opinion: str
    text: str


def _round(row: ReviewRound) -> dict[str, Any]:
    return {
        "id": row.pk,
        "case_id": row.case_id,
        "case_number": row.case.number,
        "number": row.number,
        "due": row.due,
        "reviewer_id": row.reviewer_id,
        "opinion": row.opinion,
        "opinion_text": row.opinion_text,
        "draft_sha256": row.draft_hash,
        "package": row.package,
        "answers": [
            {"point": a.point, "answer": a.answer, "comment": a.comment}
            for a in actions.current_answers(row).values()
        ],
    }


def _open_round(case: Any) -> ReviewRound:
    row = queries.latest_round(case)
    if row is None or row.opinion:
        raise WrongState("review_no_open_round", _("The case has no open review round."))
    return row


def _require_role(actor: Any, roles: set[str]) -> None:
    if getattr(actor, "role", None) not in roles:
        raise NotAllowed("not_allowed", _("Your role may not do this in a legal review."))


@router.get("/queue", response={200: QueueOut, **AUTH_ERRORS}, summary="法制审核待办：我的、待分配、逾期")
def review_queue(request: HttpRequest) -> Any:
    actor = require_person(request)
    return {
        "mine": [_round(r) for r in queries.queue(actor)],
        "unassigned": [_round(r) for r in queries.unassigned(actor)],
        "overdue": [_round(r) for r in queries.overdue(actor)],
    }


@router.get(
    "/cases/{case_id}",
    response={200: CaseReviewOut, **AUTH_ERRORS},
    summary="案件的重大执法决定认定与审核轮次",
)
def case_review(request: HttpRequest, case_id: int) -> Any:
    actor = require_scope(request, READ_CASES)
    case = case_queries.case_for_user(actor, case_id)
    latest = queries.classifications(case).last()
    return {
        "case_id": case.pk,
        "major": queries.is_major(case),
        "matched": latest.matched if latest else [],
        "rounds": [_round(r) for r in queries.rounds(case)],
    }


@router.post("/cases/{case_id}/rounds", response={201: RoundOut, **AUTH_ERRORS}, summary="提交法制审核")
def submit_round(request: HttpRequest, case_id: int, payload: SubmitIn) -> Any:
    actor = require_person(request)
    case = case_queries.case_for_user(actor, case_id)
    return Status(201, _round(actions.submit(actor=actor, case=case, note=payload.note)))


@router.post(
    "/cases/{case_id}/review/assign", response={200: RoundOut, **AUTH_ERRORS}, summary="分配审核人员"
)
def assign_reviewer(request: HttpRequest, case_id: int, payload: AssignIn) -> Any:
    actor = require_person(request)
    _require_role(actor, {Role.HEAD, Role.LEGAL_REVIEWER})
    case = case_queries.case_for_user(actor, case_id)
    row = _open_round(case)
    reviewer = get_user_model().objects.filter(pk=payload.reviewer_id, agency=case.agency).first()
    if reviewer is None:
        raise Invalid(
            "reviewer_not_eligible",
            _("The reviewer must be a legal reviewer of the case's agency."),
            field="reviewer_id",
        )
    return _round(actions.assign(actor=actor, round=row, reviewer=reviewer))


@router.post(
    "/cases/{case_id}/review/answers", response={200: RoundOut, **AUTH_ERRORS}, summary="填写审核要点"
)
def answer_point(request: HttpRequest, case_id: int, payload: AnswerIn) -> Any:
    actor = require_person(request)
    _require_role(actor, {Role.LEGAL_REVIEWER})
    case = case_queries.case_for_user(actor, case_id)
    row = _open_round(case)
    actions.answer(
        actor=actor, round=row, point=payload.point, answer=payload.answer, comment=payload.comment
    )
    return _round(row)


@router.post(
    "/cases/{case_id}/review/opinion", response={200: RoundOut, **AUTH_ERRORS}, summary="出具审核意见"
)
def give_opinion(request: HttpRequest, case_id: int, payload: OpinionIn) -> Any:
    actor = require_person(request)
    _require_role(actor, {Role.LEGAL_REVIEWER})
    case = case_queries.case_for_user(actor, case_id)
    row = _open_round(case)
    return _round(actions.give_opinion(actor=actor, round=row, opinion=payload.opinion, text=payload.text))
