"""The cases API: scoped reads with explained deadlines and allowed acts, registering a case, acts
through the engine with compare-and-set on ``version``, coded refusals that change nothing, and
tokens that may only read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from sanxiang.cases.models import Act, ActRecord, Case, CaseDeadline, Party
from sanxiang.recordlog.models import Entry
from tests.api import bearer, get, issue_token, post
from tests.cases.conftest import MONDAY, ORGANISATION, PERSON

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock() -> Iterator[Any]:
    """Monday 2 March 2026, 09:00 Shanghai: the working-day calendar covers every deadline."""
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


def register(client: Any, world: Any, **overrides: Any) -> dict[str, Any]:
    body = {
        "procedure": "general",
        "title": "经营过期食品案",
        "source": "complaint",
        "facts": "货架上有过期酸奶12盒",
        "parties": [ORGANISATION],
        "officer_ids": [world.officers[0].pk, world.officers[1].pk],
        **overrides,
    }
    response = post(client, "/cases", body)
    assert response.status_code == 201, response.json()
    return response.json()


def act(client: Any, case: dict[str, Any], name: str, **body: Any) -> Any:
    return post(client, f"/cases/{case['id']}/acts/{name}", {"version": case["version"], **body})


def done(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.json()
    return response.json()


def counts() -> tuple[int, ...]:
    return (
        Case.objects.count(),
        Party.objects.count(),
        Act.objects.count(),
        ActRecord.objects.count(),
        CaseDeadline.objects.count(),
        Entry.objects.count(),
    )


def test_an_officer_registers_a_clue_and_the_head_files_it(world, client_as):
    case = register(client_as("officer"), world)
    assert case["state"] == "clue" and case["version"] == 1 and case["number"] == ""
    assert [a["act"] for a in case["timeline"]] == ["open"]
    file = next(a for a in case["acts"] if a["act"] == "file")
    assert file["allowed"] is False and file["code"] == "act_role"  # 立案 is the head's
    assert "机关负责人" in file["reason"]
    case = done(act(client_as("head"), case, "file", records=["filing_approval"]))
    assert case["state"] == "filed" and case["version"] == 2
    assert case["number"] == "东湖县市场监督管理局立〔2026〕1号"
    decision = next(d for d in case["deadlines"] if d["rule_id"] == "penalty.decision")
    assert decision["due"] == "2026-06-01"
    assert "自2026年3月2日立案起90日" in decision["explanation"]
    assert "第六十条" in decision["citation"]
    assert case["next_deadline"]["rule_id"] == "penalty.decision"
    start = next(a for a in case["acts"] if a["act"] == "start_investigation")
    assert start["allowed"] is True and start["chooses_officers"] is True
    assert [r["name"] for r in start["records"]] == ["inquiry_record"]


def test_the_api_rejects_out_of_order_acts_with_409_and_changes_nothing(world, client_as):
    case = register(client_as("officer"), world)
    before = counts()
    response = act(
        client_as("head"),
        case,
        "decide",
        penalty={"kinds": ["warning"]},
        records=["decision_approval", "decision"],
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "wrong_state"
    assert body["state"] == "clue" and body["state_label"] == "线索登记" and body["version"] == 1
    assert "线索登记" in body["message"]
    unknown = act(client_as("head"), case, "no_such_act")
    assert unknown.status_code == 409 and unknown.json()["code"] == "wrong_state"
    assert counts() == before
    stored = Case.objects.get(pk=case["id"])
    assert (stored.state, stored.version, stored.number) == ("clue", 1, "")


def test_a_stale_version_is_409_case_changed_and_changes_nothing(world, client_as):
    case = register(client_as("officer"), world)
    head = client_as("head")
    done(act(head, case, "file"))  # case["version"] is still 1: the caller read before this act
    before = counts()
    response = act(head, case, "decline_filing", values={"reason": "不属于本机关管辖"})
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "case_changed" and body["state"] == "filed" and body["version"] == 2
    assert counts() == before


def test_a_guard_refuses_with_its_code_and_article_and_changes_nothing(world, client_as):
    case = register(client_as("officer"), world, officer_ids=[world.officers[0].pk])
    case = done(act(client_as("head"), case, "file"))
    start = next(a for a in case["acts"] if a["act"] == "start_investigation")
    assert start["allowed"] is False and start["code"] == "officers_certified"
    assert "第四十二条" in start["citation"]
    before = counts()
    response = act(client_as("officer"), case, "start_investigation", records=["inquiry_record"])
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "officers_certified" and "第四十二条" in body["citation"]
    assert body["state"] == "filed"
    assert counts() == before


def test_invalid_act_input_is_400_with_the_field(world, client_as):
    case = register(client_as("officer"), world)
    case = done(act(client_as("head"), case, "file"))
    case = done(act(client_as("officer"), case, "start_investigation"))
    before = counts()
    response = act(client_as("officer"), case, "close_investigation", penalty={"kinds": ["fine"]})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "fine"
    assert counts() == before
    missing_version = post(client_as("officer"), f"/cases/{case['id']}/acts/close_investigation", {})
    assert missing_version.status_code == 400 and missing_version.json()["field"] == "version"


def test_a_general_case_runs_from_clue_to_closing_through_the_api(world, client_as):
    case = register(client_as("officer"), world)
    head = client_as("head")
    case = done(act(head, case, "file", records=["filing_approval"]))
    officer = client_as("officer")
    case = done(act(officer, case, "start_investigation", records=["inquiry_record"]))
    assert [o["certificate"] for o in case["timeline"][-1]["officers"]] == ["330101000001", "330101000002"]
    case = done(
        act(
            officer,
            case,
            "close_investigation",
            penalty={"kinds": ["warning", "fine"], "fine": "5000"},
            records=["investigation_report"],
        )
    )
    case = done(act(officer, case, "serve_prior_notice", records=["prior_notice"]))
    assert case["notified_penalty"]["description"] == "警告、罚款5000.00元"
    decide = next(a for a in case["acts"] if a["act"] == "decide")
    assert decide["allowed"] is False  # the head is not the reader; and the window is open
    case = done(act(officer, case, "waive_rights", records=["waiver"]))
    head = client_as("head")
    case = done(
        act(
            head,
            case,
            "decide",
            penalty={"kinds": ["warning", "fine"], "fine": "5000"},
            records=["decision_approval", "decision"],
        )
    )
    assert case["decided_penalty"]["fine"] == "5000.00"
    officer = client_as("officer")
    case = done(act(officer, case, "serve_decision", records=["service_receipt"]))
    payment = next(d for d in case["deadlines"] if d["rule_id"] == "penalty.payment")
    assert payment["due"] == "2026-03-17" and "第六十七条" in payment["citation"]
    case = done(
        act(
            officer,
            case,
            "record_execution",
            values={"method": "paid", "amount": "5000", "paid_on": "2026-03-02"},
            records=["payment_receipt"],
        )
    )
    case = done(act(client_as("head"), case, "close", records=["closing_approval"]))
    assert case["state"] == "closed" and case["closed_at"]
    assert case["acts"] == []
    assert all(d["status"] != "open" for d in case["deadlines"])
    assert len(case["records"]) == 10


def test_an_on_the_spot_penalty_and_an_inspection_run_to_their_end(world, client_as):
    officer = client_as("officer")
    spot = register(officer, world, procedure="simple", parties=[PERSON])
    assert spot["number"].startswith("东湖县市场监督管理局简〔2026〕")
    spot = done(
        act(
            officer,
            spot,
            "decide_on_the_spot",
            penalty={"kinds": ["fine"], "fine": "100"},
            records=["on_the_spot_decision"],
        )
    )
    spot = done(act(officer, spot, "serve_decision", records=["service_receipt"]))
    spot = done(
        act(
            officer,
            spot,
            "record_execution",
            values={"method": "paid", "amount": "100"},
            records=["payment_receipt"],
        )
    )
    spot = done(act(client_as("head"), spot, "close"))
    assert spot["state"] == "closed"

    officer = client_as("officer")
    check = register(officer, world, procedure="inspection", source="inspection", parties=[ORGANISATION])
    check = done(act(officer, check, "start_inspection", records=["inspection_approval"]))
    check = done(
        act(
            officer,
            check,
            "record_result",
            values={"result": "no_problem", "findings": "进货查验记录齐全"},
            records=["on_site_record", "inspection_result"],
        )
    )
    check = done(act(client_as("head"), check, "close"))
    assert check["state"] == "closed"


def test_the_list_is_scoped_paginated_and_filtered(world, client_as, clock):
    officer = client_as("officer")
    clue = register(officer, world, title="线索甲")
    filed = register(officer, world, title="已立案乙")
    done(act(client_as("head"), filed, "file"))
    officer = client_as("officer")
    everything = get(officer, "/cases").json()
    assert everything["count"] == 2
    assert [c["title"] for c in get(officer, "/cases?state=clue").json()["items"]] == ["线索甲"]
    assert get(officer, "/cases?limit=1&offset=1").json()["items"][0]["id"] == clue["id"]
    assert get(officer, "/cases?due_soon=true").json()["count"] == 0
    clock.shift(88 * 86400)  # Friday 29 May: the decision is due on Monday 1 June
    officer = client_as("officer")  # the session of 2 March has expired
    due = get(officer, "/cases?due_soon=true").json()
    assert [c["title"] for c in due["items"]] == ["已立案乙"]
    assert due["items"][0]["next_deadline"]["due"] == "2026-06-01"
    assert get(client_as("other_head"), "/cases").json()["count"] == 0
    assert get(client_as("other_head"), f"/cases/{clue['id']}").status_code == 404


def test_identity_numbers_are_given_only_to_the_agency(world, client_as):
    case = register(client_as("officer"), world, parties=[PERSON])
    own = get(client_as("officer"), f"/cases/{case['id']}").json()
    assert own["parties"][0]["id_number"] == PERSON["id_number"]
    supervised = get(client_as("supervisor"), f"/cases/{case['id']}")
    assert supervised.status_code == 200
    party = supervised.json()["parties"][0]
    assert party["name"] == PERSON["name"] and party["id_number"] is None and party["phone"] is None
    assert PERSON["id_number"] not in supervised.content.decode()


def test_only_people_in_the_agency_write(world, client_as):
    case = register(client_as("officer"), world)
    before = counts()
    refused = act(client_as("supervisor"), case, "file")
    assert refused.status_code == 403
    assert (
        post(
            client_as("supervisor"), "/cases", {"procedure": "general", "title": "x", "source": "other"}
        ).status_code
        == 403
    )
    assert act(client_as("officer"), case, "file").json()["code"] == "act_role"
    assert counts() == before


def test_tokens_read_with_cases_read_and_never_write(world, client):
    case_owner = world.user("officer")
    client.force_login(case_owner, backend="django.contrib.auth.backends.ModelBackend")
    case = register(client, world, parties=[PERSON])
    client.logout()
    reader = bearer(issue_token(world, ["cases:read"]))
    listed = get(client, "/cases", **reader)
    assert listed.status_code == 200 and listed.json()["count"] == 1
    detail = get(client, f"/cases/{case['id']}", **reader).json()
    assert detail["parties"][0]["id_number"] == PERSON["id_number"]
    assert all(not a["allowed"] and a["code"] == "token_scope" for a in detail["acts"])
    catalog_only = bearer(issue_token(world, ["catalog:read", "catalog:write"]))
    refused = get(client, "/cases", **catalog_only)
    assert refused.status_code == 403 and refused.json()["code"] == "token_scope"
    before = counts()
    for headers in (reader, catalog_only):
        path = f"/cases/{case['id']}/acts/file"
        assert post(client, path, {"version": 1}, **headers).status_code == 403
        assert (
            post(
                client, "/cases", {"procedure": "general", "title": "x", "source": "other"}, **headers
            ).status_code
            == 403
        )
    assert counts() == before
    other = bearer(issue_token(world, ["cases:read"], agency=world.other_agency))
    assert get(client, f"/cases/{case['id']}", **other).status_code == 404
