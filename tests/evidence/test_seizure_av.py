"""Sealing or seizure is mandatory on the default 音像记录事项清单 (legal-rules B-04): refused without
an audio-video record for that step, done with a video or with the head's approved written
exemption (G-07); evidence preservation is situational (B-05: 证据保全) and never refused. The
same through the JSON API, where the refusal is a 409 with its code and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from sanxiang.cases.actions import perform
from sanxiang.cases.models import Case
from sanxiang.core.errors import WrongState
from sanxiang.evidence import actions, av, demo
from tests.api.test_cases import act as api_act
from tests.api.test_cases import done
from tests.fingerprint import database_fingerprint

ITEMS = "过期奶粉 20箱 东湖路仓库"


@pytest.fixture
def investigating(world: Any, case: Any) -> Any:
    perform(case, "file", world.user("head"), {"records": ["filing_approval"]})
    perform(case, "start_investigation", world.user("officer"), {})
    perform(case, "approve_seizure", world.user("head"), {"reason": "涉嫌经营过期食品"})
    case.refresh_from_db()
    return case


def _seize(world: Any, case: Any) -> Any:
    return perform(case, "seal_or_seize", world.user("officer"), {"items": ITEMS})


def test_the_defaults_name_the_new_acts(world, case):
    table = av.requirements(case)
    assert table["seal_or_seize"] == "mandatory"
    assert table["preserve_evidence"] == "situational"
    assert table["start_investigation"] == "situational"  # evidence-taking
    assert av.requirement(case, "release_seizure") == "optional"


def test_seizure_is_refused_without_a_video_and_cites_the_rule(world, investigating, upload):
    actions.add_evidence(
        actor=world.user("officer"),
        case=investigating,
        upload=upload(demo.photo_bytes(), "seal.jpg"),
        data={"kind": "physical", "step": "seal_or_seize"},
    )
    before = database_fingerprint()
    with pytest.raises(WrongState) as refused:
        _seize(world, investigating)
    assert refused.value.code == "av_record_missing"
    assert "118号" in str(refused.value.citation)
    assert "查封、扣押" in str(refused.value.message)
    assert database_fingerprint() == before
    rows = {row["step"]: row for row in av.av_status(investigating, world.user("officer"))}
    assert rows["seal_or_seize"]["level"] == "mandatory" and not rows["seal_or_seize"]["recorded"]


def test_a_video_of_the_seizure_lets_it_through(world, investigating, upload):
    item = actions.add_evidence(
        actor=world.user("officer"),
        case=investigating,
        upload=upload(demo.video_bytes(seconds=1), "seizure.mp4"),
        data={"kind": "audiovisual", "step": "seal_or_seize"},
    )
    assert item.mime.startswith("video/")
    done_act = _seize(world, investigating)
    assert done_act.to_state == "investigating"
    rows = {row["step"]: row for row in av.av_status(investigating, world.user("officer"))}
    assert rows["seal_or_seize"]["recorded"]


def test_an_approved_exemption_lets_it_through(world, investigating):
    exemption = actions.request_exemption(
        actor=world.user("officer"),
        case=investigating,
        step="seal_or_seize",
        reason="涉及商业秘密，书面说明附卷",
    )
    with pytest.raises(WrongState):
        _seize(world, investigating)
    actions.approve_exemption(actor=world.user("head"), exemption=exemption)
    _seize(world, investigating)
    rows = {row["step"]: row for row in av.av_status(investigating, world.user("officer"))}
    assert rows["seal_or_seize"]["exempted"]


def test_preservation_is_situational_and_never_refused_for_want_of_video(world, investigating):
    perform(investigating, "approve_preservation", world.user("head"), {"reason": "证据可能灭失"})
    perform(investigating, "preserve_evidence", world.user("officer"), {"items": ITEMS})
    rows = {row["step"]: row for row in av.av_status(investigating, world.user("officer"))}
    assert rows["preserve_evidence"]["level"] == "situational"


def test_the_case_page_lists_the_missing_seizure_video(world, investigating, client_as):
    html = client_as("officer").get(f"/cases/{investigating.pk}/").content.decode()
    assert 'data-step="seal_or_seize" data-level="mandatory" data-recorded="0"' in html


def test_through_the_api_409_without_video_then_done_with_one(world, investigating, client_as, upload):
    officer = client_as("officer")
    body = officer.get(f"/api/v1/cases/{investigating.pk}").json()
    before = database_fingerprint()
    answer = api_act(officer, body, "seal_or_seize", values={"items": ITEMS})
    assert answer.status_code == 409, answer.json()
    assert answer.json()["code"] == "av_record_missing"
    assert database_fingerprint() == before
    actions.add_evidence(
        actor=world.user("officer"),
        case=investigating,
        upload=upload(demo.video_bytes(seconds=1), "seizure.mp4"),
        data={"kind": "audiovisual", "step": "seal_or_seize"},
    )
    after = done(api_act(officer, body, "seal_or_seize", values={"items": ITEMS, "emergency": False}))
    assert after["state"] == "investigating"
    assert Case.objects.get(pk=investigating.pk).acts.filter(act="seal_or_seize").count() == 1
    assert any(d["rule_id"] == "coercion.seizure" for d in after["deadlines"])
