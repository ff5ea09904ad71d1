"""The legal_review endpoints of the JSON API: the reviewer's queue, a case's classification and
rounds, submission, assignment, checklist answers and the opinion (处罚法 Art. 58); the legal
adviser's opinions (国办发〔2018〕118号 §四), the extension of a round (asked by the reviewer, approved
or refused by the head) and the reviewers' qualification profiles (Art. 58 ¶2).

Reads are scoped like the cases. Writes are acts of a person, refused to tokens. The round acted
on is the case's open one, so a caller needs no round id; with none open the answer is 409
``review_no_open_round``. Who may act is asked before the case is looked up: a reviewer's act by
anyone but a legal reviewer is 403 whatever the case."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router, Schema, Status

from sanxiang.api.auth import require_person, require_scope, session_or_token
from sanxiang.api.errors import AUTH_ERRORS, ERRORS
from sanxiang.api.schemas.cases import PenaltyIn
from sanxiang.api.schemas.common import ReasonIn
from sanxiang.cases import queries as case_queries
from sanxiang.cases.penalties import Penalty
from sanxiang.cases.procedures.engine import parse_penalty
from sanxiang.catalog import queries as catalog_queries
from sanxiang.catalog.models import Agency
from sanxiang.catalog.permissions import can_see_agency_internal
from sanxiang.core.errors import Invalid, NotAllowed, WrongState
from sanxiang.core.roles import Role
from sanxiang.legal_review import actions, consultation, extension, profiles, queries
from sanxiang.legal_review.models import Consultation, Discussion, Escalation, ReviewRound

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
    extended_days: int
    extension_requested: bool
    extension_request_reason: str
    extension_refusal_reason: str


class QueueOut(Schema):
    mine: list[RoundOut]
    unassigned: list[RoundOut]
    overdue: list[RoundOut]


class MatchOut(Schema):
    rule: str
    label: str
    citation: str


class EscalationOut(Schema):
    """An officer's marking of the case as major, with its ground and reason (never withdrawn)."""

    id: int
    case_id: int
    ground: str
    reason: str
    by_id: int
    at: dt.datetime


class DiscussionOut(Schema):
    id: int
    case_id: int
    round_number: int
    held_on: dt.date
    attendees: str
    opinions: str
    conclusion: str
    draft_sha256: str
    by_id: int
    at: dt.datetime
    document_id: int | None
    document_number: str


class CaseReviewOut(Schema):
    case_id: int
    major: bool
    matched: list[MatchOut]
    rounds: list[RoundOut]
    escalations: list[EscalationOut]
    discussion: DiscussionOut | None  # the latest collective discussion (Art. 57 ¶2)


class EscalatedOut(EscalationOut):
    major: bool


class SubmitIn(Schema):
    """``penalty``: the drafted decision where it differs from the notice — after the statement or
    the hearing it may be lighter (Art. 45 forbids only a heavier one); the round reviews exactly it."""

    note: str
    penalty: PenaltyIn | None = None


class AssignIn(Schema):
    reviewer_id: int


class AnswerIn(Schema):
    point: int
    answer: str
    comment: str = ""


class OpinionIn(Schema):
    opinion: str
    text: str


class ConsultationIn(Schema):
    adviser_name: str
    adviser_role: str
    adviser_organisation: str = ""
    question: str
    opinion: str
    consulted_on: str
    round_number: int | None = None


class ConsultationOut(Schema):
    id: int
    case_id: int
    round_number: int | None
    adviser_name: str
    adviser_role: str
    adviser_organisation: str
    question: str
    opinion: str
    consulted_on: dt.date
    recorded_by_id: int
    created_at: dt.datetime
    document_id: int
    document_number: str


class ProfileIn(Schema):
    qualification_number: str
    qualified_on: str | None


class ReviewerOut(Schema):
    user_id: int
    name: str
    agency_id: int | None
    qualification_number: str
    qualified_on: dt.date | None
    has_reviewed: bool
    qualified: bool


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
        "extended_days": row.extended_days,
        "extension_requested": row.extension_pending,
        "extension_request_reason": row.extension_request_reason,
        "extension_refusal_reason": row.extension_refusal_reason,
    }


def _escalation(row: Escalation) -> dict[str, Any]:
    return {
        "id": row.pk,
        "case_id": row.case_id,
        "ground": row.ground,
        "reason": row.reason,
        "by_id": row.by_id,
        "at": row.at,
    }


