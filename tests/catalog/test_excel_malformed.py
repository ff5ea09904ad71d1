"""Malformed and oversized .xlsx uploads are refused plainly (400, the file named, nothing kept), and
a crafted sheet cannot make the reader walk a million empty rows (security review F7, F8)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from sanxiang.catalog.excel import reading
from sanxiang.catalog.models import Officer
from tests.manage import OFFICER_HEADERS, officer_row, xlsx_bytes

SHEET = "xl/worksheets/sheet1.xml"
NOT_VALID = "该文件不是有效的 Excel 工作簿（.xlsx），无法读取"


def _valid() -> bytes:
    return xlsx_bytes(OFFICER_HEADERS, [officer_row("陈一导", "IMP-0001")])


def _tampered(edit: Callable[[str], str], extra: dict[str, str] | None = None) -> bytes:
    """A real workbook written by openpyxl whose sheet XML is then edited inside the zip."""
    source = zipfile.ZipFile(io.BytesIO(_valid()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name).decode()
            if name == SHEET:
                data = edit(data)
            target.writestr(name, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def _cell(ref: str, replacement: str) -> Callable[[str], str]:
    """Replace the cell ``ref`` (its whole <c> element) with ``replacement``."""

    def edit(xml: str) -> str:
        new, count = re.subn(rf'<c r="{ref}"[^>]*>.*?</c>', replacement, xml, count=1)
        assert count == 1
        return new

    return edit


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    + "]>"
)

MALFORMED: dict[str, Callable[[], bytes]] = {
    "truncated sheet XML": lambda: _tampered(lambda xml: xml[: len(xml) // 2]),
    "number cell holding text": lambda: _tampered(_cell("D2", '<c r="D2" t="n"><v>not a number</v></c>')),
    "impossible date": lambda: _tampered(_cell("I2", '<c r="I2" t="d"><v>2026-99-99</v></c>')),
    "shared string past the table": lambda: _tampered(_cell("A2", '<c r="A2" t="s"><v>999999</v></c>')),
    "billion laughs": lambda: _tampered(
        lambda xml: LAUGHS + xml.replace("<t>IMP-0001</t>", "<t>&lol9;</t>", 1)
    ),
    "external entity": lambda: _tampered(
        lambda xml: (
            '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'
            + xml.replace("<t>IMP-0001</t>", "<t>&xxe;</t>", 1)
        )
    ),
}


def _upload(client: Any, agency: Any, content: bytes) -> Any:
    upload = SimpleUploadedFile("list.xlsx", content, content_type="application/octet-stream")
    return client.post(
        f"/manage/agency/{agency.pk}/import/officers/", {"file": upload, "reason": "年度执法人员清理"}
    )


def _kept_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    return sorted(folder.glob("*")) if folder.exists() else []


def test_the_valid_workbook_behind_the_variants_is_read(world, client_as):
    response = _upload(client_as("county_admin"), world.agency, _valid())
    assert response.status_code == 200
    assert "共读取 1 行，有效 1 行" in response.content.decode()


@pytest.mark.parametrize("variant", list(MALFORMED))
def test_a_malformed_workbook_is_a_400_naming_the_file(world, client_as, variant):
    before = Officer.objects.count()
    response = _upload(client_as("county_admin"), world.agency, MALFORMED[variant]())
    assert response.status_code == 400
    body = response.content.decode()
    assert NOT_VALID in body
    assert "Traceback" not in body and "hostname" not in body
    assert Officer.objects.count() == before
    assert _kept_files() == []


class RowCounter:
    """Counts the rows openpyxl's read-only sheet hands out and their widest width (instrumentation
    of the library, not a stand-in for it)."""

    def __init__(self, monkeypatch: Any) -> None:
        self.rows = 0
        self.widest = 0
        original = ReadOnlyWorksheet._cells_by_row
        counter = self

        def counted(self_: Any, *args: Any, **kwargs: Any) -> Any:
            for row in original(self_, *args, **kwargs):
                counter.rows += 1
                counter.widest = max(counter.widest, len(row))
                yield row

        monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", counted)


def _far_cell(row: int) -> bytes:
    """The review's file: the whole sheet's width declared, one cell far down, a few KB."""

    def edit(xml: str) -> str:
        xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="A1:XFD{row}"/>', xml)
        xml = re.sub(r'<row r="2">.*?</row>', "", xml)
        return xml.replace(
            "</sheetData>",
            f'<row r="{row}"><c r="XFD{row}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
        )

    return _tampered(edit)


def test_a_declared_huge_empty_sheet_is_read_within_bounds(world, client_as, monkeypatch):
    content = _far_cell(50_000)
    assert len(content) < 10_000
    counter = RowCounter(monkeypatch)
    response = _upload(client_as("county_admin"), world.agency, content)
    assert response.status_code == 400
    assert "表格中没有数据行" in response.content.decode()
    assert counter.rows <= reading.MAX_SHEET_ROWS + 2
    assert counter.widest <= reading.MAX_HEADER_COLUMNS


def test_data_after_a_long_run_of_empty_rows_is_refused_with_the_row(world, client_as):
    def edit(xml: str) -> str:
        far = reading.MAX_EMPTY_RUN + 10
        row = re.search(r'<row r="2">.*?</row>', xml)
        assert row is not None
        moved = row.group(0).replace('r="2"', f'r="{far}"')
        moved = re.sub(r'r="([A-J])2"', lambda m: f'r="{m.group(1)}{far}"', moved)
        xml = xml.replace('<dimension ref="A1:J2"/>', f'<dimension ref="A1:J{far}"/>')
        return xml.replace("</sheetData>", moved + "</sheetData>")

    response = _upload(client_as("county_admin"), world.agency, _tampered(edit))
    assert response.status_code == 400
    body = response.content.decode()
    assert f"第 {reading.MAX_EMPTY_RUN + 10} 行前有 {reading.MAX_EMPTY_RUN + 7} 个空行" in body


def test_a_workbook_that_unpacks_too_large_is_refused(world, client_as):
    padding = {"xl/padding.bin": "0" * (reading.MAX_UNPACKED_BYTES + 1)}
    response = _upload(client_as("county_admin"), world.agency, _tampered(lambda xml: xml, padding))
    assert response.status_code == 400
    assert "解压后大于 64 MB" in response.content.decode()


def test_rows_below_the_declared_dimension_are_read_not_dropped(world, client_as):
    def edit(xml: str) -> str:
        row = re.search(r'<row r="2">.*?</row>', xml)
        assert row is not None
        third = re.sub(r'r="([A-J]?)2"', lambda m: f'r="{m.group(1)}3"', row.group(0))
        third = third.replace("IMP-0001", "IMP-0002").replace("陈一导", "陈二导")
        return xml.replace("</sheetData>", third + "</sheetData>")  # the dimension still says A1:J2

    response = _upload(client_as("county_admin"), world.agency, _tampered(edit))
    assert response.status_code == 200
    assert "共读取 2 行，有效 2 行" in response.content.decode()
