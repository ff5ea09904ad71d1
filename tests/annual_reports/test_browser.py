"""Through a real browser: the head generates last year's report, enters the levy figure, reviews
and publishes it; the public finds it from the publication portal, sees 无此职权 and 0 told apart,
and downloads the Excel."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from sanxiang.annual_reports.models import Line, OverdueNotice, Report
from sanxiang.core import clock
from tests.annual_reports.conftest import give_powers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def committed_reports(transactional_db: Any) -> Any:
    yield
    # Reports point at record log entries (PROTECT): they go before the log is emptied.
    Line.objects.all().delete()
    Report.objects.all().delete()
    OverdueNotice.objects.all().delete()


def test_the_head_publishes_and_the_public_downloads(world, committed_reports, page, login_page):
    give_powers(world, world.agency, "levy")
    year = clock.today().year - 1
    login_page("head")
    page.goto("/annual-reports/manage/")
    page.click(f"#reports a[href='/annual-reports/manage/{world.agency.pk}/{year}/']")
    assert page.locator("#state").inner_text() == "未生成"
    with page.expect_navigation():
        page.click("#generate")
    assert page.locator("#line-levy .count").inner_text() == "待填报"
    assert page.locator("#line-coercion .count").inner_text() == "无此职权"
    # Reviewing with the levy empty is refused, naming the category.
    with page.expect_navigation():
        page.click("#review")
    assert "行政征收" in page.locator(".error-box").inner_text()
    levy = page.locator("#line-levy form")
    levy.locator("input[name=count]").fill("3")
    levy.locator("input[name=note]").fill("征收台账")
    with page.expect_navigation():
        levy.locator("button").click()
    assert page.locator("#line-levy .count").inner_text() == "3"
    with page.expect_navigation():
        page.click("#review")
    with page.expect_navigation():
        page.click("#publish")
    assert "已公开" in page.locator("#state").inner_text()
    report = Report.objects.get(agency=world.agency, year=year)
    assert report.state == "published"

    page.context.clear_cookies()
    page.goto("/publication/")
    with page.expect_navigation():
        page.click("a[href='/annual-reports/']")
    with page.expect_navigation():
        page.click(f"#reports a[href='/annual-reports/{world.agency.pk}/{year}/']")
    assert page.locator("#line-penalty .count").inner_text() == "0"
    assert page.locator("#line-coercion .count").inner_text() == "无此职权"
    assert page.locator("#line-levy .count").inner_text() == "3"
    assert page.locator("#digest").inner_text() == report.digest
    with page.expect_download() as info:
        page.click("#excel")
    sheet = load_workbook(io.BytesIO(open(info.value.path(), "rb").read())).active  # noqa: SIM115
    rows = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert rows["行政处罚"] == 0 and rows["行政强制"] == "无此职权" and rows["行政征收"] == 3
