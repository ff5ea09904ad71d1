from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine

from sanxiang.cases import actions as case_actions
from sanxiang.cases.models import Case
from sanxiang.catalog import actions as catalog_actions
from sanxiang.evidence import actions as evidence_actions
from tests.cases.conftest import ORGANISATION
from tests.world import World

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
# A Monday of the year reported on, 09:00 in Beijing.
IN_2025 = dt.datetime(2025, 6, 2, 9, 0, tzinfo=SHANGHAI)
# After the year, before the due date (31 January 2026).
JANUARY_2026 = dt.datetime(2026, 1, 12, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def clock() -> Iterator[Any]:
    """Frozen at Monday 2 June 2025, 09:00 Beijing; ``clock.move_to(...)`` moves it."""
    with time_machine.travel(IN_2025, tick=False) as traveller:
        yield traveller


def give_powers(world: World, agency: Any, *categories: str) -> None:
    """Active items of these categories in the agency's enforcement item list."""
    for category in categories:
        catalog_actions.save_item(
            actor=None,
            agency=agency,
            reason="测试数据",
            data={
                "code": f"ITEM-{agency.pk}-{category}",
                "name": f"测试事项{category}",
                "category": category,
                "basis_text": "某法某条",
            },
        )


class Doer:
    """Walks real cases through the engine, as the personas of the world."""

    def __init__(self, world: World) -> None:
        self.world = world

    def act(self, case: Case, name: str, who: str = "officer", **data: Any) -> Any:
        return case_actions.perform(case, name, self.world.user(who), data)

    def open(self, procedure: str, **data: Any) -> Case:
        return case_actions.open_case(
            actor=self.world.user("officer"),
            agency=self.world.agency,
            data={"procedure": procedure, "title": "经营过期食品案", "source": "complaint", **data},
            parties=[ORGANISATION],
            officer_ids=[o.pk for o in self.world.officers[:2]],
        )

    def spot_penalty(self, fine: str | None = None) -> Case:
        case = self.open("simple")
        penalty: dict[str, Any] = {"kinds": ["fine"], "fine": fine} if fine else {"kinds": ["warning"]}
        self.act(case, "decide_on_the_spot", **penalty)
        return case

    def inspection(self) -> Case:
        case = self.open("inspection", title="食品经营检查")
        self.act(case, "start_inspection")
        self.act(case, "record_result", result="no_problem", findings="未发现问题")
        return case

    def investigating(self) -> Case:
        case = self.open("general")
        self.act(case, "file", who="head", records=["filing_approval"])
        self.act(case, "start_investigation")
        return case

    def seizure(self, case: Case | None = None) -> Case:
        case = case or self.investigating()
        exemption = evidence_actions.request_exemption(
            actor=self.world.user("officer"),
            case=case,
            step="seal_or_seize",
            reason="执法记录仪故障，书面说明附卷",
        )
        evidence_actions.approve_exemption(actor=self.world.user("head"), exemption=exemption)
        self.act(case, "approve_seizure", who="head", reason="涉嫌经营过期食品")
        self.act(case, "seal_or_seize", items="过期奶粉 20箱 东湖路仓库")
        return case

    def licence(self, outcome: str) -> Case:
        case = self.open(
            "licence", title="食品经营许可", source="application", legal_basis="食品安全法第三十五条"
        )
        self.act(case, "accept_application", records=["acceptance_notice"])
        self.act(case, "start_review")
        decision = (
            {"outcome": "granted", "licence_number": f"JY{case.pk:014d}", "valid_until": "2030-06-01"}
            if outcome == "granted"
            else {
                "outcome": "refused",
                "reasons": "不符合审查通则",
                "remedies": "可申请行政复议或提起行政诉讼",
            }
        )
        self.act(case, "decide_licence", who="head", records=["licence_decision"], **decision)
        return case

    def no_penalty(self) -> Case:
        case = self.investigating()
        self.act(case, "close_investigation", records=["investigation_report"])
        self.act(case, "decide_no_penalty", who="head", reason="违法行为轻微并及时改正")
        return case


@pytest.fixture
def doer(world: World) -> Doer:
    return Doer(world)


@pytest.fixture
def powers(world: World) -> Callable[..., None]:
    def grant(*categories: str, agency: Any = None) -> None:
        give_powers(world, agency or world.agency, *categories)

    return grant
