"""The demo county's market agency publishes its statistics of last year (``sanxiang demo``):
generated from the data, the categories the platform cannot count entered from the agency's
ledger, reviewed and published by the head, so the portal shows a report with its digest.
Idempotent: nothing is done once last year's report is published."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from sanxiang.annual_reports import actions
from sanxiang.annual_reports.enums import LineSource
from sanxiang.annual_reports.models import Report
from sanxiang.core import clock

HEAD = "scjg_head"  # the market agency's head (``accounts.demo_data``)


def ensure_demo_annual_report() -> Report | None:
    head = get_user_model().objects.filter(username=HEAD).select_related("agency").first()
    if head is None or head.agency is None:
        return None
    year = clock.today().year - 1
    published = actions.current_published(head.agency, year)
    if published is not None:
        return published
    report = actions.generate(actor=head, agency=head.agency, data={"year": year})
    for line in report.lines.filter(power=True, source=LineSource.ENTERED):
        actions.set_line(
            actor=head,
            report=report,
            data={"category": line.category, "count": "0", "note": "演示数据：本年度征收台账无记录"},
        )
    report = actions.review(actor=head, report=report)
    return actions.publish(actor=head, report=report)
