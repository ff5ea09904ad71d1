"""Export an agency's lists as .xlsx with the Chinese headers of ``columns`` (the same headers the
import reads, so a sheet can go round trip), and the empty import templates."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from sanxiang.catalog import queries
from sanxiang.catalog.excel.columns import SHEETS, Sheet
from sanxiang.catalog.models import Agency
from sanxiang.core import clock

HEADER_FONT = Font(bold=True)
REQUIRED_FILL = PatternFill("solid", fgColor="FDE2E2")


def _cell_value(column: Any, value: Any) -> Any:
    if value is None:
        return None
    if column.choices is not None and value:
        return str(column.choices(value).label)
    if column.kind == "bool":
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return clock.localtime_str(value)
    if isinstance(value, dt.date | Decimal | int | float):
        return value
    return str(value)


def build_workbook(sheet: Sheet, rows: Iterable[dict[str, Any]], *, template: bool = False) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet.title
    columns = sheet.import_columns if template else sheet.columns
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index, value=column.header)
        cell.font = HEADER_FONT
        if column.required:
            cell.fill = REQUIRED_FILL
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A2"
    for row_number, row in enumerate(rows, start=2):
        for index, column in enumerate(columns, start=1):
            cell = ws.cell(row=row_number, column=index)
            cell.value = _cell_value(column, row.get(column.field))
            # A value that starts with "=" is text typed by a person, never a formula to run.
            if cell.data_type == "f":
                cell.data_type = "s"
            if column.kind == "date":
                cell.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_workbook(kind: str) -> bytes:
    return build_workbook(SHEETS[kind], [], template=True)


def _officer_rows(agency: Agency) -> Iterator[dict[str, Any]]:
    today = clock.today()
    for officer in queries.public_officers(agency):
        cert = next(iter(officer.certificates.all()), None)  # prefetched newest first
        row: dict[str, Any] = {
            "name": officer.name,
            "post": officer.post,
            "unit": officer.unit,
            "phone": officer.phone,
        }
        if cert is not None:
            row.update(
                number=cert.number,
                categories=cert.categories,
                areas=cert.areas,
                issuing_authority=cert.issuing_authority,
                issued_on=cert.issued_on,
                expires_on=cert.expires_on,
                status=str(cert.effective_status(today).label),
            )
        yield row


def _item_rows(agency: Agency) -> Iterator[dict[str, Any]]:
    fields = [c.field for c in SHEETS["items"].columns]
    for item in queries.public_items(agency):
        yield {name: getattr(item, name) for name in fields}


def _benchmark_rows(agency: Agency) -> Iterator[dict[str, Any]]:
    for benchmark in queries.public_benchmarks(agency).select_related("item"):
        common = {
            "code": benchmark.code,
            "violation": benchmark.violation,
            "violated_provision": benchmark.violated_provision,
            "penalty_provision": benchmark.penalty_provision,
            "item_code": benchmark.item.code if benchmark.item else "",
        }
        for grade in benchmark.grades.all():
            yield {
                **common,
                "grade": grade.grade,
                "circumstances": grade.circumstances,
                "penalty": grade.penalty,
                "fine_min": grade.fine_min,
                "fine_max": grade.fine_max,
                "warning": grade.warning,
                "confiscation": grade.confiscation,
            }


def _inspection_rows(agency: Agency) -> Iterator[dict[str, Any]]:
    fields = [c.field for c in SHEETS["inspections"].columns]
    for row in queries.public_inspection_items(agency):
        yield {name: getattr(row, name) for name in fields}


ROWS = {
    "officers": _officer_rows,
    "items": _item_rows,
    "benchmarks": _benchmark_rows,
    "inspections": _inspection_rows,
}


def export_workbook(kind: str, agency: Agency) -> bytes:
    """The agency's current (not retired) entries of one list."""
    return build_workbook(SHEETS[kind], ROWS[kind](agency))
