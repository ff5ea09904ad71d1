"""Published lists for the portal tests, built through the real actions on top of the shared world."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from sanxiang.catalog import actions
from sanxiang.catalog.models import (
    Agency,
    DiscretionBenchmark,
    EnforcementItem,
    LegalBasis,
    RandomInspectionItem,
)
from tests.world import World, make_uscc

REASON = "测试数据"


@dataclass
class Lists:
    basis: LegalBasis
    item: EnforcementItem
    retired_item: EnforcementItem
    benchmark: DiscretionBenchmark
    inspection: RandomInspectionItem
    other_item: EnforcementItem
    entrusted: Agency


def item_data(code: str, name: str, **extra: Any) -> dict[str, Any]:
    return {
        "code": code,
        "name": name,
        "category": "penalty",
        "basis_text": "《食品安全法》第一百二十二条",
        **extra,
    }


def build_lists(world: World) -> Lists:
    basis = actions.save_legal_basis(
        actor=None,
        reason=REASON,
        data={
            "title": "中华人民共和国食品安全法",
            "kind": "law",
            "issuing_body": "全国人民代表大会常务委员会",
            "effective_on": dt.date(2015, 10, 1),
            "text_url": "https://flk.npc.gov.cn/",
        },
    )
    item = actions.save_item(
        actor=None,
        agency=world.agency,
        reason=REASON,
        bases=[basis],
        data=item_data(
            "330101-CF-001",
            "对未取得食品生产经营许可从事食品生产经营活动的行政处罚",
            accepting_body="东湖县市场监督管理局受理窗口",
            approving_body="东湖县市场监督管理局",
            conditions="符合立案条件",
            materials="身份证明",
            time_limit="立案之日起九十日",
            fees="不收费",
            consultation="0571-88880000",
            office_info="工作日 9:00-17:00，人民路1号",
        ),
    )
    retired_item = actions.save_item(
        actor=None, agency=world.agency, reason=REASON, data=item_data("330101-CF-999", "已取消的旧事项")
    )
    actions.retire_item(actor=world.user("head"), item=retired_item, reason="依据废止")
    benchmark = actions.save_benchmark(
        actor=None,
        agency=world.agency,
        item=item,
        reason=REASON,
        data={
            "code": "BM-001",
            "violation": "未取得许可从事食品经营",
            "violated_provision": "《食品安全法》第三十五条",
            "penalty_provision": "《食品安全法》第一百二十二条",
        },
        grades=[
            {
                "grade": "lighter",
                "circumstances": "首次违法，货值较小",
                "penalty": "没收违法所得，罚款",
                "fine_min": "50000",
                "fine_max": "80000",
            },
            {
                "grade": "serious",
                "circumstances": "拒不改正",
                "penalty": "没收违法所得，罚款",
                "fine_min": "150000",
                "fine_max": "200000",
            },
        ],
    )
    inspection = actions.save_inspection_item(
        actor=None,
        agency=world.agency,
        reason=REASON,
        data={
            "code": "CC-001",
            "name": "食品经营者经营条件检查",
            "basis": "《食品安全法》第一百一十条",
            "inspecting_body": "东湖县市场监督管理局",
            "object_type": "食品经营者",
            "content": "经营条件是否持续符合要求",
            "method": "现场检查",
            "ratio": "5%",
            "frequency": "每年一次",
        },
    )
    other_item = actions.save_item(
        actor=None,
        agency=world.other_agency,
        reason=REASON,
        data=item_data("330102-CF-001", "西山县特有处罚事项"),
    )
    entrusted = actions.create_agency(
        actor=None,
        region=world.county,
        entrusted_by=world.agency,
        reason=REASON,
        data={
            "name": "东湖县市场监管综合执法队",
            "credit_code": make_uscc("12330101MB0000003"),
            "kind": "entrusted",
            "entrustment_letter": "兹委托东湖县市场监管综合执法队以本局名义实施行政处罚。",
        },
    )
    return Lists(basis, item, retired_item, benchmark, inspection, other_item, entrusted)


@pytest.fixture
def lists(world: World) -> Lists:
    return build_lists(world)
