"""The calendar's staff pages: who may see and edit, the notice with bad lines, the review step,
a manually entered 2027 that makes the arithmetic work there, and the record log entries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sanxiang.recordlog.models import Entry
from sanxiang.workdays import actions
from sanxiang.workdays.arithmetic import CalendarMissing, add_working_days, is_workday
from sanxiang.workdays.models import CalendarDay, CalendarYear

D = dt.date
NOTICE_2027 = """
# 测试用的安排，并非真实的2027年通知
2027-01-01 休 元旦
2027-02-05至2027-02-13 休 春节
2027-02-20 班 春节调休上班
2027-10-01至2027-10-07 休 国庆节
2027-10-09 班 国庆节调休上班
"""


def _log(kind):
    return list(Entry.objects.filter(kind=kind).order_by("seq"))


def test_staff_read_administrators_edit(client_as, world):
    officer = client_as("officer")
    assert officer.get(reverse("workdays:years")).status_code == 200
    page = officer.get(reverse("workdays:year", args=[2026]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-date="2026-10-10" data-kind="work"' in html
    assert 'data-date="2026-10-01" data-kind="rest"' in html
    assert "国庆节调休上班" in html
    assert "录入国务院节假日安排通知" not in html
    assert officer.get(reverse("workdays:schedule", args=[2027])).status_code == 403
    assert officer.get(reverse("workdays:day", args=["2026-10-10"])).status_code == 403
    supervisor = client_as("supervisor")
    assert supervisor.post(reverse("workdays:complete", args=[2027]), {"reason": "x"}).status_code == 403
    admin = client_as("county_admin")
    assert admin.get(reverse("workdays:schedule", args=[2027])).status_code == 200
    years = admin.get(reverse("workdays:years")).content.decode()
    assert 'data-year="2026" data-complete="1"' in years
    assert admin.get(reverse("workdays:year", args=[1999])).status_code == 404
    assert admin.get(reverse("workdays:day", args=["2026-02-30"])).status_code == 404


def test_bad_lines_are_named_and_nothing_is_written(client_as, world):
    client = client_as("admin")
    before = (CalendarDay.objects.count(), CalendarYear.objects.count(), Entry.objects.count())
    text = "2027-01-01 休 元旦\n2027-13-01 休 x\n2026-12-31 休 跨年\n2027-01-01 班\n2027-01-02 玩\n乱写一行"
    for step in ("review", "confirm"):
        response = client.post(
            reverse("workdays:schedule", args=[2027]),
            {"step": step, "lines": text, "reason": "2027年安排", "reviewed": "x"},
        )
        assert response.status_code == 400
        html = response.content.decode()
        for line in (2, 3, 4, 5, 6):
            assert f"第{line}行" in html
        assert "第1行：" not in html
        assert "2027-01-01 已在第1行列出" in html
    response = client.post(reverse("workdays:schedule", args=[2027]), {"step": "review"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "请粘贴通知中的日期安排" in html
    assert (CalendarDay.objects.count(), CalendarYear.objects.count(), Entry.objects.count()) == before


def test_notice_review_then_confirm_completes_2027(client_as, world):
    client = client_as("county_admin")
    url = reverse("workdays:schedule", args=[2027])
    with pytest.raises(CalendarMissing):
        add_working_days(D(2026, 12, 30), 7)
    review = client.post(url, {"step": "review", "lines": NOTICE_2027, "reason": "国办发明电〔2026〕1号"})
    assert review.status_code == 200
    html = review.content.decode()
    assert 'data-testid="review"' in html
    plan = actions.plan_from_notice(2027, NOTICE_2027)
    assert plan.rest_days == 365 - plan.work_days
    assert f"工作日{plan.work_days}天，休息日{plan.rest_days}天" in html
    assert 'data-date="2027-02-20"' in html  # the Saturday working day is among the exceptions
    assert plan.digest in html
    # the review stored nothing
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    assert not _log("workdays.year.set")

    # a stale or missing review is refused
    stale = client.post(
        url,
        {"step": "confirm", "lines": NOTICE_2027, "reason": "国办发明电〔2026〕1号", "reviewed": "0" * 64},
    )
    assert stale.status_code == 409
    assert not CalendarDay.objects.filter(date__year=2027).exists()

    done = client.post(
        url,
        {"step": "confirm", "lines": NOTICE_2027, "reason": "国办发明电〔2026〕1号", "reviewed": plan.digest},
    )
    assert done.status_code == 302
    assert CalendarDay.objects.filter(date__year=2027).count() == 365
    year = CalendarYear.objects.get(year=2027)
    assert (year.complete, year.source) == (True, "manual")
    (entry,) = _log("workdays.year.set")
    assert entry.payload["year"] == 2027
    assert entry.payload["reason"] == "国办发明电〔2026〕1号"
    assert entry.payload["created"] == 365
    assert "2027-02-20 班 春节调休上班" in entry.payload["exceptions"]
    assert entry.actor_id == world.user("county_admin").pk

    # the arithmetic now works in 2027, and across the new year
    assert is_workday(D(2027, 2, 20)) is True
    assert is_workday(D(2027, 2, 8)) is False
    # 2026-12-30 → 12-31 (1), 2027-01-04..01-08 (2–6), 01-11 (7)
    assert add_working_days(D(2026, 12, 30), 7) == D(2027, 1, 11)
    # 2027-02-04 (Thu): 02-05..02-13 off, 02-14 a Sunday, then 02-15 and 02-16
    assert add_working_days(D(2027, 2, 4), 2) == D(2027, 2, 16)
    with pytest.raises(CalendarMissing, match="2028"):
        add_working_days(D(2027, 12, 28), 7)


def test_day_by_day_then_review_and_mark_complete(client_as, world):
    client = client_as("admin")
    day_url = reverse("workdays:day", args=["2027-02-06"])
    assert client.get(day_url).status_code == 200
    bad = client.post(day_url, {"is_workday": "", "note": "", "reason": ""})
    assert bad.status_code == 400
    assert not CalendarDay.objects.filter(date=D(2027, 2, 6)).exists()
    ok = client.post(day_url, {"is_workday": "1", "note": "调休上班", "reason": "通知"})
    assert ok.status_code == 302
    (entry,) = _log("workdays.day.set")
    assert entry.payload == {
        "date": "2027-02-06",
        "before": None,
        "after": {"is_workday": True, "note": "调休上班", "source": "manual"},
        "reason": "通知",
    }
    # not complete yet: still refused
    with pytest.raises(CalendarMissing):
        is_workday(D(2027, 2, 6))
    complete_url = reverse("workdays:complete", args=[2027])
    page = client.get(complete_url)
    assert page.status_code == 200
    plan = actions.plan_from_stored(2027)
    assert plan.filled == 364
    assert plan.digest in page.content.decode()
    assert client.post(complete_url, {"reviewed": plan.digest, "reason": ""}).status_code == 400
    assert client.post(complete_url, {"reviewed": plan.digest, "reason": "逐日录入完毕"}).status_code == 302
    assert is_workday(D(2027, 2, 6)) is True
    assert CalendarYear.objects.get(year=2027).complete
    assert _log("workdays.year.set")[0].payload["mode"] == "complete"
    # once complete, it cannot be "completed" again
    again = client.post(complete_url, {"reviewed": plan.digest, "reason": "再次"})
    assert again.status_code == 409


def test_correcting_a_loaded_day_records_before_and_after(world):
    admin = world.user("admin")
    assert is_workday(D(2026, 10, 10)) is True
    actions.set_day(actor=admin, day=D(2026, 10, 10), is_workday="0", note="更正", reason="通知更正")
    assert is_workday(D(2026, 10, 10)) is False
    (entry,) = _log("workdays.day.set")
    assert entry.payload["before"] == {
        "is_workday": True,
        "note": "国庆节调休上班",
        "source": "chinesecalendar",
    }
    assert entry.payload["after"] == {"is_workday": False, "note": "更正", "source": "manual"}
    # the same values again change nothing and record nothing
    actions.set_day(actor=admin, day=D(2026, 10, 10), is_workday="休", note="更正", reason="重复")
    assert len(_log("workdays.day.set")) == 1
    with pytest.raises(actions.NotAllowed):
        actions.set_day(actor=world.user("officer"), day=D(2026, 10, 9), is_workday="0", note="", reason="x")


def test_a_notice_replaces_stored_days_and_says_which(world):
    admin = world.user("admin")
    actions.set_day(actor=admin, day=D(2027, 3, 1), is_workday="0", note="误录", reason="试录")
    plan = actions.plan_from_notice(2027, NOTICE_2027)
    assert [d.date for d in plan.changes if d.before is not None] == [D(2027, 3, 1)]
    actions.apply_plan(actor=admin, year=2027, notice=NOTICE_2027, reviewed=plan.digest, reason="正式通知")
    assert CalendarDay.objects.get(date=D(2027, 3, 1)).is_workday is True
    entry = _log("workdays.year.set")[0]
    assert entry.payload["changes"] == [
        {
            "date": "2027-03-01",
            "before": {"is_workday": False, "note": "误录", "source": "manual"},
            "after": "2027-03-01 班",
        }
    ]
