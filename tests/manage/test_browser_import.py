"""Through a real browser: an administrator imports an officer list with two bad rows."""

import pytest

from sanxiang.catalog.models import Officer
from tests.manage import officer_sheet_with_two_bad_rows


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_administrator_imports_the_valid_rows_of_an_officer_list(world, login_page, tmp_path):
    sheet = tmp_path / "执法人员.xlsx"
    sheet.write_bytes(officer_sheet_with_two_bad_rows())
    page = login_page("county_admin")
    page.goto(f"/manage/agency/{world.agency.pk}/")
    page.click("text=从 Excel 导入 >> nth=0")
    page.set_input_files("#id_file", str(sheet))
    page.fill("#id_reason", "年度执法人员清理")
    page.click("text=上传并检查")
    errors = page.locator("[data-testid=import-errors]")
    errors.wait_for()
    text = errors.inner_text()
    assert "第 4 行" in text and "发证日期" in text
    assert "第 6 行" in text and "执法证号" in text
    assert "有效 3 行" in page.locator("[data-testid=import-summary]").inner_text()
    page.screenshot(path="/tmp/import-report.png", full_page=True)
    page.click("[data-testid=import-valid]")
    page.wait_for_url(f"**/manage/agency/{world.agency.pk}/")
    officers = page.locator("[data-testid=officers]").inner_text()
    for name in ("陈一导", "陈二导", "陈四导"):
        assert name in officers
    assert "陈三导" not in officers
    page.screenshot(path="/tmp/import.png", full_page=True)
    assert Officer.objects.filter(name__endswith="导").count() == 3
