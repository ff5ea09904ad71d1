"""Correcting the facts, legal basis, benchmark grade and violation date before the decision: each
change in the record log with before and after; refused after the decision, and on a stale version."""

from __future__ import annotations

from sanxiang.cases import editing
from sanxiang.core.errors import Conflict, Invalid, WrongState
from sanxiang.recordlog.models import Entry
from tests.cases.test_gates import refused
from tests.fingerprint import database_fingerprint


def test_a_correction_is_logged_with_before_and_after(world, open_case, act):
    case = open_case(facts="货架上有过期酸奶", violation_on="2026-02-20")
    act(case, "file", who="head")
    editing.edit_case(
        actor=world.user("officer"),
        case=case,
        data={"facts": "货架上有过期酸奶12盒、饼干5袋", "violation_on": "2026-02-27", "reason": "补充调查"},
        version=case.version,
    )
    assert case.facts == "货架上有过期酸奶12盒、饼干5袋" and str(case.violation_on) == "2026-02-27"
    entry = Entry.objects.get(kind="case.edited")
    assert entry.payload["changes"] == {
        "facts": {"before": "货架上有过期酸奶", "after": "货架上有过期酸奶12盒、饼干5袋"},
        "violation_on": {"before": "2026-02-20", "after": "2026-02-27"},
    }
    assert entry.payload["reason"] == "补充调查"


def test_nothing_changed_and_stale_versions_write_nothing(world, open_case, act):
    case = open_case(facts="事实")
    before = database_fingerprint()
    error = refused(
        lambda: editing.edit_case(
            actor=world.user("officer"), case=case, data={"facts": "事实", "reason": "x"}
        ),
        "nothing_changed",
    )
    assert isinstance(error, Invalid)
    refused(
        lambda: editing.edit_case(
            actor=world.user("officer"), case=case, data={"facts": "新事实", "reason": "x"}, version=0
        ),
        "case_changed",
    )
    assert database_fingerprint() == before


def test_no_correction_after_the_decision(world, open_case, act):
    case = open_case(procedure="simple")
    act(case, "decide_on_the_spot", kinds=["warning"])
    error = refused(
        lambda: editing.edit_case(
            actor=world.user("officer"), case=case, data={"facts": "改", "reason": "x"}
        ),
        "case_decided",
        "第五十九条",
    )
    assert isinstance(error, WrongState) and not isinstance(error, Conflict)


def test_the_api_edits_with_the_version_read(world, open_case, client_as):
    case = open_case()
    client = client_as("officer")
    answer = client.patch(
        f"/api/v1/cases/{case.pk}",
        {"version": case.version, "reason": "更正", "legal_basis": "《食品安全法》第三十四条"},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert (
        answer.json()["legal_basis"] == "《食品安全法》第三十四条" and answer.json()["version"] == 1
    )  # a correction is not an act: versions read stay valid
    stale = client.patch(
        f"/api/v1/cases/{case.pk}",
        {"version": 0, "reason": "再改", "facts": "x"},
        content_type="application/json",
    )
    assert stale.status_code == 409 and stale.json()["code"] == "case_changed"


def test_the_case_page_corrects_through_its_form(world, open_case, client_as):
    case = open_case(facts="旧事实")
    client = client_as("officer")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-act="edit"' in page and 'name="benchmark_grade"' in page
    posted = {
        "version": case.version,
        "facts": "新事实",
        "legal_basis": "",
        "violation_on": "",
        "benchmark_grade": "",
        "reason": "",
    }
    refused = client.post(f"/cases/{case.pk}/edit/", posted)
    assert refused.status_code == 400 and "更正理由" in refused.content.decode()
    answer = client.post(f"/cases/{case.pk}/edit/", {**posted, "reason": "笔误"})
    assert answer.status_code == 302
    case.refresh_from_db()
    assert case.facts == "新事实"
    assert Entry.objects.get(kind="case.edited").payload["changes"] == {
        "facts": {"before": "旧事实", "after": "新事实"}
    }
