"""Tests of the JSON API. Helpers build list entries through the real actions (actor=None is the
system) and issue tokens the way an administrator would."""

from __future__ import annotations

import json
from typing import Any

from sanxiang.accounts import actions as account_actions
from sanxiang.catalog import actions
from sanxiang.catalog.models import Agency, DiscretionBenchmark, EnforcementItem, RandomInspectionItem
from tests.world import World

API = "/api/v1"
PRIVATE_PHONE = "13800000000"


def make_item(agency: Agency, code: str = "XK-001", name: str = "食品经营许可") -> EnforcementItem:
    return actions.save_item(
        actor=None,
        agency=agency,
        reason="测试数据",
        data={
            "code": code,
            "name": name,
            "category": "licensing",
            "basis_text": "《食品安全法》第三十五条",
            "conditions": "有与经营的食品品种相适应的场所",
        },
    )


def make_benchmark(agency: Agency, item: EnforcementItem | None = None) -> DiscretionBenchmark:
    return actions.save_benchmark(
        actor=None,
        agency=agency,
        item=item,
        reason="测试数据",
        data={
            "code": "CF-001",
            "violation": "未取得许可从事食品经营",
            "violated_provision": "《食品安全法》第三十五条",
            "penalty_provision": "《食品安全法》第一百二十二条",
        },
        grades=[
            {
                "grade": "lighter",
                "circumstances": "货值不足一万元",
                "penalty": "罚款",
                "fine_min": "5000",
                "fine_max": "20000",
            },
            {
                "grade": "serious",
                "circumstances": "货值一万元以上",
                "penalty": "罚款",
                "fine_min": "100000",
                "fine_max": "500000",
            },
        ],
    )


def make_inspection_item(agency: Agency) -> RandomInspectionItem:
    return actions.save_inspection_item(
        actor=None,
        agency=agency,
        reason="测试数据",
        data={
            "code": "CC-001",
            "name": "食品经营者检查",
            "basis": "《食品安全法》第一百一十条",
            "inspecting_body": "县市场监督管理局",
            "object_type": "食品经营者",
            "content": "许可证照",
            "method": "现场检查",
            "ratio": "5%",
            "frequency": "每年一次",
        },
    )


def issue_token(world: World, scopes: list[str], agency: Agency | None = None) -> str:
    agency = agency or world.agency
    admin = world.user("county_admin") if agency == world.agency else world.user("admin")
    _token, secret = account_actions.issue_api_token(actor=admin, agency=agency, name="省平台", scopes=scopes)
    return secret


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def post(client: Any, path: str, body: Any, **extra: Any) -> Any:
    return client.post(f"{API}{path}", data=json.dumps(body), content_type="application/json", **extra)


def patch(client: Any, path: str, body: Any, **extra: Any) -> Any:
    return client.patch(f"{API}{path}", data=json.dumps(body), content_type="application/json", **extra)


def get(client: Any, path: str, **extra: Any) -> Any:
    return client.get(f"{API}{path}", **extra)


def item_body(**overrides: Any) -> dict[str, Any]:
    body = {
        "reason": "年度清单调整",
        "code": "XK-100",
        "name": "小餐饮登记",
        "category": "licensing",
        "basis_text": "《浙东省食品小作坊小餐饮管理条例》第十条",
    }
    body.update(overrides)
    return body
