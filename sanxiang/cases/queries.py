"""Reads of cases, always scoped (deny by default): a case the user may not see does not exist."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from sanxiang.cases.enums import CaseState, DeadlineStatus, PartyKind
from sanxiang.cases.models import Case, CaseDeadline, Party
from sanxiang.cases.permissions import can_see_personal_data
from sanxiang.catalog.actions.access import record_private_read
from sanxiang.catalog.models import Officer
from sanxiang.catalog.queries import agencies_for_user
from sanxiang.core import clock, policy
from sanxiang.core.roles import Role

DONE = (CaseState.CLOSED, CaseState.NOT_FILED)
DUE_SOON_DAYS = 3
DECISION_DAYS = 90  # 处罚法 Art. 60


def cases_for_user(user: Any) -> QuerySet[Case]:
    return Case.objects.filter(agency__in=agencies_for_user(user)).select_related(
        "agency", "enforcement_item"
    )


def case_for_user(user: Any, pk: int) -> Case:
    try:
        return cases_for_user(user).select_related("agency__region").get(pk=pk)
    except Case.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class PartyView:
    """A party as shown to one reader: the personal fields are None for a reader without the right
    (``permissions.can_see_personal_data``), never an empty string that reads as "not known"."""

    pk: int
    kind: str
    kind_label: str
    name: str
    credit_code: str
    representative: str
    id_number: str | None
    address: str | None
    phone: str | None
    redacted: bool


def parties_for_display(user: Any, case: Case, *, channel: str, record: bool = True) -> list[PartyView]:
    """The case's parties for ``user``: in full for the case's agency, without the personal fields
    for everyone else. Showing a natural person's personal data is a read of it, recorded here (the
    record log entry ``access.party_identity`` names the page or endpoint, ``channel``) so that every
    page, endpoint and file that shows parties records it the same way. ``record=False`` only for a
    refused form shown again: a refusal writes nothing, and the page it was posted from was
    recorded when it was read."""
    personal = can_see_personal_data(user, case)
    rows: list[Party] = list(case.parties.all())
    views = [
        PartyView(
            pk=p.pk,
            kind=p.kind,
            kind_label=str(PartyKind(p.kind).label),
            name=p.name,
            credit_code=p.credit_code,
            representative=p.representative,
            id_number=p.id_number if personal else None,
            address=p.address if personal else None,
            phone=p.phone if personal else None,
            redacted=not personal,
        )
        for p in rows
    ]
    people = [p.pk for p in rows if p.kind == PartyKind.NATURAL_PERSON]
    if personal and people and record:
        record_party_read(user, case, channel=channel, party_ids=people)
    return views


def natural_persons(case: Case) -> list[int]:
    return [p.pk for p in case.parties.all() if p.kind == PartyKind.NATURAL_PERSON]


def record_party_read(
    user: Any, case: Case, *, channel: str, party_ids: list[int] | None = None, subject: Any = None
) -> None:
    """The one record of a read of parties' identity data (a page, an endpoint or a file)."""
    people = natural_persons(case) if party_ids is None else party_ids
    if not people:
        return
    record_private_read(
        actor=user,
        subject=subject if subject is not None else case,
        agency_id=case.agency_id,
        what="party_identity",
        channel=channel,
        party_ids=people,
    )


def open_cases_for_user(user: Any) -> QuerySet[Case]:
    return cases_for_user(user).exclude(state__in=DONE)


def my_cases(user: Any) -> QuerySet[Case]:
    """An officer's own open cases (assigned to the officer record linked to the account, or opened
    by the account); everyone else sees the open cases in scope."""
    cases = open_cases_for_user(user)
    if user.role == Role.OFFICER:
        mine = Q(created_by=user)
        if user.officer_id:
            mine |= Q(assignments__officer_id=user.officer_id)
        cases = cases.filter(mine).distinct()
    return cases.order_by("-created_at", "-id")


def _duties(user: Any) -> QuerySet[CaseDeadline]:
    return CaseDeadline.objects.filter(
        case__in=my_cases(user), status=DeadlineStatus.OPEN, party_window=False
    ).select_related("case")


def pending_calendar(user: Any) -> QuerySet[CaseDeadline]:
    """Periods of my cases still running whose last day waits for a holiday schedule to be entered:
    neither due soon nor overdue, as far as anyone can know yet."""
    return CaseDeadline.objects.filter(
        case__in=my_cases(user), status=DeadlineStatus.PENDING_CALENDAR, ended_on__isnull=True
    )


def due_soon(user: Any, today: dt.date | None = None) -> QuerySet[CaseDeadline]:
    today = today or clock.today()
    return (
        _duties(user)
        .filter(due__gte=today, due__lte=today + dt.timedelta(days=DUE_SOON_DAYS))
        .order_by("due")
    )


def overdue(user: Any, today: dt.date | None = None) -> QuerySet[CaseDeadline]:
    today = today or clock.today()
    return _duties(user).filter(Q(due__lt=today) | Q(due_at__lt=clock.now())).order_by("due")


def agency_officers(case: Case) -> QuerySet[Officer]:
    return Officer.objects.filter(agency=case.agency, retired_at__isnull=True).order_by("name")


def timeline(case: Case) -> QuerySet[Any]:
    return case.acts.select_related("actor").prefetch_related("records").order_by("occurred_at", "id")


# --- decision period warnings (处罚法 Art. 60) -------------------------------------------------


def warning_points(case: Case) -> list[int]:
    """The policy's days after filing at which the decision period is flagged, e.g. 60 and 80 of
    the 90: a malformed entry is ignored rather than silencing every warning."""
    raw = str(policy.value("cases.decision_warning_days", case.agency.policy_scopes()))
    points = []
    for part in raw.replace("，", ",").split(","):
        try:
            point = int(part.strip())
        except ValueError:
            continue
        if 0 < point < DECISION_DAYS:
            points.append(point)
    return sorted(points)


def decision_warning(case: Case, today: dt.date | None = None) -> dict[str, Any] | None:
    """The highest warning point the running decision period has reached: a point p of the 90 days
    is reached when no more than 90 − p days are left (extensions and days not counted move the
    last day, and the points with it). None while the period is paused or not running."""
    today = today or clock.today()
    row = (
        case.deadlines.filter(rule_id="penalty.decision", status=DeadlineStatus.OPEN, due__isnull=False)
        .order_by("-id")
        .first()
    )
    if row is None or row.due is None:
        return None
    left = (row.due - today).days
    reached = [p for p in warning_points(case) if left <= DECISION_DAYS - p]
    if not reached:
        return None
    point = reached[-1]
    return {
        "point": point,
        "left": left,
        "due": row.due,
        "citation": str(row.citation),
        "message": str(
            _(
                "Day %(point)d of the decision period reached: the decision is due by %(due)s, %(left)d days left."
            )
            % {"point": point, "due": row.due.isoformat(), "left": left}
            if left >= 0
            else _("The decision period ended on %(due)s.") % {"due": row.due.isoformat()}
        ),
    }


def decision_warnings(user: Any, today: dt.date | None = None) -> list[tuple[Case, dict[str, Any]]]:
    """My cases whose decision period reached a warning point, the most urgent first."""
    today = today or clock.today()
    rows = (
        _duties(user)
        .filter(
            rule_id="penalty.decision", due__isnull=False, due__lte=today + dt.timedelta(days=DECISION_DAYS)
        )
        .select_related("case__agency__region")
        .order_by("due")
    )
    found = []
    for row in rows[:500]:
        warning = decision_warning(row.case, today)
        if warning is not None:
            found.append((row.case, warning))
    return found
