"""Reads of cases, always scoped (deny by default): a case the user may not see does not exist."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from sanxiang.cases.enums import CaseState, DeadlineStatus
from sanxiang.cases.models import Case, CaseDeadline
from sanxiang.catalog.models import Officer
from sanxiang.catalog.queries import agencies_for_user
from sanxiang.core import clock
from sanxiang.core.roles import Role

DONE = (CaseState.CLOSED, CaseState.NOT_FILED)
DUE_SOON_DAYS = 3


def cases_for_user(user: Any) -> QuerySet[Case]:
    return Case.objects.filter(agency__in=agencies_for_user(user)).select_related(
        "agency", "enforcement_item"
    )


def case_for_user(user: Any, pk: int) -> Case:
    try:
        return cases_for_user(user).select_related("agency__region").get(pk=pk)
    except Case.DoesNotExist:
        raise Http404 from None


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
