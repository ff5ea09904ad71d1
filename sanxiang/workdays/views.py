"""Staff pages of the calendar: the list of years with their completeness, a year as a month grid,
one day's correction, and entering a year from the State Council's notice (or completing a year
entered day by day) through a review step. Pages never validate on their own: they pass what was
typed to ``actions`` and show its coded errors."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sanxiang.core import clock
from sanxiang.core.errors import DomainError
from sanxiang.workdays import actions, permissions
from sanxiang.workdays.models import CalendarDay, CalendarYear

WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _year(year: int) -> int:
    if not actions.FIRST_YEAR <= year <= actions.LAST_YEAR:
        raise Http404
    return year


def _respond(
    request: HttpRequest, template: str, context: dict[str, Any], error: DomainError | None = None
) -> HttpResponse:
    context["error"] = error
    context["can_edit"] = permissions.can_edit(request.user)
    return render(request, template, context, status=error.status if error else 200)


def _errors(error: DomainError | None) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for item in error.errors if error else []:
        if item.field:
            result.setdefault(item.field, []).append(str(item.message))
    return result


def month_grid(year: int, days: Mapping[dt.date, tuple[bool, str]]) -> list[dict[str, Any]]:
    """Twelve months of weeks (Monday first); each cell the day, its kind (work, rest, missing),
    its note, and whether it departs from the weekday rule."""
    months = []
    for month in range(1, 13):
        weeks = []
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            cells: list[dict[str, Any] | None] = []
            for day in week:
                if day.month != month:
                    cells.append(None)
                    continue
                known = days.get(day)
                kind = "missing" if known is None else ("work" if known[0] else "rest")
                cells.append(
                    {
                        "date": day,
                        "kind": kind,
                        "note": known[1] if known else "",
                        "exception": known is not None and known[0] != actions.weekday_rule(day),
                    }
                )
            weeks.append(cells)
        months.append({"month": month, "weeks": weeks})
    return months


@login_required
def years_view(request: HttpRequest) -> HttpResponse:
    _require(permissions.can_view(request.user))
    counts = {
        row["date__year"]: row
        for row in CalendarDay.objects.values("date__year").annotate(
            days=Count("pk"), rest=Count("pk", filter=Q(is_workday=False))
        )
    }
    rows: list[dict[str, Any]] = []
    for entry in CalendarYear.objects.order_by("-year"):
        count = counts.get(entry.year, {"days": 0, "rest": 0})
        rows.append({"year": entry, "days": count["days"], "rest": count["rest"]})
    known = {row["year"].year for row in rows}
    this_year = clock.today().year
    missing = [y for y in range(this_year, this_year + 2) if y not in known or not _complete(y)]
    return _respond(request, "workdays/years.html", {"rows": rows, "missing": missing})


def _complete(year: int) -> bool:
    return CalendarYear.objects.filter(year=year, complete=True).exists()


@login_required
def year_view(request: HttpRequest, year: int) -> HttpResponse:
    _require(permissions.can_view(request.user))
    year = _year(year)
    stored = {d.date: (d.is_workday, d.note) for d in CalendarDay.objects.filter(date__year=year)}
    entry = CalendarYear.objects.filter(year=year).first()
    context = {
        "year": year,
        "entry": entry,
        "months": month_grid(year, stored),
        "weekdays": WEEKDAYS,
        "stored": len(stored),
        "total": len(actions.year_days(year)),
        "rest": sum(not w for w, _note in stored.values()),
        "notes": [(day, note, w) for day, (w, note) in sorted(stored.items()) if note],
    }
    return _respond(request, "workdays/year.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def day_view(request: HttpRequest, day: str) -> HttpResponse:
    _require(permissions.can_edit(request.user))
    try:
        date = dt.date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    _year(date.year)
    stored = CalendarDay.objects.filter(date=date).first()
    values = {
        "is_workday": ("1" if stored.is_workday else "0")
        if stored
        else ("1" if actions.weekday_rule(date) else "0"),
        "note": stored.note if stored else "",
        "reason": "",
    }
    error = None
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in ("is_workday", "note", "reason")}
        try:
            actions.set_day(
                actor=request.user,
                day=date,
                is_workday=values["is_workday"],
                note=values["note"],
                reason=values["reason"],
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("The day has been saved."))
            return redirect("workdays:year", date.year)
    context = {
        "date": date,
        "weekday": WEEKDAYS[date.weekday()],
        "stored": stored,
        "values": values,
        "errors": _errors(error),
        "complete": _complete(date.year),
    }
    return _respond(request, "workdays/day.html", context, error)


def _review_context(plan: actions.YearPlan) -> dict[str, Any]:
    return {
        "plan": plan,
        "months": month_grid(plan.year, {d.date: (d.is_workday, d.note) for d in plan.days}),
        "weekdays": WEEKDAYS,
        "changed_existing": [d for d in plan.changes if d.before is not None],
    }


@login_required
@require_http_methods(["GET", "POST"])
def schedule_view(request: HttpRequest, year: int) -> HttpResponse:
    """Paste the notice → review the computed year → confirm (writes and marks the year complete)."""
    _require(permissions.can_edit(request.user))
    year = _year(year)
    lines = request.POST.get("lines", "") if request.method == "POST" else ""
    reason = request.POST.get("reason", "") if request.method == "POST" else ""
    context: dict[str, Any] = {"year": year, "lines": lines, "reason": reason, "review": None}
    error: DomainError | None = None
    if request.method == "POST":
        if request.POST.get("step") == "confirm":
            try:
                actions.apply_plan(
                    actor=request.user,
                    year=year,
                    notice=lines,
                    reviewed=request.POST.get("reviewed", ""),
                    reason=reason,
                )
            except DomainError as exc:
                error = exc
            else:
                messages.success(request, _("The %(year)d calendar is complete.") % {"year": year})
                return redirect("workdays:year", year)
        else:
            try:
                plan = actions.review_notice(year=year, notice=lines, reason=reason)
            except DomainError as exc:
                error = exc
            else:
                context["review"] = _review_context(plan)
    context["errors"] = _errors(error)
    return _respond(request, "workdays/schedule.html", context, error)


@login_required
@require_http_methods(["GET", "POST"])
def complete_view(request: HttpRequest, year: int) -> HttpResponse:
    """Review a year entered day by day (missing days by the weekday rule), then mark it complete."""
    _require(permissions.can_edit(request.user))
    year = _year(year)
    plan = actions.plan_from_stored(year)
    error: DomainError | None = None
    reason = request.POST.get("reason", "") if request.method == "POST" else ""
    if request.method == "POST":
        try:
            actions.apply_plan(
                actor=request.user,
                year=year,
                notice=None,
                reviewed=request.POST.get("reviewed", ""),
                reason=reason,
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, _("The %(year)d calendar is complete.") % {"year": year})
            return redirect("workdays:year", year)
    context = {
        "year": year,
        "reason": reason,
        "complete": _complete(year),
        "errors": _errors(error),
        **_review_context(plan),
    }
    return _respond(request, "workdays/complete.html", context, error)
