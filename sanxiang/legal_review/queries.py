"""Reads of legal review, scoped through the cases the user may see."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from sanxiang.cases import queries as case_queries
from sanxiang.cases.enums import CaseState
from sanxiang.cases.models import Case
from sanxiang.cases.penalties import Penalty
from sanxiang.catalog.models import Agency
from sanxiang.core import clock, policy
from sanxiang.legal_review import rules
from sanxiang.legal_review.models import Catalogue, Classification, Discussion, Escalation, ReviewRound

# legal-rules C-05: the ten points of the review checklist.
CHECKLIST = (
    _("Is the enforcement body lawful and acting within its statutory powers?"),
    _("Do the officers hold enforcement qualification?"),
    _("Are the main facts clear?"),
    _("Is the evidence lawful, conclusive and sufficient?"),
    _("Are the laws, regulations and rules applied correctly?"),
    _("Is the discretion benchmark applied appropriately?"),
    _("Is the procedure lawful, and were the party's rights protected?"),
    _("Any ultra vires act or abuse of power?"),
    _("Are the enforcement documents complete and standard?"),
    _("Is a crime suspected, requiring transfer to the judicial authorities?"),
)


def catalogue_of(agency: Agency) -> Catalogue | None:
    return Catalogue.objects.filter(agency=agency).first()


def rules_of(agency: Agency) -> rules.Rules:
    """The agency's catalogue, or the defaults of legal-rules C-11 where it has none."""
    row = catalogue_of(agency)
    scopes = agency.policy_scopes()
    natural = Decimal(policy.value("legal_review.major_fine_natural_person", scopes))
    organisation = Decimal(policy.value("legal_review.major_fine_organisation", scopes))
    if row is None:
        return rules.Rules(
            review_all=False,
            kinds=frozenset(rules.DEFAULT_KINDS),
            fine_natural_person=natural,
            fine_organisation=organisation,
            confiscation_value=organisation,
            hearing_held=True,
            many_parties=3,
            suspected_crime=True,
            outside_benchmark=False,
            dispute=True,
        )
    return rules.Rules(
        review_all=row.review_all,
        kinds=frozenset(row.penalty_kinds),
        fine_natural_person=row.fine_natural_person if row.fine_natural_person is not None else natural,
        fine_organisation=row.fine_organisation if row.fine_organisation is not None else organisation,
        confiscation_value=row.confiscation_value,
        hearing_held=row.hearing_held,
        many_parties=row.many_parties,
        suspected_crime=row.suspected_crime,
        outside_benchmark=row.outside_benchmark,
        dispute=row.dispute,
    )


def hearing_was_held(case: Case) -> bool:
    return case.state == CaseState.HEARING_HELD or case.acts.filter(act="hold_hearing").exists()


def facts_of(case: Case, penalty: Penalty | None = None) -> rules.Facts:
    grade = case.benchmark_grade
    return rules.Facts(
        procedure=case.procedure,
        penalty=penalty if penalty is not None else case.penalty("proposed"),
        party_kinds=frozenset(case.parties_kind()),
        parties=case.parties.count(),
        hearing_held=hearing_was_held(case),
        grounds=frozenset(Escalation.objects.filter(case=case).values_list("ground", flat=True)),
        benchmark_fine=(grade.fine_min, grade.fine_max) if grade is not None else None,
    )


def is_major(case: Case) -> bool:
    """Major once any classification matched or an officer escalated: never downgraded."""
    if Escalation.objects.filter(case=case).exists():
        return True
    return Classification.objects.filter(case=case).exclude(matched=[]).exists()


def classifications(case: Case) -> QuerySet[Classification]:
    return Classification.objects.filter(case=case)


def escalations(case: Case) -> QuerySet[Escalation]:
    return Escalation.objects.filter(case=case).select_related("by")


def rounds(case: Case) -> QuerySet[ReviewRound]:
    return ReviewRound.objects.filter(case=case).select_related("reviewer", "submitted_by").order_by("number")


def latest_round(case: Case) -> ReviewRound | None:
    return ReviewRound.objects.filter(case=case).order_by("-number").first()


def latest_discussion(case: Case) -> Discussion | None:
    return Discussion.objects.filter(case=case).order_by("-id").first()


def rounds_for_user(user: Any) -> QuerySet[ReviewRound]:
    return ReviewRound.objects.filter(case__in=case_queries.cases_for_user(user)).select_related(
        "case", "reviewer"
    )


def round_for_user(user: Any, pk: int) -> ReviewRound:
    try:
        return rounds_for_user(user).get(pk=pk)
    except ReviewRound.DoesNotExist:
        raise Http404 from None


def queue(user: Any) -> QuerySet[ReviewRound]:
    """The reviewer's open rounds, soonest due first."""
    return rounds_for_user(user).filter(reviewer=user, opinion="").order_by("due", "pk")


def unassigned(user: Any) -> QuerySet[ReviewRound]:
    return rounds_for_user(user).filter(reviewer__isnull=True, opinion="").order_by("due", "pk")


def overdue(user: Any, today: dt.date | None = None) -> QuerySet[ReviewRound]:
    today = today or clock.today()
    return rounds_for_user(user).filter(opinion="", due__lt=today).order_by("due", "pk")
