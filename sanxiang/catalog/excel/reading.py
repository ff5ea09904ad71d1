"""Reading an uploaded .xlsx into plain rows, within bounds.

openpyxl's read-only mode parses the sheet lazily: a malformed part (truncated XML, a number cell
holding text, an impossible date, a shared-string index past the table, an entity declaration) raises
only while the rows are iterated, so the whole read is one guarded step and every such failure is
the same refusal to the user: the file is not a valid workbook.

The work is bounded whatever the file claims. A 5 KB file can declare ``<dimension ref="A1:XFD1048576"/>``
and make openpyxl yield a million empty rows 16,384 cells wide; so only the template's columns are
read (``max_col``), at most ``MAX_SHEET_ROWS`` rows are looked at, empty ones included, and the
declared unpacked size of the archive is capped before anything is parsed.
"""

from __future__ import annotations

import logging
import zipfile
from pathlib import Path
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from sanxiang.catalog.excel.columns import Column, Sheet, normalise_header
from sanxiang.core.errors import Invalid

logger = logging.getLogger(__name__)

MAX_ROWS = 5000  # data rows in one file
MAX_BYTES = 5 * 1024 * 1024  # the uploaded file
MAX_UNPACKED_BYTES = 64 * 1024 * 1024  # all parts of the archive, uncompressed (a zip bomb)
MAX_HEADER_COLUMNS = 200  # the header row is looked for in this many columns only
MAX_EMPTY_RUN = 1000  # this many empty rows in a row end the data
MAX_SHEET_ROWS = 10_000  # rows looked at after the header, empty ones included


def not_a_workbook() -> Invalid:
    return Invalid(
        "not_xlsx",
        _("The file is not a valid Excel workbook (.xlsx): it cannot be read. Save it again from Excel."),
        field="file",
    )


def _plain(column: Column, value: Any) -> Any:
    """A cell as the actions expect it: text stripped, whole numbers without ".0" (a certificate
    number typed as a number), dates as dates, choices by their stored value."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and column.kind != "decimal":
        value = int(value)
    if hasattr(value, "date") and column.kind == "date":
        return value.date()
    if isinstance(value, str):
        value = value.strip()
    if column.choices is not None and isinstance(value, str):
        with translation.override("zh-hans"):
            labels = {str(member.label): member.value for member in column.choices}
        return labels.get(value, value)
    if isinstance(value, int | float) and not isinstance(value, bool) and column.kind in {"text"}:
        return str(value)
    return value


def _empty(cells: tuple[Any, ...]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _check_archive(path: Path) -> None:
    if not zipfile.is_zipfile(path):
        raise Invalid("not_xlsx", _("The file is not an Excel workbook (.xlsx)."), field="file")
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise not_a_workbook() from None
    # zipfile stops each member at its declared size, so the declared total bounds the parsing.
    if unpacked > MAX_UNPACKED_BYTES:
        raise Invalid(
            "file_too_large",
            _("Unpacked, the workbook is larger than %(mb)d MB; split the file.")
            % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)},
            field="file",
        )


def read_rows(path: Path, sheet: Sheet) -> list[tuple[int, dict[str, Any]]]:
    """The data rows of the first worksheet as (Excel row number, {field: value}); only columns
    present in the sheet appear, so an update leaves absent optional columns alone.

    Data ends at the last non-empty row; a run of more than ``MAX_EMPTY_RUN`` empty rows followed by
    data is refused (rows that far down are a mistake, not a list), and a run still empty when
    ``MAX_SHEET_ROWS`` rows have been looked at ends the reading (formatted but empty rows below)."""
    _check_archive(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # any failure to parse means the same thing to the user
        raise not_a_workbook() from None
    try:
        return _read(workbook, sheet)
    except Invalid:
        raise
    except Exception as exc:  # raised while iterating: see the module docstring
        logger.info("unreadable workbook %s: %s: %s", path.name, type(exc).__name__, exc)
        raise not_a_workbook() from None
    finally:
        workbook.close()


def _read(workbook: Any, sheet: Sheet) -> list[tuple[int, dict[str, Any]]]:
    worksheet = workbook.worksheets[0]
    # The sheet's own <dimension> is a claim, not a fact: trusted, it widens every row to its width
    # and silently drops rows below its last one. The rows themselves are read instead.
    worksheet.reset_dimensions()
    header = next(
        worksheet.iter_rows(min_row=1, max_row=1, max_col=MAX_HEADER_COLUMNS, values_only=True), None
    )
    positions: dict[str, int] = {}
    for index, text in enumerate(header or ()):
        if text is not None:
            positions[normalise_header(str(text))] = index
    missing = [
        c.header for c in sheet.import_columns if c.required and normalise_header(c.header) not in positions
    ]
    if missing:
        raise Invalid(
            "missing_columns",
            _(
                "The sheet lacks the required columns: %(columns)s. Download the template to see the "
                "expected headers."
            )
            % {"columns": "、".join(missing)},
            field="file",
        )
    present = [
        (c, positions[normalise_header(c.header)])
        for c in sheet.import_columns
        if normalise_header(c.header) in positions
    ]
    width = max((index for _c, index in present), default=0) + 1
    rows: list[tuple[int, dict[str, Any]]] = []
    empty_run = 0
    values = worksheet.iter_rows(min_row=2, max_col=width, values_only=True)
    for number, cells in enumerate(values, start=2):
        if number - 1 > MAX_SHEET_ROWS:
            if empty_run >= MAX_EMPTY_RUN:
                break  # the data ended long ago; what remains is formatting
            raise Invalid(
                "too_many_rows",
                _(
                    "A sheet may span at most %(n)d rows below the header, empty rows included; split the file."
                )
                % {"n": MAX_SHEET_ROWS},
                field="file",
            )
        if _empty(cells):
            empty_run += 1
            continue
        if empty_run > MAX_EMPTY_RUN:
            raise Invalid(
                "too_many_empty_rows",
                _("Row %(row)d comes after %(n)d empty rows; delete the empty rows so the data is one block.")
                % {"row": number, "n": empty_run},
                field="file",
            )
        empty_run = 0
        if len(rows) >= MAX_ROWS:
            raise Invalid(
                "too_many_rows",
                _("A sheet may have at most %(n)d rows; split the file.") % {"n": MAX_ROWS},
                field="file",
            )
        rows.append((number, {c.field: _plain(c, cells[i] if i < len(cells) else None) for c, i in present}))
    if not rows:
        raise Invalid("no_rows", _("The sheet has no data rows."), field="file")
    return rows
