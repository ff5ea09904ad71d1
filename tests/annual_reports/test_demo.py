"""The demo county's market agency has last year's statistics published, with the digest in the log;
a second run adds nothing."""

from __future__ import annotations

from sanxiang.accounts.demo_data import ensure_demo
from sanxiang.annual_reports.demo import ensure_demo_annual_report
from sanxiang.annual_reports.models import Report
from sanxiang.core import clock
from sanxiang.recordlog.models import Entry


def test_the_demo_publishes_last_years_report(db):
    ensure_demo()
    report = ensure_demo_annual_report()
    assert report is not None and report.state == "published" and report.year == clock.today().year - 1
    lines = {line["category"]: line for line in report.figures["lines"]}
    assert lines["penalty"]["power"] is True and lines["penalty"]["count"] == 0
    assert lines["licensing"]["power"] is True
    assert all(line["count"] is None for line in lines.values() if not line["power"])
    assert Entry.objects.get(kind="annual_report.published").payload["digest"] == report.digest
    assert ensure_demo_annual_report() == report
    assert Report.objects.count() == 1
