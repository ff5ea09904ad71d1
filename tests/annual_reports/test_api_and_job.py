"""The JSON API of the annual statistics over real HTTP, and the daily reminder job."""

from __future__ import annotations

import datetime as dt
import json

import time_machine

from sanxiang.jobs import tasks
from sanxiang.recordlog.models import Entry
from tests.annual_reports.conftest import JANUARY_2026, SHANGHAI
from tests.fingerprint import database_fingerprint as fingerprint

BASE = "/api/v1/annual-reports"


def send(client, method, url, body):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def test_the_head_prepares_and_publishes_through_the_api(world, doer, clock, powers, client_as, client):
    powers("levy")
    doer.spot_penalty(fine="150")
    doer.inspection()  # no inspection power: counted but shown as 无此职权
    agency = world.agency.pk
    reviewer = client_as("reviewer")
    answer = send(reviewer, "post", f"{BASE}/{agency}/generate", {"year": 2025})
    assert answer.status_code == 200, answer.json()
    lines = {line["category"]: line for line in answer.json()["lines"]}
    assert lines["penalty"]["count"] == 1 and lines["inspection"] == {
        **lines["inspection"],
        "power": False,
        "count": None,
    }
    assert answer.json()["breakdown"]["fines_total"] == "150.00"
    # A refused line changes nothing and says why, in Chinese, naming the field.
    before = fingerprint()
    refused = send(reviewer, "patch", f"{BASE}/{agency}/2025/lines", {"category": "levy", "count": 2})
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "note"
    assert "来源" in refused.json()["message"]
    assert fingerprint() == before
    done = send(
        reviewer, "patch", f"{BASE}/{agency}/2025/lines", {"category": "levy", "count": 2, "note": "征收台账"}
    )
    assert done.status_code == 200
    assert send(reviewer, "post", f"{BASE}/{agency}/2025/review", {"version": 1}).status_code == 403
    head = client_as("head")
    assert (
        send(head, "post", f"{BASE}/{agency}/2025/review", {"version": 7}).json()["code"]
        == "annual_report_changed"
    )
    assert send(head, "post", f"{BASE}/{agency}/2025/review", {"version": 1}).json()["state"] == "reviewed"
    # Not public before publication.
    client.logout()
    assert client.get(f"{BASE}/{agency}/2025").status_code == 404
    clock.move_to(JANUARY_2026)
    head = client_as("head")
    published = send(head, "post", f"{BASE}/{agency}/2025/publish", {"version": 1}).json()
    assert published["state"] == "published" and len(published["sha256"]) == 64
    client.logout()
    public = client.get(f"{BASE}/{agency}/2025").json()
    assert public["sha256"] == published["sha256"] and [v["version"] for v in public["versions"]] == [1]
    assert Entry.objects.get(seq=public["log_seq"]).payload["digest"] == public["sha256"]
    listed = client.get(f"{BASE}?year=2025").json()
    assert [(r["agency_id"], r["year"]) for r in listed] == [(agency, 2025)]
    assert client.get(f"{BASE}?year=2024").json() == []
    # Anonymous callers may read but not write; another agency's head may not act on A's report.
    assert send(client, "post", f"{BASE}/{agency}/generate", {"year": 2025}).status_code == 401
    other = client_as("other_head")
    assert send(other, "post", f"{BASE}/{agency}/generate", {"year": 2024}).status_code == 403
    # The published report cannot be changed: 409 naming the rule.
    head = client_as("head")
    again = send(head, "post", f"{BASE}/{agency}/generate", {"year": 2025})
    assert again.status_code == 409 and again.json()["code"] == "annual_report_published"
    assert "118" in again.json()["citation"]


def test_the_daily_job_records_the_agencies_that_missed_the_due_date(clock, world):
    with time_machine.travel(dt.datetime(2026, 1, 31, 9, 0, tzinfo=SHANGHAI), tick=False):
        assert tasks.remind_annual_reports.call_local() == 0
    with time_machine.travel(dt.datetime(2026, 2, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
        assert tasks.remind_annual_reports.call_local() == 2
        assert tasks.remind_annual_reports.call_local() == 0
    assert set(Entry.objects.filter(kind="annual_report.overdue").values_list("agency_id", flat=True)) == {
        world.agency.pk,
        world.other_agency.pk,
    }
