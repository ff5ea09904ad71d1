"""The legal adviser's opinion (法律顾问意见) on a case under legal review. The law digest (legal-rules
C) names no rule for it; 国办发〔2018〕118号 §四 has the agency's legal advisers and public-service
lawyers (法律顾问、公职律师) take part in the legal review, so that is the citation. The handlers or
the reviewers of the case's agency record what the adviser said, and the 法律顾问意见书 is issued in
the same transaction, so the opinion lands in the case file with its number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sanxiang.cases import permissions as case_permissions
from sanxiang.cases.actions import refuse_if_archived
from sanxiang.cases.enums import ProcedureKind
from sanxiang.cases.models import Case
from sanxiang.core import clock
from sanxiang.core.cleaning import Spec, choices_from, clean
from sanxiang.core.errors import Invalid, NotAllowed, WrongState
from sanxiang.core.roles import Role
from sanxiang.documents import actions as document_actions
from sanxiang.documents.kinds import kind_of
from sanxiang.documents.models import Document
from sanxiang.legal_review import citations
from sanxiang.legal_review.models import AdviserRole, Consultation, ReviewRound
from sanxiang.recordlog import actions as recordlog

KIND = "legal_adviser_opinion"

SPECS = (
    Spec("adviser_name", _("Adviser"), max_length=100),
    Spec("adviser_role", _("Adviser's role"), kind="choice", choices=choices_from(AdviserRole)),
    Spec("adviser_organisation", _("Adviser's organisation"), max_length=200, required=False),
    Spec("question", _("Question put to the adviser"), kind="multiline", max_length=5000),
    Spec("opinion", _("Adviser's opinion"), kind="multiline", max_length=20000),
    Spec("consulted_on", _("Consulted on"), kind="date"),
)


def may_record(user: Any, case: Case) -> bool:
    """The case's officers and head, or a legal reviewer of its agency."""
    if case_permissions.can_work_on_case(user, case):
        return True
    return bool(
        getattr(user, "role", None) == Role.LEGAL_REVIEWER
        and getattr(user, "agency_id", None) == case.agency_id
        and user.is_active
    )


def reviewer_may_issue(user: Any, case: Case) -> bool:
    """``documents.permissions`` rule for the kind: the reviewers record consultations too."""
    return getattr(user, "role", None) == Role.LEGAL_REVIEWER and may_record(user, case)


def _states() -> tuple[str, ...]:
    kind = kind_of(KIND)
    assert kind is not None
    return kind.states.get(ProcedureKind.GENERAL, ())


def record_consultation(
    *, actor: Any, case: Case, data: Mapping[str, Any], round: ReviewRound | None = None
) -> Consultation:
    if not may_record(actor, case):
        raise NotAllowed(
            "not_allowed",
            _(
                "Only the case's officers and head or the agency's legal reviewers record an adviser's opinion."
            ),
        )
    refuse_if_archived(case)
    # Legal review, and so the adviser's part in it, belongs to the general procedure; a closed
    # case is decided and filed.
    if case.procedure != ProcedureKind.GENERAL or case.state not in _states():
        raise WrongState(
            "consultation_wrong_state",
            _("An adviser's opinion is recorded on an open case of the general procedure."),
            citation=citations.GUIDANCE_118,
        )
    if round is not None and round.case_id != case.pk:
        raise Invalid("round_unknown", _("Choose a review round of this case."), field="round")
    cleaned = clean(data, SPECS)
    if cleaned["consulted_on"] > clock.today():
        raise Invalid(
            "date_in_future", _("The consultation date may not be in the future."), field="consulted_on"
        )
    at = clock.now()
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.state not in _states():
            raise WrongState(
                "consultation_wrong_state",
                _("An adviser's opinion is recorded on an open case of the general procedure."),
                citation=citations.GUIDANCE_118,
            )
        document = _issue(actor=actor, case=locked, cleaned=cleaned, at=at)
        row = Consultation.objects.create(
            case=locked,
            round=round,
            recorded_by=actor,
            created_at=at,
            document=document,
            adviser_organisation=cleaned.get("adviser_organisation") or "",
            **{k: v for k, v in cleaned.items() if k != "adviser_organisation"},
        )
        recordlog.append(
            kind="legal_review.consulted",
            subject=row,
            actor=actor,
            payload={
                "case_id": case.pk,
                "number": case.number,
                "round": round.number if round is not None else None,
                "adviser_name": row.adviser_name,
                "adviser_role": row.adviser_role,
                "adviser_organisation": row.adviser_organisation,
                "question": row.question,
                "opinion": row.opinion,
                "consulted_on": row.consulted_on.isoformat(),
                "document_number": document.number,
            },
            occurred_at=at,
            agency_id=case.agency_id,
        )
    return row


def _issue(*, actor: Any, case: Case, cleaned: Mapping[str, Any], at: dt.datetime) -> Document:
    adviser = "，".join(
        str(part)
        for part in (
            cleaned["adviser_name"],
            AdviserRole(cleaned["adviser_role"]).label,
            cleaned.get("adviser_organisation") or "",
        )
        if part
    )
    return document_actions.issue_document(
        actor=actor,
        case=case,
        kind=KIND,
        entered={
            "adviser": adviser,
            "question": cleaned["question"],
            "adviser_opinion": cleaned["opinion"],
            "consulted_on": cleaned["consulted_on"].isoformat(),
        },
        at=at,
    )


def consultations(case: Case) -> list[Consultation]:
    return list(Consultation.objects.filter(case=case).select_related("recorded_by", "document", "round"))
