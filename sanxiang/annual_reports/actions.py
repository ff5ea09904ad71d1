"""Writes of the annual reports app. Each action is one transaction that checks who acts and in
which state, changes the report and appends one record log entry (ARCHITECTURE rule 1).

The flow: generate (any time; again on a draft to refresh the counted figures) → enter the numbers
the platform cannot count and adjust the others with a reason → the head reviews → the head
publishes (after the year is over) → a correction is a new version, prepared the same way."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from sanxiang.annual_reports import counting, permissions
from sanxiang.annual_reports.enums import LineSource, ReportState
from sanxiang.annual_reports.models import Line, Report
from sanxiang.catalog.enums import ItemCategory
from sanxiang.catalog.models import Agency
from sanxiang.core import clock, policy
from sanxiang.core.cleaning import Spec, clean
from sanxiang.core.errors import Conflict, FieldError, Invalid, NotAllowed, NotVisible, WrongState
from sanxiang.recordlog import actions as recordlog
from sanxiang.recordlog.canonical import canonical_json

# 国办发〔2018〕118号 §二(三): the statistical annual report of enforcement (legal-rules A-27, F-01).
CITATION = _(
    "State Council General Office Guiding Opinion No. 118 of 2018, §2(3) (annual enforcement statistics)"
)
FIRST_YEAR = 2000
FORMAT = "sanxiang-annual-report/1"


def categories(agency: Agency) -> list[str]:
    """The report's categories in order (policy ``annual_reports.categories``); unknown codes in the
    setting are skipped rather than shown as empty lines."""
    raw = str(policy.value("annual_reports.categories", agency.policy_scopes()))
    known = set(ItemCategory.values)
    found: list[str] = []
    for code in (part.strip() for part in raw.replace("，", ",").split(",")):
        if code in known and code not in found:
            found.append(code)
    return found


def due_date(agency: Agency, year: int) -> tuple[dt.date, str]:
    """The day by which the report of ``year`` must be public, and the rule that set it."""
    scopes = agency.policy_scopes()
    month = policy.resolve("annual_reports.due_month", scopes)
    day = policy.resolve("annual_reports.due_day", scopes)
    last = calendar.monthrange(year + 1, int(month.value))[1]
    due = dt.date(year + 1, int(month.value), min(int(day.value), last))
    return due, f"{CITATION}; {day.citation}"


def _log(kind: str, report: Report, actor: Any, payload: dict[str, Any]) -> Any:
    return recordlog.append(
        kind=f"annual_report.{kind}",
        subject=report,
        actor=actor,
        payload={
            "agency_id": report.agency_id,
            "year": report.year,
            "version": report.version,
            "state": report.state,
            **payload,
        },
        occurred_at=clock.now(),
        agency_id=report.agency_id,
    )


def _refuse_unless(allowed: bool, agency: Agency, actor: Any) -> None:
    if not permissions.can_see(actor, agency) and not allowed:
        raise NotVisible("annual_report_not_visible", _("No such annual report."))
    if not allowed:
        raise NotAllowed(
            "annual_report_not_allowed",
            _("You may not do this on the annual report of %(agency)s.") % {"agency": agency.name},
        )


def _locked(report: Report, actor: Any, allowed: Any, states: set[str]) -> Report:
    fresh = Report.objects.select_for_update().select_related("agency", "agency__region").get(pk=report.pk)
    _refuse_unless(allowed(actor, fresh.agency), fresh.agency, actor)
    if fresh.state not in states:
        if fresh.state == ReportState.PUBLISHED:
            raise WrongState(
                "annual_report_published",
                _(
                    "Version %(version)s of the annual report is published and cannot be changed: "
                    "correct it with a new version."
                )
                % {"version": fresh.version},
                citation=CITATION,
            )
        raise WrongState(
            "annual_report_state",
            _("The annual report is %(state)s; this step is not possible now.")
            % {"state": fresh.get_state_display()},
        )
    return fresh


def _check_year(raw: Any) -> int:
    try:
        year = int(str(raw).strip())
    except ValueError:
        year = 0
    today = clock.today()
    if not FIRST_YEAR <= year <= today.year:
        raise Invalid(
            "annual_report_year",
            _("Year: give a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": today.year},
            field="year",
        )
    return year


YEAR_SPECS = (Spec("year", _("Year"), kind="custom", parser=_check_year),)


def open_version(agency: Agency, year: int) -> Report | None:
    """The version in preparation (draft or reviewed), if any."""
    return Report.objects.filter(agency=agency, year=year).exclude(state=ReportState.PUBLISHED).first()


def current_published(agency: Agency, year: int) -> Report | None:
    return (
        Report.objects.filter(agency=agency, year=year, state=ReportState.PUBLISHED)
        .order_by("-version")
        .first()
    )


def _fill_lines(report: Report, counted: dict[str, Any], powers: set[str]) -> list[dict[str, Any]]:
    """Create or refresh the lines from the data; numbers entered or adjusted by a person stay."""
    changes = []
    existing = {line.category: line for line in report.lines.all()}
    wanted = categories(report.agency)
    for position, category in enumerate(wanted):
        source = LineSource.DATA if category in counting.COUNTED else LineSource.ENTERED
        generated = counted.get(category) if source == LineSource.DATA else None
        line = existing.pop(category, None)
        if line is None:
            line = Line(report=report, category=category)
        kept_adjustment = line.pk is not None and line.adjusted
        line.position = position
        line.power = category in powers
        line.source = source
        line.generated = generated
        if source == LineSource.DATA and not kept_adjustment:
            line.count = generated if line.power else None
            line.reason = ""
        if not line.power:
            line.count, line.reason = None, ""
        line.save()
        changes.append(
            {"category": category, "power": line.power, "generated": generated, "count": line.count}
        )
    # A category dropped from the policy since the last run leaves the report.
    for line in existing.values():
        line.delete()
    return changes


@transaction.atomic
def generate(*, actor: Any, agency: Agency, data: dict[str, Any]) -> Report:
    """Count the year from the data into the version in preparation, creating version 1 if there is
    none. Generating a reviewed version returns it to draft: its figures changed, the review is void."""
    _refuse_unless(permissions.can_prepare(actor, agency), agency, actor)
    year = clean(data, YEAR_SPECS)["year"]
    Agency.objects.select_for_update().filter(pk=agency.pk).first()  # one generation at a time
    now = clock.now()
    report = open_version(agency, year)
    if report is None:
        published = current_published(agency, year)
        if published is not None:
            raise WrongState(
                "annual_report_published",
                _(
                    "The annual report of %(year)s is published (version %(version)s) and cannot be "
                    "regenerated: correct it with a new version."
                )
                % {"year": year, "version": published.version},
                field="year",
                citation=CITATION,
            )
        due, rule = due_date(agency, year)
        try:
            with transaction.atomic():
                report = Report.objects.create(
                    agency=agency,
                    year=year,
                    version=1,
                    due=due,
                    due_rule=rule[:300],
                    created_at=now,
                    created_by=actor,
                    generated_at=now,
                )
        except IntegrityError as exc:
            raise Conflict(
                "annual_report_changed", _("Someone else generated this report first: reload the page.")
            ) from exc
    counted = counting.count_year(agency, year)
    report.breakdown = counted.pop("breakdown")
    report.generated_at = now
    was_reviewed = report.state == ReportState.REVIEWED
    report.state = ReportState.DRAFT
    report.reviewed_at, report.reviewed_by = None, None
    report.save()
    lines = _fill_lines(report, counted, counting.powers(agency))
    _log(
        "generated",
        report,
        actor,
        {"lines": lines, "breakdown": report.breakdown, "review_cleared": was_reviewed},
    )
    return report


def _count(raw: Any) -> int | None:
    text = str(raw if raw is not None else "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 9:
        raise Invalid(
            "annual_report_count",
            _("Number: give a whole number, 0 or more (0 when the agency has the power but did nothing)."),
            field="count",
        )
    return int(text)


LINE_SPECS = (
    Spec("category", _("Category"), max_length=15),
    Spec("count", _("Number"), kind="custom", parser=_count, required=False),
    Spec("reason", _("Reason of the adjustment"), max_length=500, required=False),
    Spec("note", _("Where the number comes from"), max_length=500, required=False),
)


@transaction.atomic
def set_line(*, actor: Any, report: Report, data: dict[str, Any]) -> Line:
    """Enter a number the platform cannot count (levy, requisition: with where it comes from), or
    adjust a counted one (with the reason; the counted figure stays on record beside it)."""
    report = _locked(report, actor, permissions.can_prepare, {ReportState.DRAFT, ReportState.REVIEWED})
    values = clean(data, LINE_SPECS)
    line = report.lines.filter(category=values["category"]).first()
    if line is None:
        raise Invalid(
            "annual_report_category",
            _("Category: the report has no line %(category)s.") % {"category": values["category"]},
            field="category",
        )
    label = line.get_category_display()
    if not line.power:
        raise Invalid(
            "annual_report_no_power",
            _(
                "%(category)s: the agency has no such power (无此职权: no active item of this category in "
                "its enforcement item list), so no number is reported. Add the item to the list first."
            )
            % {"category": label},
            field="count",
            citation=CITATION,
        )
    count = values["count"]
    errors: list[FieldError] = []
    if count is None:
        errors.append(
            FieldError(
                "count", "required", _("%(category)s: give the number (0 if none).") % {"category": label}
            )
        )
    if line.source == LineSource.ENTERED and not values.get("note"):
        errors.append(
            FieldError(
                "note",
                "annual_report_note_required",
                _("%(category)s: say where the entered number comes from (e.g. the levy ledger).")
                % {"category": label},
            )
        )
    if (
        line.source == LineSource.DATA
        and count is not None
        and count != line.generated
        and not values.get("reason")
    ):
        errors.append(
            FieldError(
                "reason",
                "annual_report_reason_required",
                _(
                    "%(category)s: the number differs from the %(generated)s counted from the data; give "
                    "the reason of the adjustment."
                )
                % {"category": label, "generated": line.generated},
            )
        )
    if errors:
        raise Invalid.many(errors)
    before = {"count": line.count, "reason": line.reason, "note": line.note}
    line.count = count
    if line.source == LineSource.DATA:
        line.reason = (values.get("reason") or "") if count != line.generated else ""
    else:
        line.note = values.get("note") or ""
    line.save()
    # Changing a reviewed figure voids the review.
    was_reviewed = report.state == ReportState.REVIEWED
    report.state = ReportState.DRAFT
    report.reviewed_at, report.reviewed_by = None, None
    report.save(update_fields=["state", "reviewed_at", "reviewed_by"])
    _log(
        "line_set",
        report,
        actor,
        {
            "category": line.category,
            "source": line.source,
            "generated": line.generated,
            "before": before,
            "after": {"count": line.count, "reason": line.reason, "note": line.note},
            "review_cleared": was_reviewed,
        },
    )
    return line


def _refuse_incomplete(report: Report) -> None:
    missing = [line for line in report.lines.all() if line.power and line.count is None]
    if missing:
        raise Invalid.many(
            [
                FieldError(
                    f"lines.{line.category}",
                    "annual_report_line_empty",
                    _(
                        "%(category)s: the agency has this power but no number is entered; enter it (0 if "
                        "the agency did nothing)."
                    )
                    % {"category": line.get_category_display()},
                )
                for line in missing
            ]
        )


def _seen(report: Report, version: Any) -> None:
    if version is not None and str(version) != str(report.version):
        raise Conflict(
            "annual_report_changed",
            _("The annual report changed since you opened it (now version %(version)s): reload the page.")
            % {"version": report.version},
        )


@transaction.atomic
def review(*, actor: Any, report: Report, version: Any = None) -> Report:
    """The head has checked the figures against the agency's books."""
    report = _locked(report, actor, permissions.can_approve, {ReportState.DRAFT})
    _seen(report, version)
    _refuse_incomplete(report)
    report.state = ReportState.REVIEWED
    report.reviewed_at = clock.now()
    report.reviewed_by = actor
    report.save(update_fields=["state", "reviewed_at", "reviewed_by"])
    _log("reviewed", report, actor, {})
    return report


