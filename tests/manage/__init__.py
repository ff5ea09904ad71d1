"""Tests of the staff catalog pages and the Excel import/export."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

from sanxiang.catalog.excel.columns import OFFICERS

OFFICER_HEADERS = [c.header for c in OFFICERS.import_columns]


def officer_row(
    name: str,
    number: str,
    *,
    issued: Any = dt.date(2025, 1, 1),
    expires: Any = dt.date(2030, 1, 1),
    **extra: Any,
) -> list[Any]:
    values = {
        "姓名": name,
        "职务": "科员",
        "所在部门": "执法大队",
        "内部电话": "13900000000",
        "执法证号": number,
        "执法类别": "市场监管",
        "执法区域": "东湖县",
        "发证机关": "临江市人民政府",
        "发证日期": issued,
        "有效期至": expires,
        **extra,
    }
    return [values[h] for h in OFFICER_HEADERS]


def xlsx_bytes(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def officer_sheet_with_two_bad_rows() -> bytes:
    """Rows 2, 3 and 5 are good; row 4 has an impossible date, row 6 repeats row 2's certificate number."""
    return xlsx_bytes(
        OFFICER_HEADERS,
        [
            officer_row("陈一导", "IMP-0001"),
            officer_row("陈二导", "IMP-0002"),
            officer_row("陈三导", "IMP-0003", issued="2025-13-45"),
            officer_row("陈四导", "IMP-0004"),
            officer_row("陈五导", "IMP-0001"),
        ],
    )
