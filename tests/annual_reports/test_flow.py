"""The report's flow: generated from the data with 无此职权 where the agency has no power and 0 where
it has the power and did nothing; entered and adjusted lines; reviewed and published by the head;
refusals in Chinese naming the field and the rule, with nothing written; published versions never
change, a correction is a new version; the digest of the figures is in the record log."""

from __future__ import annotations

import hashlib

import pytest

from sanxiang.annual_reports import actions, excel
from sanxiang.annual_reports.models import Line, Report
from sanxiang.annual_reports.reminders import remind_overdue
from sanxiang.core.errors import DomainError
from sanxiang.recordlog.canonical import canonical_json
from sanxiang.recordlog.models import Entry
from tests.annual_reports.conftest import JANUARY_2026
from tests.fingerprint import database_fingerprint as fingerprint


def refused(call, code):
    before = fingerprint()
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.code == code, caught.value
    assert fingerprint() == before
    return caught.value


def lines(report):
    return {line.category: line for line in Line.objects.filter(report=report)}


def generate(world, who="head", year=2025):
    return actions.generate(actor=world.user(who), agency=world.agency, data={"year": year})


def test_no_power_is_not_zero(world, doer, clock, powers):
    powers("inspection", "levy")  # the world's agency A already has a penalty item
    doer.spot_penalty(fine="100")
    report = generate(world)
    got = lines(report)
    assert list(Line.objects.filter(report=report).values_list("category", flat=True)) == [
        "licensing",
        "penalty",
        "coercion",
        "levy",
        "requisition",
        "inspection",
    ]
    assert (got["penalty"].power, got["penalty"].count) == (True, 1)
    assert (got["inspection"].power, got["inspection"].count) == (True, 0)  # the power, nothing done
    assert (got["coercion"].power, got["coercion"].count) == (False, None)  # no such power
    assert (got["levy"].power, got["levy"].source, got["levy"].count) == (True, "entered", None)
    assert [excel.shown_count(got[c]) for c in ("penalty", "inspection", "coercion")] == [1, 0, "无此职权"]
    assert report.breakdown["fines_total"] == "100.00"


def test_the_head_publishes_and_anyone_can_check_the_digest(world, doer, clock, powers):
    powers("levy")
    doer.spot_penalty()
    report = generate(world, who="reviewer")  # legal staff may prepare
    # Publishing with the levy still empty is refused, naming the line.
    error = refused(
        lambda: actions.review(actor=world.user("head"), report=report), "annual_report_line_empty"
    )
    assert error.errors[0].field == "lines.levy" and "行政征收" in str(error.message)
    refused(
        lambda: actions.set_line(
            actor=world.user("reviewer"), report=report, data={"category": "levy", "count": "3"}
        ),
        "annual_report_note_required",
    )
    actions.set_line(
        actor=world.user("reviewer"),
        report=report,
        data={"category": "levy", "count": "3", "note": "征收台账"},
    )
    refused(lambda: actions.review(actor=world.user("reviewer"), report=report), "annual_report_not_allowed")
    actions.review(actor=world.user("head"), report=report)
    # The year is not over on 2 June 2025.
    error = refused(
        lambda: actions.publish(actor=world.user("head"), report=report), "annual_report_year_open"
    )
    assert "118" in str(error.citation)
    clock.move_to(JANUARY_2026)
    published = actions.publish(actor=world.user("head"), report=report)
    assert published.state == "published"
    assert published.digest == hashlib.sha256(canonical_json(published.figures)).hexdigest()
    entry = Entry.objects.get(pk=published.log_entry_id)
    assert entry.kind == "annual_report.published" and entry.payload["digest"] == published.digest
    assert entry.payload["on_time"] is True
    figures = {line["category"]: line for line in published.figures["lines"]}
    assert figures["levy"]["count"] == 3 and figures["penalty"]["count"] == 1
    assert figures["coercion"] == {**figures["coercion"], "power": False, "count": None}
    kinds = list(
        Entry.objects.filter(kind__startswith="annual_report.").order_by("seq").values_list("kind", flat=True)
    )
    assert kinds == [
        "annual_report.generated",
        "annual_report.line_set",
        "annual_report.reviewed",
        "annual_report.published",
    ]