def figures(report: Report) -> dict[str, Any]:
    """The published figures: what the digest is computed over (canonical JSON, SHA-256)."""
    return {
        "format": FORMAT,
        "agency": {
            "id": report.agency_id,
            "name": report.agency.name,
            "credit_code": report.agency.credit_code,
        },
        "year": report.year,
        "version": report.version,
        "lines": [
            {
                "category": line.category,
                "power": line.power,
                "count": line.count if line.power else None,
                "source": line.source,
                "generated": line.generated,
                "reason": line.reason,
                "note": line.note,
            }
            for line in report.lines.order_by("position")
        ],
        "breakdown": report.breakdown,
        "correction_reason": report.correction_reason,
    }


def digest_of(data: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(data)).hexdigest()


@transaction.atomic
def publish(*, actor: Any, report: Report, version: Any = None) -> Report:
    """Publish the reviewed version; its figures are fixed and their SHA-256 goes into the record log."""
    report = _locked(report, actor, permissions.can_approve, {ReportState.REVIEWED})
    _seen(report, version)
    if report.year >= clock.today().year:
        raise WrongState(
            "annual_report_year_open",
            _("The year %(year)s is not over: its annual report is published from 1 January %(next)s.")
            % {"year": report.year, "next": report.year + 1},
            field="year",
            citation=CITATION,
        )
    _refuse_incomplete(report)
    report.figures = figures(report)
    report.digest = digest_of(report.figures)
    report.state = ReportState.PUBLISHED
    report.published_at = clock.now()
    report.published_by = actor
    report.save()
    entry = _log(
        "published",
        report,
        actor,
        {
            "digest": report.digest,
            "due": report.due.isoformat(),
            "on_time": clock.today() <= report.due,
        },
    )
    report.log_entry = entry
    report.save(update_fields=["log_entry"])
    return report


