"""The report as .xlsx (openpyxl, like ``catalog.excel``): a title block, then one row per category
with "无此职权" where the agency has no such power and 0 where it has the power and did nothing."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from sanxiang.annual_reports.enums import LineSource
from sanxiang.annual_reports.models import Line, Report
from sanxiang.core import clock

HEADER_FONT = Font(bold=True)
NO_POWER = "无此职权"  # the wording the Guangdong notice prescribes (legal-rules A-27)


def shown_count(line: Line) -> int | str:
    if not line.power:
        return NO_POWER
    return "" if line.count is None else line.count


def _text(value: str) -> str:
    # A value typed by a person that starts with "=" stays text, never a formula.
    return "'" + value if value.startswith(("=", "+", "-", "@")) else value


def build(report: Report) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = str(report.year)
    ws.append([_("Annual enforcement statistics %(year)s") % {"year": report.year}])
    ws["A1"].font = HEADER_FONT
    ws.append([_("Agency"), report.agency.name])
    ws.append([_("Version"), report.version, _("State"), str(report.get_state_display())])
    if report.published_at:
        ws.append([_("Published at"), clock.localtime_str(report.published_at), "SHA-256", report.digest])
    if report.correction_reason:
        ws.append([_("Reason of the correction"), _text(report.correction_reason)])
    ws.append([])
    headers = [
        _("Category"),
        _("Number"),
        _("Source"),
        _("Counted from the data"),
        _("Reason of the adjustment"),
        _("Where the number comes from"),
    ]
    ws.append(headers)
    for cell in ws[ws.max_row]:
        cell.font = HEADER_FONT
    for line in report.lines.order_by("position"):
        ws.append(
            [
                str(line.get_category_display()),
                shown_count(line),
                str(line.get_source_display()),
                line.generated if line.source == LineSource.DATA else "",
                _text(line.reason),
                _text(line.note),
            ]
        )
    breakdown = report.breakdown or {}
    if breakdown:
        ws.append([])
        ws.append([_("Penalties decided on the spot"), breakdown.get("penalty_simple", 0)])
        ws.append([_("Penalties of the general procedure"), breakdown.get("penalty_general", 0)])
        ws.append([_("Licences granted"), breakdown.get("licences_granted", 0)])
        ws.append([_("Fines decided (yuan)"), breakdown.get("fines_total", "0.00")])
    for column, width in zip("ABCDEF", (24, 14, 22, 16, 40, 40), strict=True):
        ws.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
