from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sanxiang.cases.models import Case
from tests.cases.conftest import ORGANISATION, PERSON, act, clock, open_case  # noqa: F401  (fixtures)
from tests.world import World

FACTS = "当事人于2026年2月在其经营场所销售超过保质期的食品“某某牌酸奶”12盒"
BASIS = "《中华人民共和国食品安全法》第三十四条第（十）项"
PARTY_PERSON = {**PERSON, "address": "东湖县湖滨路8号"}
PARTY_ORG = {**ORGANISATION, "address": "东湖县工业园区18号", "representative": "李四"}


@pytest.fixture(autouse=True)
def blob_root(settings: Any, tmp_path: Path) -> Path:
    settings.BLOB_ROOT = tmp_path / "blobs"
    return Path(settings.BLOB_ROOT)


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_fonts(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


def flat(text: str) -> str:
    """PDF text without the line breaks and spaces layout puts into long sentences."""
    return "".join(text.split())


@pytest.fixture
def walk(
    world: World,
    open_case: Callable[..., Case],  # noqa: F811
    act: Callable[..., Any],  # noqa: F811
    clock: Any,  # noqa: F811
) -> Callable[..., Case]:
    """``walk("decided")``: a general-procedure case of agency A with a natural-person party, moved
    through the engine to the given state (fine 5000 and a warning)."""

    steps = [
        ("filed", lambda c: act(c, "file", who="head", records=["filing_approval"])),
        ("investigating", lambda c: act(c, "start_investigation", records=["inquiry_record"])),
        (
            "investigation_closed",
            lambda c: act(
                c,
                "close_investigation",
                kinds=["warning", "fine"],
                fine="5000",
                records=["investigation_report"],
            ),
        ),
        ("prior_notice_served", lambda c: act(c, "serve_prior_notice", records=["prior_notice"])),
        (
            "decided",
            lambda c: (
                clock.shift(dt.timedelta(days=8)),
                act(
                    c,
                    "decide",
                    who="head",
                    kinds=["warning", "fine"],
                    fine="5000",
                    records=["decision_approval", "decision"],
                ),
            ),
        ),
        ("served", lambda c: act(c, "serve_decision", records=["service_receipt"])),
        (
            "executed",
            lambda c: act(
                c,
                "record_execution",
                method="paid",
                amount="5000",
                paid_on="2026-03-12",
                records=["payment_receipt"],
            ),
        ),
    ]

    def make(state: str = "clue", party: dict[str, Any] | None = None) -> Case:
        case = open_case(
            parties=[party or PARTY_PERSON], facts=FACTS, legal_basis=BASIS, violation_on="2026-02-20"
        )
        for name, step in steps:
            if case.state == state:
                break
            step(case)
            assert case.state == name
        return case

    return make


@pytest.fixture
def reach(
    world: World,
    walk: Callable[..., Case],
    open_case: Callable[..., Case],  # noqa: F811
    act: Callable[..., Any],  # noqa: F811
    clock: Any,  # noqa: F811
) -> Callable[..., Case]:
    """``reach("general", "hearing_held")``: a case of that procedure in that state, through the
    engine. Hearing states take a fine large enough to give a natural person the right to a hearing."""

    def hearing(state: str) -> Case:
        case = open_case(parties=[PARTY_PERSON], facts=FACTS, legal_basis=BASIS)
        act(case, "file", who="head")
        act(case, "start_investigation")
        act(case, "close_investigation", kinds=["fine"], fine="20000")
        act(case, "serve_prior_notice")
        if state == "prior_notice_served":
            return case
        act(case, "request_hearing")
        if state == "hearing_requested":
            return case
        act(case, "notify_hearing", hearing_on="2026-03-11", chair=world.officers[2].pk, place="听证室")
        if state == "hearing_noticed":
            return case
        clock.shift(dt.timedelta(days=9))
        act(case, "hold_hearing")
        assert case.state == state
        return case

    def simple(state: str) -> Case:
        case = open_case("simple", parties=[PARTY_PERSON], facts=FACTS, legal_basis=BASIS)
        if state != "on_the_spot":
            act(case, "decide_on_the_spot", kinds=["fine"], fine="100")
        if state == "served":
            act(case, "serve_decision")
        assert case.state == state
        return case

    def inspection(state: str) -> Case:
        case = open_case("inspection", parties=[PARTY_ORG], title="食品经营日常检查")
        act(case, "start_inspection")
        if state == "result_recorded":
            act(case, "record_result", result="no_problem", findings="未发现问题")
        assert case.state == state
        return case

    def licence(state: str) -> Case:
        case = open_case(
            "licence", parties=[PARTY_ORG], title="食品经营许可", source="application", legal_basis=BASIS
        )
        if state != "applied":
            act(case, "accept_application")
        if state == "under_review":
            act(case, "start_review")
        assert case.state == state
        return case

    def make(procedure: str, state: str) -> Case:
        if procedure == "simple":
            return simple(state)
        if procedure == "licence":
            return licence(state)
        if procedure == "inspection":
            return inspection(state)
        if state.startswith("hearing_"):
            return hearing(state)
        return walk(state)

    return make
