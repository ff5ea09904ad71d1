"""The staff pages over real HTTP: the list with the due date (overdue in red after 31 January), the
report page's steps and their refusals, the public pages (published versions only, the history)."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from sanxiang.annual_reports import actions
from sanxiang.annual_reports.models import Report
from tests.annual_reports.conftest import JANUARY_2026, SHANGHAI
from tests.fingerprint import database_fingerprint as fingerprint


def url(world, step=""):
    base = f"/annual-reports/manage/{world.agency.pk}/2025/"
    return base + (f"{step}/" if step else "")


def test_the_list_shows_the_due_date_and_overdue_in_red(world, clock, client_as):
    import datetime as dt

    clock.move_to(JANUARY_2026)
    page = client_as("head").get("/annual-reports/manage/").content.decode()
    assert "2026-01-31" in page and "已逾期" not in page
    clock.move_to(dt.datetime(2026, 2, 1, 9, 0, tzinfo=SHANGHAI))
    page = client_as("head").get("/annual-reports/manage/").content.decode()
    assert 'class="overdue"' in page and "已逾期" in page
    # Another agency's report page does not exist for this head.
    assert client_as("other_head").get(url(world)).status_code == 404


def test_the_steps_refuse_with_the_rule_and_write_nothing(world, doer, clock, client_as, powers):
    powers("levy")
    head = client_as("head")
    assert head.post(url(world, "generate"), {"seen": "none"}).status_code == 302
    report = Report.objects.get(agency=world.agency, year=2025)
    before = fingerprint()
    stale = head.post(url(world, "review"), {"seen": "none"})
    assert stale.status_code == 409 and "刷新" in stale.content.decode()
    empty = head.post(url(world, "review"), {"seen": "draft:1"})
    assert empty.status_code == 400 and "行政征收" in empty.content.decode()
    assert 'data-code="annual_report_line_empty"' in empty.content.decode()
    assert fingerprint() == before
    officer = client_as("officer")
    assert (
        officer.post(url(world, "line"), {"seen": "draft:1", "category": "levy", "count": "1"}).status_code
        == 403
    )
    head = client_as("head")
    saved = head.post(
        url(world, "line"), {"seen": "draft:1", "category": "levy", "count": "1", "note": "台账"}
    )
    assert saved.status_code == 302
    assert head.post(url(world, "review"), {"seen": "draft:1"}).status_code == 302
    clock.move_to(JANUARY_2026)
    head = client_as("head")
    assert head.post(url(world, "publish"), {"seen": "reviewed:1"}).status_code == 302
    report.refresh_from_db()
    assert report.state == "published"
    sheet = load_workbook(
        io.BytesIO(head.get(f"/annual-reports/manage/{world.agency.pk}/2025.xlsx").content)
    ).active
    assert any(row[0] == "行政征收" and row[1] == 1 for row in sheet.iter_rows(values_only=True))


def test_the_public_sees_published_versions_only_with_their_history(world, doer, clock, client, powers):
    powers("levy")
    head = world.user("head")
    report = actions.generate(actor=head, agency=world.agency, data={"year": 2025})
    public = f"/annual-reports/{world.agency.pk}/2025/"
    assert client.get(public).status_code == 404  # a draft is not public
    actions.set_line(actor=head, report=report, data={"category": "levy", "count": "0", "note": "无征收"})
    actions.review(actor=head, report=report)
    clock.move_to(JANUARY_2026)
    v1 = actions.publish(actor=head, report=report)
    v2 = actions.correct(actor=head, report=v1, data={"reason": "征收数字漏报"})
    actions.set_line(actor=head, report=v2, data={"category": "levy", "count": "2", "note": "补录台账"})
    actions.review(actor=head, report=v2)
    v2 = actions.publish(actor=head, report=v2)
    page = client.get(public).content.decode()
    assert v2.digest in page and "征收数字漏报" in page and "?v=1" in page
    old = client.get(public + "?v=1").content.decode()
    assert v1.digest in old and 'id="superseded"' in old
    assert client.get(public + "?v=9").status_code == 404
    figures = client.get(f"/annual-reports/{world.agency.pk}/2025.json?v=1")
    import hashlib

    assert hashlib.sha256(figures.content).hexdigest() == v1.digest
    index = client.get("/annual-reports/").content.decode()
    assert world.agency.name in index and world.other_agency.name not in index
