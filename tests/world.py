"""A small, deterministic world built through the real actions, shared by the test suite.

Personas (after healthchecks' Alice/Bob/Charlie): for agency A (市场监督管理局 of 东湖县) one user
per agency role; a supervisor of 东湖县; an administrator of 东湖县 and an installation-wide one; and
agency B in 西山县 whose data nobody in 东湖县 may see except the installation-wide administrator.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sanxiang.accounts import actions as account_actions
from sanxiang.accounts.models import User
from sanxiang.catalog import actions
from sanxiang.catalog.models import Agency, Certificate, Officer, Region
from sanxiang.catalog.validators import uscc_check_character
from sanxiang.core.roles import Role

PASSWORD = "Test-pass-2026!"


def make_uscc(body17: str) -> str:
    return body17 + uscc_check_character(body17)


@dataclass
class World:
    province: Region
    city: Region
    county: Region
    other_county: Region
    agency: Agency
    other_agency: Agency
    users: dict[str, User] = field(default_factory=dict)
    officers: list[Officer] = field(default_factory=list)
    certificates: list[Certificate] = field(default_factory=list)
    other_certificate: Certificate | None = None
    items: dict[str, Any] = field(default_factory=dict)

    def user(self, name: str) -> User:
        return self.users[name]


def build_world() -> World:
    province = actions.create_region(
        actor=None,
        data={"code": "330000", "name": "浙东省", "level": "province"},
        parent=None,
        reason="测试数据",
    )
    city = actions.create_region(
        actor=None,
        data={"code": "330100", "name": "临江市", "level": "city"},
        parent=province,
        reason="测试数据",
    )
    county = actions.create_region(
        actor=None,
        data={"code": "330101", "name": "东湖县", "level": "county"},
        parent=city,
        reason="测试数据",
    )
    other_county = actions.create_region(
        actor=None,
        data={"code": "330102", "name": "西山县", "level": "county"},
        parent=city,
        reason="测试数据",
    )

    def agency(name: str, region: Region, body: str) -> Agency:
        return actions.create_agency(
            actor=None,
            region=region,
            reason="测试数据",
            data={
                "name": name,
                "credit_code": make_uscc(body),
                "kind": "statutory",
                "address": f"{region.name}人民路1号",
                "complaint_phone": "0571-12345",
            },
        )

    agency_a = agency("东湖县市场监督管理局", county, "11330101MB0000001")
    agency_b = agency("西山县市场监督管理局", other_county, "11330102MB0000002")
    world = World(province, city, county, other_county, agency_a, agency_b)

    def user(name: str, role: Role, **kw: Any) -> None:
        world.users[name] = account_actions.create_user(
            actor=None, data={"username": name, "display_name": name, "role": role}, password=PASSWORD, **kw
        )

    user("officer", Role.OFFICER, agency=agency_a)
    user("head", Role.HEAD, agency=agency_a)
    user("reviewer", Role.LEGAL_REVIEWER, agency=agency_a, holds_legal_qualification=True)
    user("publisher", Role.PUBLICATION_OFFICER, agency=agency_a)
    user("supervisor", Role.SUPERVISOR, region=county)
    user("county_admin", Role.ADMIN, region=county)
    user("admin", Role.ADMIN)
    user("other_head", Role.HEAD, agency=agency_b)

    for index, name in enumerate(["张伟测", "李娜测", "王强测"]):
        officer = actions.create_officer(
            actor=None,
            agency=agency_a,
            reason="测试数据",
            data={"name": name, "post": "科员", "phone": "13800000000"},
        )
        cert = actions.issue_certificate(
            actor=None,
            officer=officer,
            reason="测试数据",
            data={
                "number": f"33010100{index + 1:04d}",
                "categories": "市场监管",
                "issuing_authority": "临江市人民政府",
                "issued_on": dt.date(2024, 1, 1),
                "expires_on": dt.date(2029, 1, 1),
            },
        )
        world.officers.append(officer)
        world.certificates.append(cert)
    other_officer = actions.create_officer(
        actor=None, agency=agency_b, reason="测试数据", data={"name": "赵六测"}
    )
    world.other_certificate = actions.issue_certificate(
        actor=None,
        officer=other_officer,
        reason="测试数据",
        data={
            "number": "330102000001",
            "categories": "市场监管",
            "issuing_authority": "临江市人民政府",
            "issued_on": dt.date(2024, 1, 1),
            "expires_on": dt.date(2029, 1, 1),
        },
    )
    for key, target in (("a", agency_a), ("b", agency_b)):
        item = actions.save_item(
            actor=None,
            agency=target,
            reason="测试数据",
            data={
                "code": f"ITEM-{key}",
                "name": f"对经营过期食品的处罚{key}",
                "category": "penalty",
                "basis_text": "《中华人民共和国食品安全法》第一百二十四条",
            },
        )
        benchmark = actions.save_benchmark(
            actor=None,
            agency=target,
            item=item,
            reason="测试数据",
            data={
                "code": f"BM-{key}",
                "violation": f"经营过期食品{key}",
                "violated_provision": "第三十四条",
                "penalty_provision": "第一百二十四条",
            },
            grades=[
                {
                    "grade": "general",
                    "circumstances": "一般情节",
                    "penalty": "罚款",
                    "fine_min": "50000",
                    "fine_max": "100000",
                }
            ],
        )
        inspection = actions.save_inspection_item(
            actor=None,
            agency=target,
            reason="测试数据",
            data={
                "code": f"INS-{key}",
                "name": f"食品经营检查{key}",
                "basis": "食品安全法第一百一十条",
                "inspecting_body": target.name,
                "object_type": "食品经营者",
                "content": "进货查验",
                "method": "现场检查",
            },
        )
        world.items[f"item_{key}"] = item
        world.items[f"benchmark_{key}"] = benchmark
        world.items[f"inspection_{key}"] = inspection
    return world
