"""The published flowcharts (执法流程图): drawn from the procedure tables, valid XML with every state
and every act, escaped, served publicly and shown on the portal's enforcement-item pages."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from sanxiang.cases.enums import CaseState, ProcedureKind
from sanxiang.cases.flowchart import flowchart_svg
from sanxiang.cases.procedures.acts import act_label
from sanxiang.cases.procedures.base import HEAD, Procedure, Transition
from sanxiang.cases.procedures.engine import PROCEDURES
from sanxiang.catalog import actions

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))  # noqa: S314  (our own output, under test)


def texts(svg: str) -> list[str]:
    root = parse(svg)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


@pytest.mark.parametrize("kind", list(PROCEDURES))
def test_the_chart_parses_and_shows_every_state_and_every_act(kind):
    procedure = PROCEDURES[kind]
    with translation.override("zh-hans"):
        svg = flowchart_svg(procedure)
        shown = texts(svg)
        for state in procedure.states:
            assert str(CaseState(state).label) in shown, state
        joined = "\n".join(shown)
        for t in procedure.transitions:
            assert str(act_label(t.act)) in joined, t.act
    root = parse(svg)
    assert {g.get("data-state") for g in root.iter(f"{SVG}g")} == set(procedure.states)
    arrows = [p for p in root.iter(f"{SVG}path") if "edge" in (p.get("class") or "")]
    moving = {(t.source, t.target) for t in procedure.transitions if t.source != t.target}
    assert len(arrows) == len(moving)


def test_the_general_chart_is_layered_from_the_clue_down():
    with translation.override("zh-hans"):
        svg = flowchart_svg(PROCEDURES["general"])
    root = parse(svg)
    top = {g.get("data-state"): float(g.find(f"{SVG}rect").get("y")) for g in root.iter(f"{SVG}g")}
    assert top["clue"] < top["filed"] < top["investigating"] < top["investigation_closed"]
    assert top["prior_notice_served"] < top["decided"] < top["served"] < top["executed"] < top["closed"]
    # Refusing a transfer and serving a new notice after a hearing (held or waived) go back up: dashed.
    assert len([p for p in root.iter(f"{SVG}path") if p.get("class") == "edge back"]) == 3


def test_every_text_is_escaped(monkeypatch):
    from sanxiang.cases.procedures import acts

    monkeypatch.setitem(acts.ACTS, "file", '<script>alert("x")</script> & 立案')
    tiny = Procedure(
        kind=ProcedureKind.GENERAL,
        initial=CaseState.CLUE,
        states=(CaseState.CLUE, CaseState.FILED),
        final=frozenset({CaseState.FILED}),
        transitions=(Transition(CaseState.CLUE, "file", CaseState.FILED, HEAD),),
    )
    svg = flowchart_svg(tiny, title="<b>图</b>")
    assert "<script>" not in svg and "<b>" not in svg
    assert '<script>alert("x")</script> & 立案' in texts(svg)


@pytest.mark.django_db
def test_the_charts_are_public(client, world):
    listing = client.get("/procedures/")
    assert listing.status_code == 200
    page = listing.content.decode()
    for kind in PROCEDURES:
        assert f'src="/procedures/{kind}.svg"' in page
    response = client.get("/procedures/general.svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "线索登记" in texts(response.content.decode())
    assert client.get("/procedures/nothing.svg").status_code == 404


@pytest.mark.django_db
def test_the_item_page_shows_the_flowchart_of_its_procedure(client, world):
    penalty = world.items["item_a"]
    page = client.get(f"/agencies/{world.agency.pk}/items/{penalty.pk}/").content.decode()
    assert '<img src="/procedures/general.svg" alt="行政处罚一般程序流程图"' in page
    inspection = actions.save_item(
        actor=None,
        agency=world.agency,
        reason="测试数据",
        data={"code": "JC-1", "name": "食品经营检查", "category": "inspection", "basis_text": "某条"},
    )
    page = client.get(f"/agencies/{world.agency.pk}/items/{inspection.pk}/").content.decode()
    assert 'src="/procedures/inspection.svg"' in page
    licence = actions.save_item(
        actor=None,
        agency=world.agency,
        reason="测试数据",
        data={"code": "XK-1", "name": "许可", "category": "licensing", "basis_text": "某条"},
    )
    assert (
        "/procedures/" not in client.get(f"/agencies/{world.agency.pk}/items/{licence.pk}/").content.decode()
    )