def _published(world, doer, clock, powers):
    powers("levy")
    doer.spot_penalty()
    report = generate(world)
    actions.set_line(
        actor=world.user("head"), report=report, data={"category": "levy", "count": "0", "note": "无征收"}
    )
    actions.review(actor=world.user("head"), report=report)
    clock.move_to(JANUARY_2026)
    return actions.publish(actor=world.user("head"), report=report)


def test_a_published_report_never_changes_and_a_correction_is_a_new_version(world, doer, clock, powers):
    v1 = _published(world, doer, clock, powers)
    head = world.user("head")
    error = refused(
        lambda: actions.set_line(
            actor=head, report=v1, data={"category": "levy", "count": "5", "note": "台账"}
        ),
        "annual_report_published",
    )
    assert "新版本" in str(error.message)
    refused(lambda: generate(world), "annual_report_published")
    refused(lambda: actions.correct(actor=head, report=v1, data={"reason": ""}), "required")
    v2 = actions.correct(actor=head, report=v1, data={"reason": "征收数字漏报"})
    assert (v2.version, v2.state) == (2, "draft")
    refused(
        lambda: actions.correct(actor=head, report=v1, data={"reason": "再次更正"}),
        "annual_report_correction_open",
    )
    # Adjusting a counted figure needs a reason; the counted figure stays beside it.
    refused(
        lambda: actions.set_line(actor=head, report=v2, data={"category": "penalty", "count": "2"}),
        "annual_report_reason_required",
    )
    actions.set_line(
        actor=head, report=v2, data={"category": "penalty", "count": "2", "reason": "一件纸质案卷未录入"}
    )
    actions.set_line(actor=head, report=v2, data={"category": "levy", "count": "4", "note": "征收台账更正"})
    # Counting again keeps the entered and adjusted numbers.
    v2 = generate(world)
    got = lines(v2)
    assert (got["penalty"].generated, got["penalty"].count, got["penalty"].adjusted) == (1, 2, True)
    assert got["levy"].count == 4
    actions.review(actor=head, report=v2)
    v2 = actions.publish(actor=head, report=v2)
    v1.refresh_from_db()
    assert v1.state == "published" and lines(v1)["levy"].count == 0  # history unchanged
    assert v1.digest != v2.digest
    assert v1.figures["lines"] != v2.figures["lines"]


def test_no_number_for_a_power_the_agency_lacks(world, clock):
    report = generate(world)
    error = refused(
        lambda: actions.set_line(
            actor=world.user("head"),
            report=report,
            data={"category": "coercion", "count": "1", "reason": "x"},
        ),
        "annual_report_no_power",
    )
    assert error.field == "count" and "无此职权" in str(error.message)


def test_who_may_prepare_review_and_publish(world, clock):
    refused(lambda: generate(world, who="officer"), "annual_report_not_allowed")
    refused(lambda: generate(world, who="publisher"), "annual_report_not_allowed")
    refused(lambda: generate(world, who="other_head"), "annual_report_not_visible")
    refused(lambda: generate(world, who="supervisor"), "annual_report_not_allowed")
    refused(lambda: generate(world, year=2031), "annual_report_year")
    report = generate(world)
    refused(
        lambda: actions.review(actor=world.user("other_head"), report=report), "annual_report_not_visible"
    )
    refused(lambda: actions.publish(actor=world.user("head"), report=report), "annual_report_state")
    assert Report.objects.count() == 1


def test_the_reminder_lists_agencies_without_a_published_report_after_the_due_date(
    clock, world, doer, powers
):
    import datetime as dt

    assert remind_overdue(dt.date(2026, 1, 31)) == 0  # due today: not late yet
    # Agency A publishes in time; agency B does not publish at all.
    v1 = _published(world, doer, clock, powers)
    assert remind_overdue(dt.date(2026, 2, 1)) == 1
    assert remind_overdue(dt.date(2026, 2, 2)) == 0  # once per agency and year
    entry = Entry.objects.get(kind="annual_report.overdue")
    assert entry.payload["agency_id"] == world.other_agency.pk and entry.payload["due"] == "2026-01-31"
    assert v1.state == "published"