CORRECT_SPECS = (Spec("reason", _("Reason of the correction"), max_length=500),)


@transaction.atomic
def correct(*, actor: Any, report: Report, data: dict[str, Any]) -> Report:
    """Open a new version of a published report, with its lines as published; the published one
    stays public as history until the new one is published."""
    report = _locked(report, actor, permissions.can_prepare, {ReportState.PUBLISHED})
    values = clean(data, CORRECT_SPECS)
    latest = Report.objects.filter(agency=report.agency, year=report.year).order_by("-version").first()
    if latest is not None and latest.state != ReportState.PUBLISHED:
        raise WrongState(
            "annual_report_correction_open",
            _("Version %(version)s of this report is already being prepared: continue it.")
            % {"version": latest.version},
        )
    if latest is not None and latest.pk != report.pk:
        report = latest
    now = clock.now()
    try:
        with transaction.atomic():
            new = Report.objects.create(
                agency=report.agency,
                year=report.year,
                version=report.version + 1,
                due=report.due,
                due_rule=report.due_rule,
                correction_reason=values["reason"],
                breakdown=report.breakdown,
                created_at=now,
                created_by=actor,
                generated_at=report.generated_at,
            )
    except IntegrityError as exc:
        raise Conflict(
            "annual_report_changed", _("Someone else opened a correction first: reload the page.")
        ) from exc
    for line in report.lines.order_by("position"):
        line.pk = None
        line.report = new
        line.save()
    _log("corrected", new, actor, {"corrects": report.version, "reason": values["reason"]})
    return new