def _discussion(row: Discussion) -> dict[str, Any]:
    return {
        "id": row.pk,
        "case_id": row.case_id,
        "round_number": row.round.number,
        "held_on": row.held_on,
        "attendees": row.attendees,
        "opinions": row.opinions,
        "conclusion": row.conclusion,
        "draft_sha256": row.draft_hash,
        "by_id": row.by_id,
        "at": row.at,
        "document_id": row.document_id,
        "document_number": row.document.number if row.document is not None else "",
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
    discussion = queries.latest_discussion(case)
    return {
        "case_id": case.pk,
        "major": queries.is_major(case),
        "matched": latest.matched if latest else [],
        "rounds": [_round(r) for r in queries.rounds(case)],
        "escalations": [_escalation(e) for e in queries.escalations(case)],
        "discussion": _discussion(discussion) if discussion is not None else None,
    }


@router.post("/cases/{case_id}/rounds", response={201: RoundOut, **AUTH_ERRORS}, summary="提交法制审核")
def submit_round(request: HttpRequest, case_id: int, payload: SubmitIn) -> Any:
    actor = require_person(request)
    case = case_queries.case_for_user(actor, case_id)
    row = actions.submit(actor=actor, case=case, note=payload.note, penalty=penalty_of(payload.penalty))
    return Status(201, _round(row))


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


# --- legal adviser's opinions, extension, reviewer profiles ---------------------------------------

HEADS: set[str] = {Role.HEAD}
CONSULTING: set[str] = {Role.OFFICER, Role.HEAD, Role.LEGAL_REVIEWER}


def _consultation(row: Consultation) -> dict[str, Any]:
    return {
        "id": row.pk,
        "case_id": row.case_id,
        "round_number": row.round.number if row.round is not None else None,
        "adviser_name": row.adviser_name,
        "adviser_role": row.adviser_role,
        "adviser_organisation": row.adviser_organisation,
        "question": row.question,
        "opinion": row.opinion,
        "consulted_on": row.consulted_on,
        "recorded_by_id": row.recorded_by_id,
        "created_at": row.created_at,
        "document_id": row.document_id,
        "document_number": row.document.number,
    }


@router.get(
    "/cases/{case_id}/consultations",
    response={200: list[ConsultationOut], **AUTH_ERRORS},
    summary="案件的法律顾问意见",
)
def list_consultations(request: HttpRequest, case_id: int) -> Any:
    actor = require_scope(request, READ_CASES)
    case = case_queries.case_for_user(actor, case_id)
    return [_consultation(row) for row in consultation.consultations(case)]


@router.post(
    "/cases/{case_id}/consultations",
    response={201: ConsultationOut, **AUTH_ERRORS},
    summary="记录法律顾问意见并出具法律顾问意见书",
)
def record_consultation(request: HttpRequest, case_id: int, payload: ConsultationIn) -> Any:
    actor = require_person(request)
    _require_role(actor, CONSULTING)
    case = case_queries.case_for_user(actor, case_id)
    round_ = None
    if payload.round_number is not None:
        round_ = ReviewRound.objects.filter(case=case, number=payload.round_number).first()
        if round_ is None:
            raise Invalid("round_unknown", _("Choose a review round of this case."), field="round_number")
    data = payload.dict(exclude={"round_number"})
    row = consultation.record_consultation(actor=actor, case=case, data=data, round=round_)
    return Status(201, _consultation(row))


@router.post(
    "/rounds/{round_id}/extension-request",
    response={200: RoundOut, **AUTH_ERRORS},
    summary="审核人员申请延长审核期限",
)
def request_extension(request: HttpRequest, round_id: int, payload: ReasonIn) -> Any:
    actor = require_person(request)
    _require_role(actor, {Role.LEGAL_REVIEWER})
    row = queries.round_for_user(actor, round_id)
    return _round(extension.request_extension(actor=actor, round=row, reason=payload.reason))


@router.post(
    "/rounds/{round_id}/extension",
    response={200: RoundOut, **AUTH_ERRORS},
    summary="负责人批准延长审核期限",
)
def approve_extension(request: HttpRequest, round_id: int, payload: ReasonIn) -> Any:
    actor = require_person(request)
    _require_role(actor, HEADS)
    row = queries.round_for_user(actor, round_id)
    return _round(extension.extend(actor=actor, round=row, reason=payload.reason))


@router.post(
    "/rounds/{round_id}/extension-refusal",
    response={200: RoundOut, **AUTH_ERRORS},
    summary="负责人不批准延长审核期限",
)
def refuse_extension(request: HttpRequest, round_id: int, payload: ReasonIn) -> Any:
    actor = require_person(request)
    _require_role(actor, HEADS)
    row = queries.round_for_user(actor, round_id)
    return _round(extension.refuse_extension(actor=actor, round=row, reason=payload.reason))


def _reviewer(user: Any) -> dict[str, Any]:
    profile = getattr(user, "reviewer_profile", None)
    return {
        "user_id": user.pk,
        "name": str(user),
        "agency_id": user.agency_id,
        "qualification_number": profile.qualification_number if profile else "",
        "qualified_on": profile.qualified_on if profile else None,
        "has_reviewed": bool(profile and not profile.first_time),
        "qualified": actions.is_qualified(user),
    }


@router.get(
    "/reviewers", response={200: list[ReviewerOut], **AUTH_ERRORS}, summary="法制审核人员及其法律职业资格"
)
def list_reviewers(request: HttpRequest) -> Any:
    actor = require_person(request)
    return [_reviewer(user) for user in profiles.reviewers_for(actor)]


@router.put(
    "/reviewers/{user_id}",
    response={200: ReviewerOut, **AUTH_ERRORS},
    summary="登记审核人员的法律职业资格",
)
def save_reviewer_profile(request: HttpRequest, user_id: int, payload: ProfileIn) -> Any:
    actor = require_person(request)
    _require_role(actor, {Role.HEAD, Role.ADMIN})
    user = (
        get_user_model()
        .objects.filter(pk=user_id, role=Role.LEGAL_REVIEWER, agency__isnull=False)
        .select_related("agency__region")
        .first()
    )
    # Another agency's staff do not exist for the caller (deny by default, like the cases).
    if user is None or user.agency is None or not can_see_agency_internal(actor, user.agency):
        raise Http404
    profiles.save_profile(actor=actor, user=user, data=payload.dict())
    return _reviewer(get_user_model().objects.select_related("reviewer_profile").get(pk=user.pk))


# --- catalogue, escalation, recusal, supplement, collective discussion (issue 6) ------------------

WORKERS: set[str] = {Role.OFFICER, Role.HEAD}


class CatalogueOut(Schema):
    """The rules in force: the agency's saved catalogue, or the national defaults where it has none
    (``published`` false). ``confiscation_value`` null: confiscation alone never makes a case major."""

    agency_id: int
    published: bool
    review_all: bool
    penalty_kinds: list[str]
    fine_natural_person: Decimal
    fine_organisation: Decimal
    confiscation_value: Decimal | None
    hearing_held: bool
    many_parties: int
    suspected_crime: bool
    outside_benchmark: bool
    dispute: bool
    updated_at: dt.datetime | None


class CatalogueIn(Schema):
    """The whole catalogue (PUT replaces it). An empty threshold (null) falls back to the policy
    setting of the agency's scope; ``many_parties`` 0 means never. ``outside_benchmark`` (a fine
    outside the benchmark grade's range) and ``dispute`` (disputed facts) came later: left out or
    null, they keep their saved value, so an older client does not switch them off."""

    review_all: bool
    penalty_kinds: list[str]
    fine_natural_person: Decimal | None
    fine_organisation: Decimal | None
    confiscation_value: Decimal | None
    hearing_held: bool
    many_parties: int
    suspected_crime: bool
    outside_benchmark: bool | None = None
    dispute: bool | None = None


class EscalationIn(Schema):
    ground: str
    reason: str


class SupplementRequestIn(Schema):
    what: str


class SupplementIn(Schema):
    note: str


class DiscussionIn(Schema):
    """The heads' collective discussion (Art. 57 ¶2). ``penalty``: the decision discussed where it
    differs from the notice (a lighter one after the statement or hearing, Art. 45)."""

    held_on: str
    attendees: str
    opinions: str
    conclusion: str
    penalty: PenaltyIn | None = None


def _catalogue(agency: Agency) -> dict[str, Any]:
    current = queries.rules_of(agency)
    saved = queries.catalogue_of(agency)
    return {
        "agency_id": agency.pk,
        "published": saved is not None,
        "review_all": current.review_all,
        "penalty_kinds": sorted(current.kinds),
        "fine_natural_person": current.fine_natural_person,
        "fine_organisation": current.fine_organisation,
        "confiscation_value": current.confiscation_value,
        "hearing_held": current.hearing_held,
        "many_parties": current.many_parties,
        "suspected_crime": current.suspected_crime,
        "outside_benchmark": current.outside_benchmark,
        "dispute": current.dispute,
        "updated_at": saved.updated_at if saved else None,
    }


def penalty_of(payload: PenaltyIn | None) -> Penalty | None:
    """The drafted decision in the engine's own cleaning (the case act's ``penalty``), or None for
    the notice's penalty."""
    if payload is None:
        return None
    return parse_penalty(
        {
            "kinds": payload.kinds,
            "fine": "" if payload.fine is None else str(payload.fine),
            "confiscation_value": ""
            if payload.confiscation_value is None
            else str(payload.confiscation_value),
            "detail": payload.detail,
        },
        required=False,
    )


@router.get(
    "/agencies/{agency_id}/catalogue",
    auth=None,
    response={200: CatalogueOut, **ERRORS},
    summary="重大执法决定法制审核目录清单（公开）",
)
def get_catalogue(request: HttpRequest, agency_id: int) -> Any:
    return _catalogue(catalog_queries.public_agency(agency_id))


@router.put(
    "/agencies/{agency_id}/catalogue",
    response={200: CatalogueOut, **AUTH_ERRORS},
    summary="维护重大执法决定法制审核目录清单",
)
def put_catalogue(request: HttpRequest, agency_id: int, payload: CatalogueIn) -> Any:
    actor = require_person(request)
    agency = catalog_queries.agency_for_user(actor, agency_id)
    data = payload.dict()
    for later in ("outside_benchmark", "dispute"):
        if data[later] is None:
            del data[later]
    actions.save_catalogue(actor=actor, agency=agency, data=data)
    return _catalogue(agency)


@router.post(
    "/cases/{case_id}/escalations",
    response={201: EscalatedOut, **AUTH_ERRORS},
    summary="承办人员以理由将案件认定为重大执法决定",
)
def escalate_case(request: HttpRequest, case_id: int, payload: EscalationIn) -> Any:
    actor = require_person(request)
    _require_role(actor, WORKERS)
    case = case_queries.case_for_user(actor, case_id)
    row = actions.escalate(actor=actor, case=case, data=payload.dict())
    return Status(201, {**_escalation(row), "major": queries.is_major(case)})


@router.post("/cases/{case_id}/recusal", response={200: RoundOut, **AUTH_ERRORS}, summary="审核人员申请回避")
def recuse(request: HttpRequest, case_id: int, payload: ReasonIn) -> Any:
    actor = require_person(request)
    _require_role(actor, {Role.LEGAL_REVIEWER})
    case = case_queries.case_for_user(actor, case_id)
    return _round(actions.recuse(actor=actor, round=_open_round(case), reason=payload.reason))


@router.post(
    "/cases/{case_id}/supplement-request",
    response={200: RoundOut, **AUTH_ERRORS},
    summary="审核人员要求补充送审材料",
)
def ask_supplement(request: HttpRequest, case_id: int, payload: SupplementRequestIn) -> Any:
    actor = require_person(request)
    _require_role(actor, {Role.LEGAL_REVIEWER})
    case = case_queries.case_for_user(actor, case_id)
    return _round(actions.ask_supplement(actor=actor, round=_open_round(case), what=payload.what))


@router.post(
    "/cases/{case_id}/supplement", response={200: RoundOut, **AUTH_ERRORS}, summary="承办人员补充送审材料"
)
def supplement(request: HttpRequest, case_id: int, payload: SupplementIn) -> Any:
    actor = require_person(request)
    _require_role(actor, WORKERS)
    case = case_queries.case_for_user(actor, case_id)
    return _round(actions.supplement(actor=actor, round=_open_round(case), note=payload.note))


@router.post(
    "/cases/{case_id}/discussion",
    response={201: DiscussionOut, **AUTH_ERRORS},
    summary="记录集体讨论（出席人员、意见、结论）",
)
def discuss(request: HttpRequest, case_id: int, payload: DiscussionIn) -> Any:
    actor = require_person(request)
    _require_role(actor, {Role.HEAD})
    case = case_queries.case_for_user(actor, case_id)
    row = actions.discuss(
        actor=actor,
        case=case,
        data=payload.dict(exclude={"penalty"}),
        penalty=penalty_of(payload.penalty),
    )
    return Status(201, _discussion(row))
