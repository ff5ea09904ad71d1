"""Reviewer profiles: the legal qualification (法律职业资格) of the agency's legal-review staff, which
处罚法 Art. 58 ¶2 requires of anyone reviewing penalty decisions for the first time
(``actions.is_qualified`` reads it when a reviewer is assigned). The agency's head or an
administrator records it; a reviewer sees their own."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from sanxiang.catalog.permissions import can_edit_agency_lists, user_region
from sanxiang.core import clock
from sanxiang.core.cleaning import Spec, clean
from sanxiang.core.errors import Invalid, NotAllowed
from sanxiang.core.roles import Role
from sanxiang.legal_review import citations
from sanxiang.legal_review.models import ReviewerProfile
from sanxiang.recordlog import actions as recordlog

# The certificate's number as the issued ones read (A20163301000123 in the demo data): the class
# letter (A, B or C), the four-digit year of grant, then 7 to 10 digits of region code and serial.
NUMBER = re.compile(r"^[ABC](?P<year>\d{4})\d{7,10}$")
# The national judicial examination, whose certificates the qualification took over, began in 2002.
FIRST_YEAR = 2002

SPECS = (
    Spec("qualification_number", _("Legal qualification certificate number"), max_length=40, required=False),
    Spec("qualified_on", _("Legal qualification granted on"), kind="date", required=False),
)


def reviewers_for(user: Any) -> QuerySet[Any]:
    """The legal reviewers whose profile ``user`` may see: all of the agency's for its head and the
    administrators in scope, one's own for a reviewer, none for anyone else."""
    users = (
        get_user_model()
        .objects.filter(role=Role.LEGAL_REVIEWER)
        .select_related("agency", "reviewer_profile")
        .order_by("agency_id", "display_name", "pk")
    )
    role = getattr(user, "role", None)
    if role == Role.HEAD and user.agency_id:
        return users.filter(agency_id=user.agency_id)
    if role == Role.ADMIN:
        region = user_region(user)
        return users if region is None else users.filter(agency__region__path__startswith=region.path)
    if role == Role.LEGAL_REVIEWER:
        return users.filter(pk=user.pk)
    return users.none()


def may_edit(actor: Any, user: Any) -> bool:
    return bool(
        getattr(user, "role", None) == Role.LEGAL_REVIEWER
        and user.agency is not None
        and can_edit_agency_lists(actor, user.agency)
    )


def save_profile(*, actor: Any, user: Any, data: Mapping[str, Any]) -> ReviewerProfile:
    """The head or an administrator records a reviewer's legal qualification."""
    if not may_edit(actor, user):
        raise NotAllowed(
            "not_allowed", _("Only the agency's head or an administrator records a reviewer's qualification.")
        )
    cleaned = clean(data, SPECS)
    number = (cleaned.get("qualification_number") or "").upper()
    granted = cleaned.get("qualified_on")
    today = clock.today()
    if number:
        match = NUMBER.match(number)
        if match is None or not FIRST_YEAR <= int(match["year"]) <= today.year:
            raise Invalid(
                "qualification_number_format",
                _(
                    "A legal qualification certificate number is A, B or C, the year of grant and 7 to 10 digits (e.g. A20163301000123)."
                ),
                field="qualification_number",
                citation=citations.ART_58_2,
            )
    elif granted is not None:
        raise Invalid(
            "qualification_number_required",
            _("Give the certificate number with the date of grant."),
            field="qualification_number",
            citation=citations.ART_58_2,
        )
    if granted is not None and granted > today:
        raise Invalid(
            "date_in_future", _("The date of grant may not be in the future."), field="qualified_on"
        )
    at = clock.now()
    with transaction.atomic():
        row, _created = ReviewerProfile.objects.update_or_create(
            user=user, defaults={"qualification_number": number, "qualified_on": granted, "updated_at": at}
        )
        recordlog.append(
            kind="legal_review.profile_saved",
            subject=row,
            actor=actor,
            payload={
                "user_id": user.pk,
                "qualification_number": row.qualification_number,
                "qualified_on": granted.isoformat() if granted else None,
            },
            occurred_at=at,
            agency_id=user.agency_id,
        )
    return row
