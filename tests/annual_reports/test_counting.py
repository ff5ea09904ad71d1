"""The counted figures equal what the agency did in the year (Asia/Shanghai calendar year): penalty
decisions (not decisions not to punish), seizures (not their approvals or releases), inspections with
a result; another agency's acts and another year's acts are not counted."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from sanxiang.annual_reports.counting import count_year
from tests.annual_reports.conftest import SHANGHAI


@pytest.mark.parametrize("seed", [3, 11])
def test_counts_equal_what_the_world_did(world, doer, clock, seed):
    rng = random.Random(seed)
    plan = {"penalty": rng.randint(0, 3), "inspection": rng.randint(0, 3), "coercion": rng.randint(0, 2)}
    fines = [str(rng.choice([50, 100, 200])) for _ in range(plan["penalty"])]
    for fine in fines:
        doer.spot_penalty(fine=fine)
    for _ in range(plan["inspection"]):
        doer.inspection()
    for _ in range(plan["coercion"]):
        doer.seizure()
    # Noise that must not count: a decision not to punish, a case still in investigation, an
    # inspection without a result.
    doer.no_penalty()
    doer.investigating()
    inspection = doer.open("inspection", title="未完成的检查")
    doer.act(inspection, "start_inspection")

    counted = count_year(world.agency, 2025)
    assert counted["penalty"] == plan["penalty"]
    assert counted["inspection"] == plan["inspection"]
    assert counted["coercion"] == plan["coercion"]
    assert counted["licensing"] == 0
    assert counted["breakdown"]["penalty_simple"] == plan["penalty"]
    assert counted["breakdown"]["penalty_general"] == 0
    assert counted["breakdown"]["fines_total"] == f"{sum(int(f) for f in fines)}.00"
    # Nothing of 2025 belongs to another agency or another year.
    assert count_year(world.other_agency, 2025)["penalty"] == 0
    assert count_year(world.agency, 2024)["penalty"] == 0


def test_the_year_is_the_beijing_calendar_year(world, doer, clock):
    # 23:30 on 31 December in Beijing is still 2025 (15:30 UTC); 00:30 on 1 January is 2026.
    clock.move_to(dt.datetime(2025, 12, 31, 23, 30, tzinfo=SHANGHAI))
    doer.spot_penalty()
    clock.move_to(dt.datetime(2026, 1, 1, 0, 30, tzinfo=SHANGHAI))
    doer.spot_penalty()
    doer.spot_penalty()
    assert count_year(world.agency, 2025)["penalty"] == 1
    assert count_year(world.agency, 2026)["penalty"] == 2


def test_a_seizure_counts_once_whatever_follows_it(world, doer, clock):
    case = doer.seizure()
    doer.act(case, "release_seizure", who="head", reason="检验合格，解除扣押")
    counted = count_year(world.agency, 2025)
    assert counted["coercion"] == 1
    assert counted["penalty"] == 0


def test_licence_decisions_count_grants_and_refusals(world, doer, clock):
    doer.licence("granted")
    doer.licence("granted")
    doer.licence("refused")
    not_decided = doer.open(
        "licence", title="未决定的许可", source="application", legal_basis="食品安全法第三十五条"
    )
    doer.act(not_decided, "accept_application", records=["acceptance_notice"])
    counted = count_year(world.agency, 2025)
    assert counted["licensing"] == 3
    assert counted["breakdown"]["licences_granted"] == 2
    assert counted["penalty"] == 0
