"""A mandatory audio-video step cannot be done without a recording for that step, or a written
exemption the head approved (legal-rules B-04, G-07); the list is the agency's policy setting."""

from __future__ import annotations

from typing import Any

import pytest

from sanxiang.cases.actions import perform
from sanxiang.cases.procedures.engine import allowed_acts
from sanxiang.core.actions import record_policy_value
from sanxiang.core.errors import Invalid, NotAllowed, WrongState
from sanxiang.evidence import actions, av, demo
from sanxiang.evidence.policies import AV_REQUIREMENTS_DEFAULT


@pytest.fixture
def filed(world: Any, case: Any) -> Any:
    perform(case, "file", world.user("head"), {"records": ["filing_approval"]})
    case.refresh_from_db()
    return case


@pytest.fixture
def mandatory_investigation(world: Any) -> None:
    """The county's own 音像记录事项清单 makes the start of an investigation mandatory."""
    record_policy_value(
        actor=world.user("admin"),
        key="evidence.av_requirements",
        scope=f"agency:{world.agency.pk}",
        value="start_investigation:mandatory,hold_hearing:situational",
        reason="本局音像记录事项清单",
    )


def _investigate(world: Any, case: Any) -> Any:
    return perform(case, "start_investigation", world.user("officer"), {"records": ["inquiry_record"]})


def test_the_defaults_follow_the_digest(world, case):
    table = av.requirements(case)
    assert table["seal_or_seize"] == "mandatory"
    assert table["start_inspection"] == "situational"
    assert table["hold_hearing"] == "situational"
    assert av.requirement(case, "close") == "optional"
    assert av.parse_requirements(AV_REQUIREMENTS_DEFAULT) == table


def test_a_mandatory_step_is_refused_without_a_recording_and_cites_the_rule(
    world, filed, mandatory_investigation
):
    with pytest.raises(WrongState) as refused:
        _investigate(world, filed)
    assert refused.value.code == "av_record_missing"
    assert "118号" in str(refused.value.citation) and "第四十七条" in str(refused.value.citation)
    filed.refresh_from_db()
    assert filed.state == "filed"
    option = next(o for o in allowed_acts(filed, world.user("officer")) if o.act == "start_investigation")
    assert option.code == "av_record_missing"  # the case page greys it with the reason


def test_a_photo_is_not_an_audio_video_record(world, filed, mandatory_investigation, upload):
    actions.add_evidence(
        actor=world.user("officer"),
        case=filed,
        upload=upload(demo.photo_bytes(), "p.jpg"),
        data={"kind": "physical", "step": "start_investigation"},
    )
    with pytest.raises(WrongState):
        _investigate(world, filed)


def test_a_video_for_that_step_lets_it_through(world, filed, mandatory_investigation, upload):
    other = actions.add_evidence(
        actor=world.user("officer"),
        case=filed,
        upload=upload(demo.video_bytes(seconds=1), "elsewhere.mp4"),
        data={"kind": "audiovisual"},  # the current step (filed), not the investigation
    )
    assert other.step == "filed"
    with pytest.raises(WrongState):
        _investigate(world, filed)
    actions.add_evidence(
        actor=world.user("officer"),
        case=filed,
        upload=upload(demo.audio_bytes(seconds=1), "inquiry.m4a"),
        data={"kind": "audiovisual", "step": "start_investigation"},
    )
    _investigate(world, filed)
    filed.refresh_from_db()
    assert filed.state == "investigating"
    rows = {row["step"]: row for row in av.av_status(filed, world.user("officer"))}
    assert rows["start_investigation"]["recorded"]


def test_a_withdrawn_recording_does_not_count(world, filed, mandatory_investigation, upload):
    item = actions.add_evidence(
        actor=world.user("officer"),
        case=filed,
        upload=upload(demo.audio_bytes(seconds=1), "inquiry.m4a"),
        data={"kind": "audiovisual", "step": "start_investigation"},
    )
    actions.withdraw_evidence(actor=world.user("officer"), item=item, reason="录错了案件")
    with pytest.raises(WrongState):
        _investigate(world, filed)


def test_an_exemption_counts_only_once_the_head_approved_it(world, filed, mandatory_investigation):
    officer = world.user("officer")
    with pytest.raises(Invalid) as refused:
        actions.request_exemption(actor=officer, case=filed, step="start_investigation", reason="")
    assert refused.value.field == "reason"
    exemption = actions.request_exemption(
        actor=officer, case=filed, step="start_investigation", reason="执法记录仪现场故障，已书面说明"
    )
    with pytest.raises(WrongState):
        _investigate(world, filed)
    with pytest.raises(NotAllowed):
        actions.approve_exemption(actor=officer, exemption=exemption)
    actions.approve_exemption(actor=world.user("head"), exemption=exemption)
    _investigate(world, filed)
    filed.refresh_from_db()
    assert filed.state == "investigating"
    rows = {row["step"]: row for row in av.av_status(filed, officer)}
    assert rows["start_investigation"]["exempted"]


def test_a_malformed_local_list_is_named(world, case):
    with pytest.raises(Invalid) as refused:
        av.parse_requirements("start_inspection:always")
    assert refused.value.code == "av_list_format"
    assert "start_inspection:always" in str(refused.value.message)


def test_the_panel_lists_missing_mandatory_records(world, filed, mandatory_investigation, client_as):
    page = client_as("officer").get(f"/cases/{filed.pk}/")
    html = page.content.decode()
    assert 'data-step="start_investigation" data-level="mandatory" data-recorded="0"' in html
