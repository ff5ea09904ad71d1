"""Generated demo data: one fictional county (青溪县, division code 990121 — the 99 prefix is not a
real province) with its justice bureau as supervisor and three agencies like those in the seeds.
Names are drawn from common surname and given-name characters with a fixed seed: no real people.
Everything is created through the real actions, so the demo also fills the change log."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from sanxiang.accounts import actions as account_actions
from sanxiang.accounts.models import User
from sanxiang.catalog import actions
from sanxiang.catalog.models import Agency, LegalBasis, Officer, Region
from sanxiang.catalog.validators import uscc_check_character
from sanxiang.core.roles import Role

DEMO_PASSWORD = "sanxiang-demo-2026"  # noqa: S105  (printed by `sanxiang demo`; demo only)
COUNTY_CODE = "990121"
REASON = "演示数据初始化"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = [
    "建华",
    "晓东",
    "丽娟",
    "志强",
    "海燕",
    "文斌",
    "春梅",
    "国庆",
    "雪莲",
    "俊杰",
    "秀英",
    "立新",
    "明辉",
    "慧敏",
    "永刚",
    "红霞",
    "振宇",
    "佳怡",
    "德华",
    "静怡",
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    where: str


def _uscc(body17: str) -> str:
    return body17 + uscc_check_character(body17)


def _legal_bases() -> dict[str, LegalBasis]:
    bases = {}
    for key, title, kind, body, effective in [
        ("penalty", "中华人民共和国行政处罚法", "law", "全国人民代表大会常务委员会", dt.date(2021, 7, 15)),
        ("food", "中华人民共和国食品安全法", "law", "全国人民代表大会常务委员会", dt.date(2021, 4, 29)),
        ("ads", "中华人民共和国广告法", "law", "全国人民代表大会常务委员会", dt.date(2021, 4, 29)),
        ("entertainment", "娱乐场所管理条例", "admin_regulation", "国务院", dt.date(2020, 11, 29)),
        ("audit", "中华人民共和国审计法", "law", "全国人民代表大会常务委员会", dt.date(2022, 1, 1)),
    ]:
        bases[key] = actions.save_legal_basis(
            actor=None,
            reason=REASON,
            data={
                "title": title,
                "kind": kind,
                "issuing_body": body,
                "effective_on": effective,
            },
        )
    return bases


def _officers(agency: Agency, count: int, prefix: str, rng: random.Random, categories: str) -> list[Officer]:
    officers = []
    for index in range(count):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        officer = actions.create_officer(
            actor=None,
            agency=agency,
            reason=REASON,
            data={
                "name": name,
                "post": rng.choice(["科员", "副科长", "科长", "执法队员"]),
                "unit": rng.choice(["执法大队", "法规科", "综合科"]),
                "phone": f"1{rng.randint(30, 99)}{rng.randint(10000000, 99999999)}",
            },
        )
        issued = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 700))
        actions.issue_certificate(
            actor=None,
            officer=officer,
            reason=REASON,
            data={
                "number": f"{prefix}{index + 1:04d}",
                "categories": categories,
                "areas": "青溪县行政区域",
                "issuing_authority": "临川市人民政府",
                "issued_on": issued,
                "expires_on": issued.replace(year=issued.year + 5),
            },
        )
        officers.append(officer)
    return officers


def _market_lists(agency: Agency, bases: dict[str, LegalBasis]) -> None:
    food = actions.save_item(
        actor=None,
        agency=agency,
        reason=REASON,
        bases=[bases["food"], bases["penalty"]],
        data={
            "code": "330217001000",
            "name": "对生产经营超过保质期的食品的行政处罚",
            "category": "penalty",
            "basis_text": "《中华人民共和国食品安全法》第三十四条第十项、第一百二十四条第一款第五项",
            "responsible_unit": "执法大队",
            "procedure": "立案—调查取证—法制审核（重大案件）—告知—决定—送达—执行",
            "time_limit": "立案之日起九十日内作出决定",
            "remedies": "行政复议：临川市市场监督管理局或青溪县人民政府；行政诉讼：青溪县人民法院",
            "consultation": "0799-5550101",
        },
    )
    actions.save_item(
        actor=None,
        agency=agency,
        reason=REASON,
        bases=[bases["food"]],
        data={
            "code": "000117001000",
            "name": "食品经营许可",
            "category": "licensing",
            "basis_text": "《中华人民共和国食品安全法》第三十五条",
            "responsible_unit": "行政审批科",
            "accepting_body": "青溪县市场监督管理局政务服务窗口",
            "approving_body": "青溪县市场监督管理局",
            "conditions": "有与经营的食品品种、数量相适应的经营场所；有食品安全专业技术人员和管理制度",
            "materials": "1. 食品经营许可申请书\n2. 营业执照复印件\n3. 经营场所平面图\n4. 食品安全管理制度文本",
            "time_limit": "法定20个工作日，承诺10个工作日",
            "fees": "不收费",
            "consultation": "0799-5550102",
            "office_info": "周一至周五 9:00-12:00 14:00-17:30，青溪县政务服务中心二楼，0799-5550102",
        },
    )
    actions.save_item(
        actor=None,
        agency=agency,
        reason=REASON,
        bases=[bases["ads"]],
        data={
            "code": "330217002000",
            "name": "对发布虚假广告的行政处罚",
            "category": "penalty",
            "basis_text": "《中华人民共和国广告法》第五十五条",
            "responsible_unit": "执法大队",
        },
    )
    actions.save_benchmark(
        actor=None,
        agency=agency,
        item=food,
        reason=REASON,
        data={
            "code": "SJ-SP-001",
            "violation": "生产经营超过保质期的食品",
            "violated_provision": "《中华人民共和国食品安全法》第三十四条第十项",
            "penalty_provision": "《中华人民共和国食品安全法》第一百二十四条第一款",
        },
        grades=[
            {
                "grade": "exempt",
                "circumstances": "初次违法且货值金额不足500元，及时改正，没有造成危害后果",
                "penalty": "不予行政处罚",
                "warning": False,
            },
            {
                "grade": "lighter",
                "circumstances": "货值金额不足1万元，主动消除或者减轻危害后果",
                "penalty": "没收违法所得和违法生产经营的食品，并处罚款",
                "fine_min": "50000",
                "fine_max": "80000",
                "confiscation": True,
            },
            {
                "grade": "general",
                "circumstances": "货值金额不足1万元，无从轻或从重情节",
                "penalty": "没收违法所得和违法生产经营的食品，并处罚款",
                "fine_min": "80000",
                "fine_max": "120000",
                "confiscation": True,
            },
            {
                "grade": "serious",
                "circumstances": "货值金额1万元以上，或者造成危害后果",
                "penalty": "没收违法所得，并处货值金额十倍以上二十倍以下罚款；情节严重的，吊销许可证",
                "confiscation": True,
            },
        ],
    )
    actions.save_inspection_item(
        actor=None,
        agency=agency,
        reason=REASON,
        data={
            "code": "SC-001",
            "name": "食品经营者经营行为检查",
            "basis": "《中华人民共和国食品安全法》第一百一十条",
            "inspecting_body": "青溪县市场监督管理局",
            "object_type": "辖区内食品经营者",
            "content": "经营条件、进货查验、过期食品处置",
            "method": "现场检查、书面检查",
            "ratio": "5%",
            "frequency": "每年1次",
        },
    )


def _culture_lists(agency: Agency, bases: dict[str, LegalBasis]) -> None:
    actions.save_item(
        actor=None,
        agency=agency,
        reason=REASON,
        bases=[bases["entertainment"]],
        data={
            "code": "330226001000",
            "name": "对娱乐场所超时营业的行政处罚",
            "category": "penalty",
            "basis_text": "《娱乐场所管理条例》第二十八条、第四十八条",
            "responsible_unit": "文化市场综合行政执法大队",
        },
    )
    actions.save_inspection_item(
        actor=None,
        agency=agency,
        reason=REASON,
        data={
            "code": "WL-001",
            "name": "娱乐场所经营活动检查",
            "basis": "《娱乐场所管理条例》第三十五条",
            "inspecting_body": "青溪县文化和旅游局",
            "object_type": "歌舞、游艺娱乐场所",
            "content": "营业时间、未成年人保护、消防安全告知",
            "method": "现场检查",
            "ratio": "10%",
            "frequency": "每半年1次",
        },
    )


def _audit_lists(agency: Agency, bases: dict[str, LegalBasis]) -> None:
    actions.save_item(
        actor=None,
        agency=agency,
        reason=REASON,
        bases=[bases["audit"]],
        data={
            "code": "330232001000",
            "name": "对被审计单位拒绝、拖延提供资料的行政处罚",
            "category": "penalty",
            "basis_text": "《中华人民共和国审计法》第四十七条",
            "responsible_unit": "法规审理科",
        },
    )
    actions.save_inspection_item(
        actor=None,
        agency=agency,
        reason=REASON,
        data={
            "code": "SJ-001",
            "name": "预算执行情况审计抽查",
            "basis": "《中华人民共和国审计法》第十八条",
            "inspecting_body": "青溪县审计局",
            "object_type": "县级预算单位",
            "content": "预算执行和其他财政收支",
            "method": "资料审查、现场核查",
            "ratio": "20%",
            "frequency": "每年1次",
        },
    )


def ensure_demo() -> tuple[bool, list[DemoLogin]]:
    """Create the demo world unless it exists; return (created, the logins to print)."""
    if Region.objects.filter(code=COUNTY_CODE).exists():
        return False, demo_logins()
    rng = random.Random(20261125)
    province = actions.create_region(
        actor=None, parent=None, reason=REASON, data={"code": "990000", "name": "江南省", "level": "province"}
    )
    city = actions.create_region(
        actor=None, parent=province, reason=REASON, data={"code": "990100", "name": "临川市", "level": "city"}
    )
    county = actions.create_region(
        actor=None,
        parent=city,
        reason=REASON,
        data={"code": COUNTY_CODE, "name": "青溪县", "level": "county"},
    )
    bases = _legal_bases()

    def agency(
        name: str, short: str, body: str, entrusted_by: Agency | None = None, **extra: object
    ) -> Agency:
        return actions.create_agency(
            actor=None,
            region=county,
            reason=REASON,
            entrusted_by=entrusted_by,
            data={
                "name": name,
                "short_name": short,
                "credit_code": _uscc(body),
                "kind": extra.pop("kind", "statutory"),
                "address": f"青溪县城关镇{short}路{rng.randint(1, 200)}号",
                "phone": f"0799-555{rng.randint(1000, 9999)}",
                "complaint_phone": "12345",
                "complaint_email": "ts@example.gov.cn",
                "complaint_address": "青溪县人民政府信访局",
                "reconsideration_body": "青溪县人民政府",
                "litigation_body": "青溪县人民法院",
                **extra,
            },
        )

    market = agency(
        "青溪县市场监督管理局",
        "市场监管",
        "11990121MB1234560",
        powers_basis="《中华人民共和国食品安全法》《中华人民共和国广告法》等",
        duties="负责全县市场综合监督管理，统一登记市场主体，组织市场监管综合执法工作。",
    )
    culture = agency(
        "青溪县文化和旅游局",
        "文化旅游",
        "11990121MB1234579",
        duties="负责全县文化、旅游市场监督管理和综合执法。",
    )
    audit = agency(
        "青溪县审计局", "审计", "11990121MB1234587", duties="依法对本级各部门预算执行情况进行审计监督。"
    )
    agency(
        "青溪县文化市场综合行政执法大队",
        "文化执法",
        "12990121MB1234595",
        kind="entrusted",
        entrusted_by=culture,
        entrustment_letter="青溪县文化和旅游局委托青溪县文化市场综合行政执法大队，以本局名义实施娱乐场所管理"
        "方面的行政处罚。委托期限：2025年1月1日至2027年12月31日。",
    )

    market_officers = _officers(market, 10, "99012101", rng, "市场监管")
    _officers(culture, 6, "99012102", rng, "文化旅游")
    audit_officers = _officers(audit, 4, "99012103", rng, "审计")
    _market_lists(market, bases)
    _culture_lists(culture, bases)
    _audit_lists(audit, bases)

    # One expired certificate and one revoked, as the issue asks, so the portal shows both.
    expired_officer = actions.create_officer(
        actor=None, agency=audit, reason=REASON, data={"name": rng.choice(SURNAMES) + "秋实", "post": "科员"}
    )
    actions.issue_certificate(
        actor=None,
        officer=expired_officer,
        reason=REASON,
        data={
            "number": "990121039001",
            "categories": "审计",
            "issuing_authority": "临川市人民政府",
            "issued_on": dt.date(2020, 6, 1),
            "expires_on": dt.date(2025, 6, 1),
        },
    )
    revoked = market_officers[-1].certificates.get()
    actions.revoke_certificate(actor=None, certificate=revoked, reason="调离执法岗位，收回并注销执法证")
    del audit_officers

    def user(username: str, display: str, role: Role, **kw: Any) -> User:
        return account_actions.create_user(
            actor=None,
            password=DEMO_PASSWORD,
            data={"username": username, "display_name": display, "role": role},
            **kw,
        )

    user("admin", "系统管理员", Role.ADMIN)
    user("sfj_admin", "县司法局管理员", Role.ADMIN, region=county)
    user("sfj_supervisor", "县司法局执法监督员", Role.SUPERVISOR, region=county)
    officer_user = user("scjg_officer", market_officers[0].name, Role.OFFICER, agency=market)
    officer_user.officer = market_officers[0]
    officer_user.save(update_fields=["officer"])
    user("scjg_head", "市场监管局局长", Role.HEAD, agency=market)
    user(
        "scjg_reviewer",
        "市场监管局法制审核员",
        Role.LEGAL_REVIEWER,
        agency=market,
        holds_legal_qualification=True,
    )
    user("scjg_publisher", "市场监管局公示管理员", Role.PUBLICATION_OFFICER, agency=market)
    user("wl_head", "文旅局局长", Role.HEAD, agency=culture)
    user("sj_head", "审计局局长", Role.HEAD, agency=audit)
    return True, demo_logins()


def demo_logins() -> list[DemoLogin]:
    users = (
        User.objects.filter(
            username__in=[
                "admin",
                "sfj_admin",
                "sfj_supervisor",
                "scjg_officer",
                "scjg_head",
                "scjg_reviewer",
                "scjg_publisher",
                "wl_head",
                "sj_head",
            ]
        )
        .select_related("agency", "region")
        .order_by("id")
    )
    return [
        DemoLogin(
            u.username,
            str(u.get_role_display()),
            u.agency.name if u.agency else (u.region.full_name() if u.region else "全部"),
        )
        for u in users
    ]
