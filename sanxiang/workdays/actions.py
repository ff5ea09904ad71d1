"""The only code that changes the calendar. Every change says why and appends to the record log in
the same transaction: ``workdays.day.set`` for one day, ``workdays.year.set`` when a year's schedule
is entered from the State Council's notice or completed, with the days before and after.

Entering a year is two steps: ``plan_from_notice`` / ``plan_from_stored`` compute the whole year
(listed days as listed, every other day by the weekday rule) for a person to review, and
``apply_plan`` writes exactly that plan — refused if the calendar changed since the review — and
marks the year complete. Bad input writes nothing and names every bad line. Once that commits,
``signals.calendar_year_completed`` is sent, so that periods waiting for the year get their last day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sanxiang.core import clock
from sanxiang.core.errors import FieldError, Invalid, NotAllowed, WrongState
from sanxiang.core.text import clean_text
from sanxiang.recordlog import actions as recordlog
from sanxiang.workdays import notice_text
from sanxiang.workdays.models import CalendarDay, CalendarYear, Source
from sanxiang.workdays.permissions import can_edit
from sanxiang.workdays.seeding import FIRST_YEAR
from sanxiang.workdays.signals import calendar_year_completed

LAST_YEAR = 2100
NOTE_MAX = 100
REST_WORDS = {"休", "休息", "放假", "rest", "off"}
WORK_WORDS = {"班", "上班", "工作日", "work"}
_LINE = re.compile(
    r"^(?P<first>\S+?)(?:\s*(?:至|到|~|～|\.\.)\s*(?P<last>\S+?))?\s+(?P<kind>\S+)(?:\s+(?P<note>.*))?$"
)


def weekday_rule(day: dt.date) -> bool:
    """Without a notice, Monday to Friday are working days."""
    return day.weekday() < 5


def year_days(year: int) -> list[dt.date]:
    first = dt.date(year, 1, 1)
    return [first + dt.timedelta(days=i) for i in range((dt.date(year + 1, 1, 1) - first).days)]


def require(actor: Any) -> None:
    if actor is not None and not can_edit(actor):
        raise NotAllowed("not_allowed", _("Only an administrator may change the calendar."))


def clean_year(year: Any) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise Invalid(
            "calendar_year_range",
            _("The year must be from %(first)d to %(last)d.") % {"first": FIRST_YEAR, "last": LAST_YEAR},
            field="year",
        )
    return year


def clean_reason(reason: Any) -> str:
    return clean_text(reason, field="reason", label=_("Reason for the change"), max_length=500)


def clean_note(note: Any) -> str:
    return clean_text(note, field="note", label=_("Note"), max_length=NOTE_MAX, required=False)


def _state(day: CalendarDay | None) -> dict[str, Any] | None:
    if day is None:
        return None
    return {"is_workday": day.is_workday, "note": day.note, "source": day.source}


def _year_row(year: int) -> CalendarYear:
    row, _created = CalendarYear.objects.select_for_update().get_or_create(
        year=year, defaults={"complete": False, "source": Source.MANUAL}
    )
    return row


# --- one day ---------------------------------------------------------------------------------------


def parse_workday(raw: Any) -> bool:
    text = str(raw).strip().lower() if raw is not None else ""
    if text in {"1", "true", "yes", "on", "是"} | WORK_WORDS:
        return True
    if text in {"0", "false", "no", "off", "否"} | REST_WORDS:
        return False
    raise Invalid(
        "calendar_kind", _("Choose whether the day is a working day or a rest day."), field="is_workday"
    )


@transaction.atomic
def set_day(*, actor: Any, day: dt.date, is_workday: Any, note: Any, reason: Any) -> CalendarDay:
    """Enter or correct one day. A day of a complete year stays usable at once; a day of a year not
    yet complete waits until the year is marked complete."""
    require(actor)
    errors: list[FieldError] = []
    cleaned: dict[str, Any] = {}
    for name, check, raw in (
        ("year", clean_year, day.year),
        ("is_workday", parse_workday, is_workday),
        ("note", clean_note, note),
        ("reason", clean_reason, reason),
    ):
        try:
            cleaned[name] = check(raw)
        except Invalid as exc:
            errors += exc.errors
    if errors:
        raise Invalid.many(errors)
    _year_row(day.year)
    stored = CalendarDay.objects.select_for_update().filter(date=day).first()
    before = _state(stored)
    if stored is not None and (stored.is_workday, stored.note) == (cleaned["is_workday"], cleaned["note"]):
        return stored
    now = clock.now()
    row = stored or CalendarDay(date=day)
    row.is_workday = cleaned["is_workday"]
    row.note = cleaned["note"]
    row.source = Source.MANUAL
    row.updated_at = now
    row.save()
    recordlog.append(
        kind="workdays.day.set",
        subject=row,
        actor=actor if getattr(actor, "pk", None) else None,
        payload={
            "date": day.isoformat(),
            "before": before,
            "after": _state(row),
            "reason": cleaned["reason"],
        },
        occurred_at=now,
    )
    return row


# --- a whole year ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedDay:
    date: dt.date
    is_workday: bool
    note: str
    listed: bool  # named in the notice (or already stored), not filled in by the weekday rule
    before: dict[str, Any] | None

    @property
    def changed(self) -> bool:
        return self.before is None or (self.before["is_workday"], self.before["note"]) != (
            self.is_workday,
            self.note,
        )

    @property
    def exception(self) -> bool:
        """Differs from the weekday rule or carries a note: what the notice is about."""
        return self.is_workday != weekday_rule(self.date) or bool(self.note)

    def line(self) -> str:
        return f"{self.date.isoformat()} {'班' if self.is_workday else '休'} {self.note}".rstrip()

    @property
    def festival(self) -> str:
        """The holiday a listed day belongs to: "春节" for both 春节 and "春节调休上班"."""
        return self.note.removesuffix("调休上班")


@dataclass(frozen=True)
class YearPlan:
    year: int
    mode: str  # "notice" | "complete"
    days: list[PlannedDay]
    notice: str  # the listed lines, normalised (empty in "complete" mode)

    @property
    def rest_days(self) -> int:
        return sum(not d.is_workday for d in self.days)

    @property
    def work_days(self) -> int:
        return sum(d.is_workday for d in self.days)

    @property
    def exceptions(self) -> list[PlannedDay]:
        return [d for d in self.days if d.exception]

    @property
    def listed(self) -> list[PlannedDay]:
        """The days the notice names (放假 or 上班), for the preview."""
        return [d for d in self.days if d.listed]

    @property
    def changes(self) -> list[PlannedDay]:
        return [d for d in self.days if d.changed]

    @property
    def filled(self) -> int:
        """Days not listed (nor stored) and set by the weekday rule."""
        return sum(not d.listed for d in self.days)

    @property
    def digest(self) -> str:
        """Fingerprint of what was reviewed: the plan and the stored days it replaces."""
        text = "\n".join(f"{d.date.isoformat()}|{int(d.is_workday)}|{d.note}|{d.before}" for d in self.days)
        return hashlib.sha256(f"{self.year}|{self.mode}\n{text}".encode()).hexdigest()


def _line_error(number: int, message: Any, code: str) -> FieldError:
    return FieldError(
        "lines",
        code,
        _("Line %(line)d: %(problem)s") % {"line": number, "problem": message},
        row=number,
    )


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.replace("/", "-").replace(".", "-"))
    except ValueError:
        return None


def parse_notice(year: int, text: Any) -> dict[dt.date, tuple[bool, str]]:
    """The State Council's notice as published (``notice_text``), or lines like "2027-01-01 休 元旦", "2027-02-07 班 调休上班" or "2027-10-01至2027-10-07 休 国庆节"
    (blank lines and lines starting with # are skipped). Every bad line is reported at once."""
    if notice_text.looks_like_notice(str(text or "")):
        # The notice as published (一、元旦：1月1日（周五）放假……), pasted whole.
        try:
            return notice_text.parse(year, str(text))
        except notice_text.NoticeError as exc:
            raise Invalid.many([_line_error(exc.line, exc.problem, "calendar_notice_line")]) from None
    listed: dict[dt.date, tuple[bool, str]] = {}
    where: dict[dt.date, int] = {}
    errors: list[FieldError] = []
    lines = str(text or "").splitlines()
    for number, raw in enumerate(lines, start=1):
        line = raw.strip().replace("\u3000", " ")
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            errors.append(
                _line_error(
                    number,
                    _("write a date, 休 or 班, and a note, e.g. 2027-01-01 休 元旦."),
                    "calendar_line_format",
                )
            )
            continue
        first = _parse_date(match["first"])
        last = _parse_date(match["last"]) if match["last"] else first
        if first is None or last is None:
            errors.append(
                _line_error(number, _("the date is not a date like 2027-01-01."), "calendar_line_date")
            )
            continue
        if first.year != year or last.year != year or last < first:
            errors.append(
                _line_error(number, _("the date is not in %(year)d.") % {"year": year}, "calendar_line_year")
            )
            continue
        kind = match["kind"].lower()
        if kind not in REST_WORDS | WORK_WORDS:
            errors.append(
                _line_error(number, _("say 休 (rest day) or 班 (working day)."), "calendar_line_kind")
            )
            continue
        note = (match["note"] or "").strip()
        if len(note) > NOTE_MAX:
            errors.append(
                _line_error(
                    number,
                    _("the note is longer than %(n)d characters.") % {"n": NOTE_MAX},
                    "calendar_line_note",
                )
            )
            continue
        day = first
        while day <= last:
            if day in listed:
                errors.append(
                    _line_error(
                        number,
                        _("%(date)s is already listed on line %(other)d.")
                        % {"date": day.isoformat(), "other": where[day]},
                        "calendar_line_duplicate",
                    )
                )
                break
            listed[day] = (kind in WORK_WORDS, note)
            where[day] = number
            day += dt.timedelta(days=1)
    if errors:
        raise Invalid.many(errors)
    if not listed:
        raise Invalid(
            "calendar_notice_empty",
            _("Paste the notice's days, one per line, e.g. 2027-01-01 休 元旦."),
            field="lines",
        )
    return listed


def _stored(year: int) -> dict[dt.date, CalendarDay]:
    return {d.date: d for d in CalendarDay.objects.filter(date__year=year)}


def plan_from_notice(year: int, text: Any) -> YearPlan:
    """The whole year as the notice sets it: listed days as listed, every other day by the weekday
    rule (replacing what is stored for it)."""
    year = clean_year(year)
    listed = parse_notice(year, text)
    stored = _stored(year)
    days = []
    for day in year_days(year):
        is_workday, note = listed.get(day, (weekday_rule(day), ""))
        days.append(PlannedDay(day, is_workday, note, day in listed, _state(stored.get(day))))
    notice = "\n".join(d.line() for d in days if d.listed)
    return YearPlan(year=year, mode="notice", days=days, notice=notice)


def plan_from_stored(year: int) -> YearPlan:
    """The year as entered day by day, its missing days filled in by the weekday rule."""
    year = clean_year(year)
    stored = _stored(year)
    days = []
    for day in year_days(year):
        row = stored.get(day)
        if row is not None:
            days.append(PlannedDay(day, row.is_workday, row.note, True, _state(row)))
        else:
            days.append(PlannedDay(day, weekday_rule(day), "", False, None))
    return YearPlan(year=year, mode="complete", days=days, notice="")


def review_notice(*, year: int, notice: Any, reason: Any) -> YearPlan:
    """The review step: the computed year, or every problem with the notice and the reason at once.
    Writes nothing."""
    errors: list[FieldError] = []
    plan: YearPlan | None = None
    try:
        clean_reason(reason)
    except Invalid as exc:
        errors += exc.errors
    try:
        plan = plan_from_notice(year, notice)
    except Invalid as exc:
        errors += exc.errors
    if errors or plan is None:
        raise Invalid.many(errors)
    return plan


@transaction.atomic
def apply_plan(*, actor: Any, year: int, notice: str | None, reviewed: Any, reason: Any) -> CalendarYear:
    """Write the reviewed plan (from ``notice``, or from the stored days when ``notice`` is None) and
    mark the year complete. ``reviewed`` is the digest shown on the review page."""
    require(actor)
    errors: list[FieldError] = []
    plan: YearPlan | None = None
    try:
        reason = clean_reason(reason)
    except Invalid as exc:
        errors += exc.errors
    try:
        year = clean_year(year)
        row = _year_row(year)  # locks the year: two administrators cannot apply at once
        if notice is None and row.complete:
            raise WrongState(
                "calendar_year_complete", _("The %(year)d calendar is already complete.") % {"year": year}
            )
        plan = plan_from_notice(year, notice) if notice is not None else plan_from_stored(year)
    except Invalid as exc:
        errors += exc.errors
    if errors:
        raise Invalid.many(errors)
    assert plan is not None
    if not reviewed or reviewed != plan.digest:
        raise WrongState(
            "calendar_changed",
            _("Review the computed days first (the calendar or the notice changed since the review)."),
        )
    now = clock.now()
    stored = _stored(year)
    new, updated, changes = [], [], []
    for day in plan.changes:
        changes.append({"date": day.date.isoformat(), "before": day.before, "after": day.line()})
        existing = stored.get(day.date)
        if existing is None:
            new.append(
                CalendarDay(
                    date=day.date,
                    is_workday=day.is_workday,
                    note=day.note,
                    source=Source.MANUAL,
                    updated_at=now,
                )
            )
        else:
            existing.is_workday, existing.note = day.is_workday, day.note
            existing.source, existing.updated_at = Source.MANUAL, now
            updated.append(existing)
    CalendarDay.objects.bulk_create(new)
    CalendarDay.objects.bulk_update(updated, ["is_workday", "note", "source", "updated_at"])
    row.complete, row.loaded_at = True, now
    if plan.mode == "notice" or row.source != Source.CHINESECALENDAR:
        row.source = Source.MANUAL
    row.save()
    recordlog.append(
        kind="workdays.year.set",
        subject=row,
        actor=actor if getattr(actor, "pk", None) else None,
        payload={
            "year": year,
            "mode": plan.mode,
            "reason": reason,
            "notice": plan.notice,
            "rest_days": plan.rest_days,
            "work_days": plan.work_days,
            "exceptions": [d.line() for d in plan.exceptions],
            "created": len(new),
            "changes": [c for c in changes if c["before"] is not None],
            "plan_sha256": plan.digest,
        },
        occurred_at=now,
    )
    transaction.on_commit(lambda: calendar_year_completed.send_robust(sender=CalendarYear, year=year))
    return row
