"""Pasting the State Council's holiday notice as published: the parser reproduces the seeded 2026
calendar exactly (国务院办公厅关于2026年部分节假日安排的通知, 2025年11月4日), reprints with half-width
punctuation read the same, bad text names its line, and the calendar page previews then saves it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from sanxiang.core.errors import Invalid
from sanxiang.workdays import actions, notice_text, seeding
from sanxiang.workdays.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db

D = dt.date

# The notice as published (新华社北京11月4日电), salutation and closing included.
NOTICE_2026 = """国务院办公厅关于2026年部分节假日安排的通知
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
鼓励单位和个人结合落实带薪年休假等制度，实际形成较长假期，推动错峰出行。节假日期间，各地区、各部门要妥善安排好值班和安全、保卫、疫情防控等工作，遇有重大突发事件，要按规定及时报告并妥善处置，确保人民群众祥和平安度过节日假期。
国务院办公厅
2025年11月4日
"""


def seeded(year: int) -> dict[dt.date, tuple[bool, str]]:
    return {d.date: (d.is_workday, d.note) for d in CalendarDay.objects.filter(date__year=year)}


def test_the_2026_notice_reproduces_the_seeded_2026_calendar_day_for_day():
    assert CalendarYear.objects.get(year=2026).complete
    plan = actions.plan_from_notice(2026, NOTICE_2026)
    planned = {d.date: (d.is_workday, d.note) for d in plan.days}
    stored = seeded(2026)
    assert len(stored) == 365
    assert planned == stored
    assert plan.changes == []  # applying it would change nothing
    assert plan.rest_days == sum(not w for w, _note in stored.values())


def test_the_listed_days_carry_the_festival_and_the_adjusted_working_days():
    listed = notice_text.parse(2026, NOTICE_2026)
    assert listed[D(2026, 2, 15)] == (False, "春节")
    assert listed[D(2026, 2, 23)] == (False, "春节")
    assert listed[D(2026, 2, 28)] == (True, "春节调休上班")
    assert listed[D(2026, 1, 4)] == (True, "元旦调休上班")
    assert listed[D(2026, 9, 20)] == (True, "国庆节调休上班")
    assert sum(not w for w, _n in listed.values()) == 33  # 放假调休日期共33天
    assert sum(w for w, _n in listed.values()) == 6


def test_half_width_reprints_and_one_paragraph_read_the_same():
    half_width = NOTICE_2026.replace("（", "(").replace("）", ")").replace("：", ":").replace("，", ",")
    one_line = "".join(line for line in NOTICE_2026.splitlines() if re.match(r"^[一二三四五六七]、", line))
    reference = notice_text.parse(2026, NOTICE_2026)
    assert notice_text.parse(2026, half_width) == reference
    assert notice_text.parse(2026, one_line) == reference


def test_a_single_day_and_a_range_across_months():
    text = (
        "一、元旦：1月1日（周三）放假1天，不调休。\n"
        "二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。"
        "1月26日（周日）、2月8日（周六）上班。"
    )
    listed = notice_text.parse(2025, text)
    assert listed[D(2025, 1, 1)] == (False, "元旦")
    assert [d for d, (w, _n) in sorted(listed.items()) if not w][1:] == [
        D(2025, 1, 28) + dt.timedelta(days=i) for i in range(8)
    ]
    assert listed[D(2025, 1, 26)] == (True, "春节调休上班")


def errors_of(year: int, text: str) -> list[str]:
    with pytest.raises(Invalid) as caught:
        actions.parse_notice(year, text)
    assert all(e.field == "lines" for e in caught.value.errors)
    return [str(e.message) for e in caught.value.errors]


def test_the_notice_of_another_year_is_refused_by_its_weekdays():
    # The 2026 notice typed into the 2027 form: 1月1日 2027 is a Friday, not a Thursday.
    [message] = errors_of(2027, NOTICE_2026)
    assert message == "第4行：1月1日在2027年不是周四，请核对年份。"


def test_a_count_that_does_not_match_the_days_names_the_line_and_the_festival():
    text = NOTICE_2026.replace("共9天", "共8天")
    assert errors_of(2026, text) == ["第5行：春节：通知写共8天，但列出了9天。"]


def test_an_impossible_date_names_the_line():
    text = NOTICE_2026.replace("6月19日（周五）至21日（周日）", "6月31日至21日")
    assert errors_of(2026, text) == ["第8行：6月31日不是2026年的日期。"]


def test_a_festival_without_days_names_the_line():
    text = NOTICE_2026.replace(
        "三、清明节：4月4日（周六）至6日（周一）放假，共3天。", "三、清明节：另行通知。"
    )
    assert errors_of(2026, text) == ["第6行：清明节：没有找到“放假”或“上班”的日期。"]


def test_a_day_listed_twice_names_the_line():
    text = NOTICE_2026.replace("五、端午节：6月19日", "五、端午节：5月5日（周二）、6月19日")
    text = text.replace("共3天。\n六", "。\n六")
    assert errors_of(2026, text) == ["第8行：5月5日重复列出。"]


def fits(page: Any, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"the page is {scroll} px wide on a {width} px screen"


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_an_administrator_pastes_the_notice_previews_and_saves_it(world, page, login_page, width, height):
    # 2026 as if not entered yet: its days removed, the year incomplete.
    CalendarDay.objects.filter(date__year=2026).delete()
    CalendarYear.objects.filter(year=2026).update(complete=False)
    page.set_viewport_size({"width": width, "height": height})
    login_page("county_admin")
    page.goto("/manage/calendar/2026/notice/")
    fits(page, width)
    assert "也可以直接粘贴国务院办公厅通知原文" in page.inner_text("main")
    # A wrong weekday first: the line is named, nothing is stored.
    page.fill("#id_lines", NOTICE_2026.replace("1月4日（周日）上班", "1月4日（周一）上班"))
    page.fill("#id_reason", "国务院办公厅关于2026年部分节假日安排的通知")
    page.click("text=核对计算出的全年日历")
    error = page.locator(".field-error[data-field=lines]")
    assert error.inner_text() == "第4行：1月4日在2026年不是周一，请核对年份。"
    assert not CalendarDay.objects.filter(date__year=2026).exists()
    # The notice as published: a preview of its days, then saving.
    page.fill("#id_lines", NOTICE_2026)
    page.click("text=核对计算出的全年日历")
    table = page.locator("[data-testid=notice-days]")
    assert table.locator("tbody tr").count() == 39  # 33 days off, 6 working days
    spring = table.locator("tr[data-date='2026-02-15']").inner_text()
    assert "放假" in spring and "春节" in spring
    worked = table.locator("tr[data-date='2026-02-28']")
    assert worked.get_attribute("data-kind") == "work"
    assert "上班" in worked.inner_text() and "春节" in worked.inner_text()
    assert "True" not in page.inner_text("main") and "False" not in page.inner_text("main")
    fits(page, width)
    assert not CalendarDay.objects.filter(date__year=2026).exists()  # nothing stored by the preview
    page.click("text=确认并标记全年已完整录入")
    page.wait_for_url("**/manage/calendar/2026/")
    assert CalendarYear.objects.get(year=2026).complete
    stored = seeded(2026)
    assert len(stored) == 365
    assert stored == {day: seeding.library_day(day) for day in stored}
