import io

import pytest
from openpyxl import load_workbook

from sanxiang.catalog.excel.columns import SHEETS


def _open(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    return load_workbook(io.BytesIO(response.content)).active


def test_it_exports_officers_with_their_current_certificate(world, client_as):
    sheet = _open(client_as("head").get(f"/manage/agency/{world.agency.pk}/export/officers.xlsx"))
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("姓名", "职务", "所在部门", "内部电话", "执法证号")
    names = {row[0]: row for row in rows[1:]}
    assert set(names) == {"张伟测", "李娜测", "王强测"}
    assert names["张伟测"][4] == world.certificates[0].number
    assert names["张伟测"][-1] == "有效"


def test_it_exports_benchmarks_one_row_per_grade(world, client_as):
    sheet = _open(client_as("head").get(f"/manage/agency/{world.agency.pk}/export/benchmarks.xlsx"))
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[0] == "基准编码" and "裁量阶次" in header
    row = dict(zip(header, rows[1], strict=True))
    assert row["基准编码"] == "BM-a" and row["裁量阶次"] == "一般" and row["事项编码"] == "ITEM-a"
    assert row["罚款上限(元)"] == 100000


@pytest.mark.parametrize("kind", ["items", "inspections"])
def test_it_exports_the_other_lists_with_chinese_headers(world, client_as, kind):
    sheet = _open(client_as("supervisor").get(f"/manage/agency/{world.agency.pk}/export/{kind}.xlsx"))
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == [c.header for c in SHEETS[kind].columns]
    assert rows[1][0] == ("ITEM-a" if kind == "items" else "INS-a")
    if kind == "items":
        assert rows[1][2] == "行政处罚"


@pytest.mark.parametrize("kind", ["officers", "items", "benchmarks", "inspections"])
def test_it_offers_an_empty_template_per_import_kind(world, client_as, kind):
    sheet = _open(client_as("head").get(f"/manage/import-templates/{kind}.xlsx"))
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1
    assert list(rows[0]) == [c.header for c in SHEETS[kind].import_columns]
