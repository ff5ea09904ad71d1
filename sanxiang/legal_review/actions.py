"""The only writes of legal review. Each is one transaction that checks who may act and what the
law and the agency's rules require, writes, and appends its step to the record log with its actor
(legal-rules C-10: the handler answers for the package, the reviewer for the opinion, the head for
the decision)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanxiang.cases import gates
from sanxiang.cases import permissions as case_permissions
from sanxiang.cases.actions import refuse_if_archived
from sanxiang.cases.enums import CaseState, DecisionPause, PenaltyKind, ProcedureKind
from sanxiang.cases.hooks import records_from_other_apps
from sanxiang.cases.models import Act, ActRecord, Case
from sanxiang.cases.penalties import Penalty
from sanxiang.catalog.models import Agency
from sanxiang.catalog.permissions import can_edit_agency_lists
from sanxiang.core import clock, policy
from sanxiang.core.cleaning import Spec, clean
from sanxiang.core.errors import Conflict, Invalid, NotAllowed, WrongState
from sanxiang.core.roles import Role
from sanxiang.evidence.enums import EvidenceKind
from sanxiang.evidence.queries import evidence_of_case
from sanxiang.legal_review import (
    citations,
    discussion_document,
    opinion_document,
    outcomes,
    profiles,
    queries,
    rules,
)
from sanxiang.legal_review.draft import digest, draft_of
from sanxiang.legal_review.models import (
    Answer,
    Catalogue,
    ChecklistAnswer,
    Classification,
    Discussion,
    Escalation,
    Opinion,
    ReviewerProfile,
    ReviewRound,
)
from sanxiang.recordlog import actions as recordlog
from sanxiang.workdays import arithmetic

# States in which a decision is being prepared: a review may be submitted or discussed.
BEFORE_DECISION = (
    CaseState.INVESTIGATION_CLOSED,
    CaseState.PRIOR_NOTICE_SERVED,
    CaseState.HEARING_REQUESTED,
    CaseState.HEARING_NOTICED,
    CaseState.HEARING_HELD,
    CaseState.HEARING_WAIVED,
)
# Acts after which the draft decision (or a fact the catalogue looks at) may have changed.
CLASSIFY_AFTER = frozenset({"close_investigation", "serve_prior_notice", "serve_new_notice", "hold_hearing"})


def _log(kind: str, subject: Any, actor: Any, case: Case, payload: dict[str, Any], at: dt.datetime) -> None:
    recordlog.append(
        kind=f"legal_review.{kind}",
        subject=subject,
        actor=actor,
        payload={"case_id": case.pk, "number": case.number, **payload},
        occurred_at=at,
        agency_id=case.agency_id,
    )


# --- catalogue --------------------------------------------------------------------------------


def _kinds(raw: Any) -> list[str]:
    values = [raw] if isinstance(raw, str) else list(raw or [])
    known = {k.value for k in PenaltyKind}
    wrong = [v for v in values if v not in known]
    if wrong:
        raise Invalid(
            "penalty_kind_unknown",
            _("Unknown penalty kind: %(kinds)s.") % {"kinds": ", ".join(map(str, wrong))},
            field="penalty_kinds",
        )
    return sorted(set(values))


CATALOGUE_SPECS = (
    Spec("review_all", _("Review every decision except the simple procedure"), kind="bool", required=False),
    Spec(
        "penalty_kinds",
        _("Penalty kinds that make a decision major"),
        kind="custom",
        required=False,
        parser=_kinds,
    ),
    Spec(
        "fine_natural_person",
        _("Fine from which a decision on a natural person is major"),
        kind="decimal",
        required=False,
    ),
    Spec(
        "fine_organisation",
        _("Fine from which a decision on an organisation is major"),
        kind="decimal",
        required=False,
    ),
    Spec(
        "confiscation_value",
        _("Confiscation value from which a decision is major"),
        kind="decimal",
        required=False,
    ),
    Spec("hearing_held", _("Decided after a hearing"), kind="bool", required=False),
    Spec("suspected_crime", _("A crime is suspected"), kind="bool", required=False),
    Spec(
        "outside_benchmark",
        _("A fine outside the range of the discretion benchmark grade"),
        kind="bool",
        required=False,
    ),
    Spec("dispute", _("The facts are disputed or a party contests them"), kind="bool", required=False),
)


def save_catalogue(*, actor: Any, agency: Agency, data: Mapping[str, Any]) -> Catalogue:
    if not can_edit_agency_lists(actor, agency):
        raise NotAllowed(
            "not_allowed", _("Only the agency's head or an administrator maintains its catalogue.")
        )
    cleaned = clean(data, CATALOGUE_SPECS)
    cleaned["penalty_kinds"] = cleaned.get("penalty_kinds") or []
    # The rules added after the first catalogues (issue 6) keep their saved value, or the default,
    # when a caller that does not know them yet saves the rest (an absent box is not "off" there).
    current = queries.rules_of(agency)  # the saved catalogue, or the defaults
    for flag in ("outside_benchmark", "dispute"):
        if flag not in data:
            cleaned[flag] = getattr(current, flag)
    for name in ("fine_natural_person", "fine_organisation", "confiscation_value"):
        value = cleaned.get(name)
        if value is not None and value < 0:
            raise Invalid("amount_negative", _("An amount may not be negative."), field=name)
    raw_parties = data.get("many_parties", 3)
    try:
        many = int(str(raw_parties).strip() or "0")
    except ValueError:
        many = -1
    if not 0 <= many <= 100:
        raise Invalid(
            "many_parties",
            _("The number of parties must be a whole number from 0 to 100."),
            field="many_parties",
        )
    cleaned["many_parties"] = many
    at = clock.now()
    with transaction.atomic():
        row, _created = Catalogue.objects.update_or_create(
            agency=agency, defaults={**cleaned, "updated_at": at, "updated_by": actor}
        )
        recordlog.append(
            kind="legal_review.catalogue_saved",
            subject=row,
            actor=actor,
            payload={
                "agency_id": agency.pk,
                **{k: (str(v) if isinstance(v, Decimal) else v) for k, v in cleaned.items()},
            },
            occurred_at=at,
            agency_id=agency.pk,
        )
    return row


# --- classification ---------------------------------------------------------------------------


def classify(case: Case, *, act: str, at: dt.datetime, penalty: Penalty | None = None) -> Classification:
    """Run the agency's catalogue on the draft and keep the result (called inside the act's
    transaction, so the classification and the act stand or fall together)."""
    draft = draft_of(case, penalty)
    matched = [
        m.as_json() for m in rules.classify(queries.rules_of(case.agency), queries.facts_of(case, penalty))
    ]
    row = Classification.objects.create(
        case=case, act=act, matched=matched, draft=draft, draft_hash=digest(draft), at=at
    )
    _log("classified", row, None, case, {"act": act, "matched": matched, "draft_sha256": row.draft_hash}, at)
    return row


def classify_after_act(ctx: Any, act: Act) -> None:
    """``cases.hooks`` after-act: classify when a decision is proposed or its facts change."""
    if act.act not in CLASSIFY_AFTER or ctx.case.procedure != ProcedureKind.GENERAL:
        return
    case = Case.objects.get(pk=ctx.case.pk)
    classify(case, act=act.act, at=act.occurred_at)


GROUND_SPECS = (
    Spec("ground", _("Ground"), kind="choice", choices={k: k for k in rules.GROUNDS}),
    Spec("reason", _("Reason"), kind="multiline", max_length=500),
)


def escalate(*, actor: Any, case: Case, data: Mapping[str, Any]) -> Escalation:
    if not case_permissions.can_work_on_case(actor, case):
        raise NotAllowed("not_allowed", _("Only the case's officers and head may mark it major."))
    refuse_if_archived(case)
    cleaned = clean(data, GROUND_SPECS)
    # A dispute makes a case major only where the agency's catalogue lists it (legal-rules C-11 is
    # local); a suspected crime can always be marked (Art. 82 makes not transferring a liability).
    if cleaned["ground"] == "dispute" and not queries.rules_of(case.agency).dispute:
        raise Invalid(
            "ground_not_in_catalogue",
            _("The agency's catalogue does not list a dispute as a ground of a major decision."),
            field="ground",
            citation=citations.CATALOGUE,
        )
    at = clock.now()
    with transaction.atomic():
        row = Escalation.objects.create(case=case, by=actor, at=at, **cleaned)
        _log("escalated", row, actor, case, cleaned, at)
    return row


# --- submission -------------------------------------------------------------------------------

MATERIALS = {
    "explanatory_note": _("Explanatory note (facts, law applied, benchmark grade, officers' certificates)"),
    "draft_decision": _("Draft decision"),
    "evidence_list": _("Evidence list"),
    "investigation_report": _("Investigation report"),
    "hearing_record": _("Hearing record"),
    "appraisal_report": _("Appraisal or expert report"),
}


def package_of(case: Case, note: str) -> dict[str, bool]:
    """legal-rules C-06: what the package holds, read from the case itself."""
    records = set(
        ActRecord.objects.filter(case=case).values_list("name", flat=True)
    ) | records_from_other_apps(case)
    package = {
        "explanatory_note": bool(note.strip()),
        "draft_decision": not case.penalty("proposed").empty,
        "evidence_list": evidence_of_case(case).exists(),
        "investigation_report": "investigation_report" in records,
    }
    if queries.hearing_was_held(case):
        package["hearing_record"] = "hearing_record" in records
    # legal-rules C-06 "appraisal or expert report, if any": a case whose decision period paused for
    # testing or appraisal has one to send; it is the expert-opinion evidence (鉴定意见) of the case.
    expert = evidence_of_case(case).filter(kind=EvidenceKind.EXPERT).exists()
    paused = Act.objects.filter(
        case=case, act="pause_decision_period", data__reason=DecisionPause.APPRAISAL
    ).exists()
    if paused or expert:
        package["appraisal_report"] = expert
    return package


def _due(case: Case, on: dt.date) -> dt.date:
    days = int(policy.value("legal_review.review_working_days", case.agency.policy_scopes()))
    return arithmetic.add_working_days(on, days)


def submit(
    *,
    actor: Any,
    case: Case,
    note: str,
    at: dt.datetime | None = None,
    penalty: Penalty | None = None,
) -> ReviewRound:
    """``at`` replays a past moment (demo data), like ``cases.actions.perform``. ``penalty`` is the
    drafted decision where it differs from the notice: after a statement or a hearing it may be
    lighter (Art. 45 forbids only a heavier one), and the round reviews exactly that draft."""
    if not case_permissions.can_work_on_case(actor, case):
        raise NotAllowed("not_allowed", _("Only the case's officers and head submit it for legal review."))
    refuse_if_archived(case)
    if case.procedure != ProcedureKind.GENERAL or case.state not in BEFORE_DECISION:
        raise WrongState(
            "review_wrong_state",
            _("A case is submitted for legal review after the investigation and before the decision."),
            citation=citations.ART_58,
        )
    if not queries.is_major(case):
        raise WrongState(
            "review_not_major",
            _(
                "The case matches no rule of the catalogue of major decisions; mark it major with a reason first."
            ),
            citation=citations.CATALOGUE,
        )
    note = (
        clean(
            {"note": note},
            (Spec("note", _("Explanatory note"), kind="multiline", max_length=20000, required=False),),
        )["note"]
        or ""
    )
    package = package_of(case, note)
    missing = [str(MATERIALS[k]) for k, present in package.items() if not present]
    if missing:
        raise Invalid(
            "package_incomplete",
            _("The review package is incomplete; missing: %(missing)s.") % {"missing": "、".join(missing)},
            field="package",
            citation=citations.ART_58,
        )
    draft = draft_of(case, penalty)
    at = at or clock.now()
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).first()
        previous = queries.latest_round(case)
        if previous is not None and previous.opinion == "":
            raise Conflict(
                "review_open", _("A review round of this case is still open."), citation=citations.ART_58
            )
        if previous is not None and previous.passed and previous.draft_hash == digest(draft):
            raise Conflict(
                "review_passed", _("This draft has passed legal review already."), citation=citations.ART_58
            )
        try:
            with transaction.atomic():
                row = ReviewRound.objects.create(
                    case=case,
                    number=(previous.number + 1) if previous else 1,
                    package=package,
                    note=note,
                    draft=draft,
                    draft_hash=digest(draft),
                    submitted_by=actor,
                    submitted_at=at,
                    due=_due(case, timezone.localdate(at)),
                )
        except IntegrityError:
            raise Conflict(
                "review_open", _("A review round of this case is still open."), citation=citations.ART_58
            ) from None
        _log(
            "submitted",
            row,
            actor,
            case,
            {
                "round": row.number,
                "package": package,
                "draft_sha256": row.draft_hash,
                "due": row.due.isoformat(),
            },
            at,
        )
    return row


# --- reviewer ---------------------------------------------------------------------------------


def handler_ids(case: Case) -> set[int]:
    """Users who handled or approved the case: whoever opened it or performed any of its acts, and
    the users of the officers assigned to it or named on any of its acts (办审分离: an officer who
    handled the case never reviews it, even if someone else clicked the acts)."""
    ids = {uid for uid in Act.objects.filter(case=case).values_list("actor_id", flat=True) if uid}
    if case.created_by_id:
        ids.add(case.created_by_id)
    officer_ids = gates.investigator_ids(case)
    if officer_ids:
        ids.update(get_user_model().objects.filter(officer_id__in=officer_ids).values_list("pk", flat=True))
    return ids


def is_qualified(user: Any) -> bool:
    """Art. 58 ¶2: a first-time reviewer of penalties holds the legal qualification."""
    profile = ReviewerProfile.objects.filter(user=user).first()
    has_reviewed = ReviewRound.objects.filter(reviewer=user).exclude(opinion="").exists()
    first_time = not has_reviewed and (profile is None or profile.first_time)
    if not first_time:
        return True
    return bool(
        getattr(user, "holds_legal_qualification", False) or (profile and profile.qualification_number)
    )


def _reviewer_refusal(round_: ReviewRound, reviewer: Any) -> Exception | None:
    case = round_.case
    if (
        getattr(reviewer, "role", None) != Role.LEGAL_REVIEWER
        or reviewer.agency_id != case.agency_id
        or not reviewer.is_active
    ):
        return Invalid(
            "reviewer_not_eligible",
            _("The reviewer must be a legal reviewer of the case's agency."),
            field="reviewer",
            citation=citations.REVIEW_BODY,
        )
    if reviewer.pk in handler_ids(case) or reviewer.pk == round_.submitted_by_id:
        return NotAllowed(
            "reviewer_handled_case",
            _(
                "A reviewer may not review a case they handled or approved (separation of handling and review)."
            ),
            field="reviewer",
            citation=citations.GUIDANCE_118,
        )
    if reviewer.pk in round_.recused:
        return Invalid(
            "reviewer_recused",
            _("This reviewer stepped down from the round."),
            field="reviewer",
            citation=citations.RECUSAL,
        )
    if not is_qualified(reviewer):
        return NotAllowed(
            "reviewer_not_qualified",
            _("A first-time reviewer of penalty decisions must hold the national legal qualification."),
            field="reviewer",
            citation=citations.ART_58_2,
        )
    return None


def locked_open(round_: ReviewRound) -> ReviewRound:
    """The round, locked, refused once it has its opinion (also for ``extension``)."""
    row = ReviewRound.objects.select_for_update().select_related("case").get(pk=round_.pk)
    if row.opinion:
        raise WrongState(
            "review_closed", _("This review round has its opinion already."), citation=citations.ART_58
        )
    return row


def assign(*, actor: Any, round: ReviewRound, reviewer: Any, at: dt.datetime | None = None) -> ReviewRound:
    case = round.case
    agency_staff = getattr(actor, "agency_id", None) == case.agency_id
    may_assign = agency_staff and (
        actor.role == Role.HEAD
        or (actor.role == Role.LEGAL_REVIEWER and actor.pk == getattr(reviewer, "pk", None))
    )
    if not may_assign:
        raise NotAllowed("not_allowed", _("The head assigns a reviewer; a reviewer may take a round."))
    at = at or clock.now()
    with transaction.atomic():
        row = locked_open(round)
        refusal = _reviewer_refusal(row, reviewer)
        if refusal is not None:
            raise refusal
        row.reviewer = reviewer
        row.save(update_fields=["reviewer"])
        _log("assigned", row, actor, case, {"round": row.number, "reviewer_id": reviewer.pk}, at)
    return row


def recuse(*, actor: Any, round: ReviewRound, reason: str) -> ReviewRound:
    _as_reviewer(actor, round)
    reason = clean({"reason": reason}, (Spec("reason", _("Reason"), kind="multiline", max_length=500),))[
        "reason"
    ]
    at = clock.now()
    with transaction.atomic():
        row = locked_open(round)
        row.reviewer = None
        row.recused = [*row.recused, actor.pk]
        row.save(update_fields=["reviewer", "recused"])
        _log("recused", row, actor, row.case, {"round": row.number, "reason": reason}, at)
    return row


def _as_reviewer(actor: Any, round_: ReviewRound) -> None:
    # Read afresh: the caller's instance may predate the assignment.
    current = ReviewRound.objects.filter(pk=round_.pk).values_list("reviewer_id", flat=True).first()
    if current is None or current != getattr(actor, "pk", None):
        raise NotAllowed("not_allowed", _("Only the reviewer assigned to the round may do this."))


COMMENT_MAX = 1000


def answer(
    *,
    actor: Any,
    round: ReviewRound,
    point: Any,
    answer: Any,
    comment: str = "",
    at: dt.datetime | None = None,
) -> ChecklistAnswer:
    _as_reviewer(actor, round)
    try:
        number = int(point)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= len(queries.CHECKLIST):
        raise Invalid("checklist_point", _("The checklist has points 1 to 10."), field="point")
    if answer not in Answer.values:
        raise Invalid("checklist_answer", _("Answer pass, fail or not applicable."), field="answer")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        # Refused rather than cut: a reviewer's comment is part of the opinion they answer for.
        raise Invalid(
            "checklist_comment_too_long",
            _("The comment on point %(point)d (comment_%(point)d) may be at most %(max)d characters.")
            % {"point": number, "max": COMMENT_MAX},
            field=f"comment_{number}",
        )
    if answer == Answer.FAIL and not comment:
        raise Invalid("checklist_comment", _("Say what fails in a comment."), field="comment")
    at = at or clock.now()
    with transaction.atomic():
        row = locked_open(round)
        saved = ChecklistAnswer.objects.create(
            round=row, point=number, answer=answer, comment=comment, by=actor, at=at
        )
        _log(
            "answered",
            saved,
            actor,
            row.case,
            {"round": row.number, "point": number, "answer": answer, "comment": comment},
            at,
        )
    return saved


def current_answers(round_: ReviewRound) -> dict[int, ChecklistAnswer]:
    """The latest answer to each point (an answer may be revised; each revision is kept)."""
    found: dict[int, ChecklistAnswer] = {}
    for row in ChecklistAnswer.objects.filter(round=round_).order_by("id"):
        found[row.point] = row
    return found


def give_opinion(
    *, actor: Any, round: ReviewRound, opinion: Any, text: str, at: dt.datetime | None = None
) -> ReviewRound:
    _as_reviewer(actor, round)
    if opinion not in Opinion.values:
        raise Invalid(
            "opinion_unknown",
            _("Choose agree, correct and resubmit, refer, or transfer as a crime."),
            field="opinion",
        )
    text = clean({"text": text}, (Spec("text", _("Opinion text"), kind="multiline", max_length=20000),))[
        "text"
    ]
    at = at or clock.now()
    with transaction.atomic():
        row = locked_open(round)
        answers = current_answers(row)
        missing = [str(n) for n in range(1, len(queries.CHECKLIST) + 1) if n not in answers]
        if missing:
            raise Invalid(
                "checklist_incomplete",
                _("Answer every point of the checklist first; unanswered: %(points)s.")
                % {"points": ", ".join(missing)},
                field="opinion",
            )
        failed = sorted(n for n, a in answers.items() if a.answer == Answer.FAIL)
        if opinion == Opinion.AGREE and failed:
            raise Invalid(
                "opinion_contradicts_checklist",
                _("A review that fails points %(points)s cannot agree.")
                % {"points": ", ".join(map(str, failed))},
                field="opinion",
                citation=citations.ART_58,
            )
        row.opinion = opinion
        row.opinion_text = text
        row.opinion_at = at
        row.save(update_fields=["opinion", "opinion_text", "opinion_at"])
        ReviewerProfile.objects.update_or_create(user=actor, defaults={"first_time": False, "updated_at": at})
        document = opinion_document.issue(actor=actor, round_=row, answers=answers, at=at)
        consequence = outcomes.follow_up(row, at)
        _log(
            "opinion",
            row,
            actor,
            row.case,
            {
                "round": row.number,
                "opinion": opinion,
                "text": text,
                "draft_sha256": row.draft_hash,
                "document_number": document.number,
                **consequence,
            },
            at,
        )
    return row


def save_profile(*, actor: Any, user: Any, data: Mapping[str, Any]) -> ReviewerProfile:
    """Kept for its callers (demo data): ``profiles.save_profile`` validates and logs."""
    return profiles.save_profile(actor=actor, user=user, data=data)


# --- collective discussion --------------------------------------------------------------------

DISCUSSION_SPECS = (
    Spec("held_on", _("Held on"), kind="date"),
    Spec("attendees", _("Attendees"), max_length=500),
    Spec("opinions", _("Opinions"), kind="multiline", max_length=20000),
    Spec("conclusion", _("Conclusion"), kind="multiline", max_length=5000),
)


def passed_round(case: Case, draft_hash: str) -> ReviewRound | None:
    latest = queries.latest_round(case)
    if latest is not None and latest.passed and latest.draft_hash == draft_hash:
        return latest
    return None


def discuss(
    *,
    actor: Any,
    case: Case,
    data: Mapping[str, Any],
    at: dt.datetime | None = None,
    penalty: Penalty | None = None,
) -> Discussion:
    """Art. 57 ¶2, chaired by the head; only after the current draft passed review (legal-rules C-09)."""
    if not (actor.role == Role.HEAD and actor.agency_id == case.agency_id):
        raise NotAllowed("not_allowed", _("The agency's head records the collective discussion."))
    refuse_if_archived(case)
    cleaned = clean(data, DISCUSSION_SPECS)
    draft_hash = digest(draft_of(case, penalty))
    at = at or clock.now()
    with transaction.atomic():
        passed = passed_round(case, draft_hash)
        if passed is None:
            raise WrongState(
                "discussion_needs_pass",
                _("A case goes to collective discussion only after its current draft passed legal review."),
                citation=citations.ART_57_2,
            )
        document = discussion_document.issue(actor=actor, case=case, cleaned=cleaned, at=at)
        row = Discussion.objects.create(
            case=case, round=passed, draft_hash=draft_hash, by=actor, at=at, document=document, **cleaned
        )
        _log(
            "discussed",
            row,
            actor,
            case,
            {
                **{k: str(v) for k, v in cleaned.items()},
                "round": passed.number,
                "draft_sha256": draft_hash,
                "document_number": document.number,
            },
            at,
        )
    return row


def answer_many(
    *, actor: Any, round: ReviewRound, answers: Mapping[int, tuple[str, str]]
) -> list[ChecklistAnswer]:
    """The checklist form: every given point checked first, then all written in one transaction."""
    _as_reviewer(actor, round)
    if not answers:
        raise Invalid("checklist_answer", _("Answer pass, fail or not applicable."), field="answer")
    for point, (value, comment) in answers.items():
        if value not in Answer.values:
            raise Invalid(
                "checklist_answer", _("Answer pass, fail or not applicable."), field=f"answer_{point}"
            )
        if value == Answer.FAIL and not comment.strip():
            raise Invalid("checklist_comment", _("Say what fails in a comment."), field=f"comment_{point}")
        if len(comment.strip()) > COMMENT_MAX:
            raise Invalid(
                "checklist_comment_too_long",
                _("The comment on point %(point)d (comment_%(point)d) may be at most %(max)d characters.")
                % {"point": int(point), "max": COMMENT_MAX},
                field=f"comment_{point}",
            )
    with transaction.atomic():
        return [
            answer(actor=actor, round=round, point=point, answer=value, comment=comment)
            for point, (value, comment) in sorted(answers.items())
        ]


# --- supplement (legal-rules C-06) ------------------------------------------------------------


def ask_supplement(*, actor: Any, round: ReviewRound, what: str) -> ReviewRound:
    """The reviewer finds the package lacking: the handler has the supplement window to complete it."""
    _as_reviewer(actor, round)
    what = clean({"what": what}, (Spec("what", _("Material asked for"), kind="multiline", max_length=1000),))[
        "what"
    ]
    at = clock.now()
    with transaction.atomic():
        row = locked_open(round)
        if row.supplement_due is not None and row.supplemented_at is None:
            raise WrongState(
                "supplement_pending",
                _("Material was asked for already and is not yet supplied."),
                citation=citations.SUPPLEMENT,
            )
        days = int(policy.value("legal_review.supplement_working_days", row.case.agency.policy_scopes()))
        row.supplement_asked = what
        row.supplement_due = arithmetic.add_working_days(clock.today(), days)
        row.supplemented_at = None
        row.save(update_fields=["supplement_asked", "supplement_due", "supplemented_at"])
        _log(
            "supplement_asked",
            row,
            actor,
            row.case,
            {"round": row.number, "what": what, "due": row.supplement_due.isoformat()},
            at,
        )
    return row


def supplement(*, actor: Any, round: ReviewRound, note: str) -> ReviewRound:
    """The handler supplies the material in time; the review period runs again from today."""
    case = round.case
    if not case_permissions.can_work_on_case(actor, case):
        raise NotAllowed(
            "not_allowed", _("Only the case's officers and head supply material for the review.")
        )
    note = clean({"note": note}, (Spec("note", _("Material supplied"), kind="multiline", max_length=5000),))[
        "note"
    ]
    at = clock.now()
    with transaction.atomic():
        row = locked_open(round)
        if row.supplement_due is None or row.supplemented_at is not None:
            raise WrongState(
                "supplement_not_asked",
                _("The reviewer has asked for no material."),
                citation=citations.SUPPLEMENT,
            )
        if clock.today() > row.supplement_due:
            raise WrongState(
                "supplement_late",
                _(
                    "The supplement window ended on %(due)s: the reviewer returns the package (correct and resubmit)."
                )
                % {"due": row.supplement_due.isoformat()},
                citation=citations.SUPPLEMENT,
            )
        row.supplemented_at = at
        row.note = f"{row.note}\n{note}".strip()
        row.due = _due(row.case, clock.today())
        row.save(update_fields=["supplemented_at", "note", "due"])
        _log(
            "supplemented",
            row,
            actor,
            row.case,
            {"round": row.number, "note": note, "due": row.due.isoformat()},
            at,
        )
    return row
