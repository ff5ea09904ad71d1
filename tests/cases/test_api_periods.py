"""Through the JSON API: the transfer branch run to its end, the decision-period warning, and the
late-payment surcharge with review pausing it — the same engine and the same numbers as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.api.test_cases import act, done, register

pytestmark = pytest.mark.django_db


def served_with_fine(client_as: Any, world: Any) -> dict[str, Any]:
    case = register(client_as("officer"), world)
    case = done(act(client_as("head"), case, "file"))
    officer = client_as("officer")
    case = done(act(officer, case, "start_investigation"))
    case = done(act(officer, case, "close_investigation", penalty={"kinds": ["fine"], "fine": "1000"}))
    case = done(act(officer, case, "serve_prior_notice"))
    case = done(act(officer, case, "waive_rights"))
    case = done(act(client_as("head"), case, "decide", penalty={"kinds": ["fine"], "fine": "1000"}))
    return done(act(client_as("officer"), case, "serve_decision"))


def test_the_transfer_branch_runs_to_closing_through_the_api(world, client_as, clock):
    case = register(client_as("officer"), world)
    case = done(act(client_as("head"), case, "file", records=["filing_approval"]))
    officer = client_as("officer")
    case = done(act(officer, case, "start_investigation", records=["inquiry_record"]))
    case = done(act(officer, case, "propose_transfer", records=["transfer_report"]))
    report = next(d for d in case["deadlines"] if d["rule_id"] == "transfer.head_decision")
    assert report["mode"] == "working_days" and report["days"] == 3
    case = done(act(client_as("head"), case, "approve_transfer", records=["transfer_approval"]))
    hand_over = next(d for d in case["deadlines"] if d["rule_id"] == "transfer.hand_over")
    assert hand_over["mode"] == "hours" and hand_over["due_at"]
    case = done(
        act(client_as("officer"), case, "hand_over", records=["transfer_letter", "transfer_materials"])
    )
    case = done(act(client_as("head"), case, "close", records=["closing_approval"]))
    assert case["state"] == "closed"


def test_the_decision_warning_and_the_surcharge_are_in_the_detail(world, client_as, clock):
    case = served_with_fine(client_as, world)
    assert case["surcharge"]["amount"] == "0.00" and case["surcharge"]["due"] == "2026-03-17"
    clock.shift(dt.timedelta(days=25))  # 27 March: 10 days late
    officer = client_as("officer")
    case = officer.get(f"/api/v1/cases/{case['id']}").json()
    surcharge = case["surcharge"]
    assert surcharge["amount"] == "300.00" and surcharge["late_days"] == 10 and surcharge["running"]
    assert "第七十二条" in surcharge["citation"]
    case = done(act(officer, case, "start_remedy", values={"kind": "litigation", "started_on": "2026-03-25"}))
    assert case["remedy_since"] == "2026-03-25" and case["surcharge"]["running"] is False
    assert case["surcharge"]["amount"] == "210.00"  # 18–24 March count; 25–27 March do not
    reminder = next(a for a in case["acts"] if a["act"] == "serve_reminder")
    assert reminder["allowed"] is False and reminder["code"] == "remedy_pending"


def test_the_decision_period_warning_reaches_the_api(world, client_as, clock):
    case = register(client_as("officer"), world)
    case = done(act(client_as("head"), case, "file"))
    assert case["decision_warning"] is None
    clock.shift(dt.timedelta(days=62))  # 3 May: 29 days left of 90
    case = client_as("officer").get(f"/api/v1/cases/{case['id']}").json()
    assert case["decision_warning"]["point"] == 60 and case["decision_warning"]["left"] == 29
    page = client_as("officer").get("/cases/").content.decode()
    assert "decision-warnings" in page and "第60日预警点" in page


def test_pausing_through_the_api_explains_the_deadline(world, client_as, clock):
    case = register(client_as("officer"), world)
    case = done(act(client_as("head"), case, "file"))
    officer = client_as("officer")
    case = done(act(officer, case, "pause_decision_period", values={"reason": "suspension"}))
    assert case["decision_paused_on"] == "2026-03-02"
    clock.shift(dt.timedelta(days=10))
    case = done(act(client_as("officer"), case, "resume_decision_period"))
    period = next(
        d for d in case["deadlines"] if d["rule_id"] == "penalty.decision" and d["status"] == "open"
    )
    assert period["days"] == 100 and "案件中止10日不计入" in period["explanation"]
