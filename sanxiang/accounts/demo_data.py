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
    # The powers the demo's seizure and inspection cases use: the annual report counts them, and
    # shows 无此职权 for a category the agency has no item of.
    actions.save_item(
        actor=None,
        agency=agency,
        reason=REASON,
        bases=[bases["food"]],
        data={
            "code": "330217003000",
            "name": "对有证据证明不符合食品安全标准的食品的查封、扣押",
            "category": "coercion",
            "basis_text": "《中华人民共和国食品安全法》第一百一十条第四项",
            "responsible_unit": "执法大队",
        },
    )
    actions.save_item(
        actor=None,
        agency=agency,
        reason=REASON,
        bases=[bases["food"]],
        data={
            "code": "330217004000",
            "name": "对食品经营者的监督检查",
            "category": "inspection",
            "basis_text": "《中华人民共和国食品安全法》第一百一十条",
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
    """Create the demo world unless it exists; return (created, the logins to print). The demo
    cases are added to a demo world made before they existed."""
    if Region.objects.filter(code=COUNTY_CODE).exists():
        ensure_demo_cases()
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
    ensure_demo_cases()
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


# --- demo cases -------------------------------------------------------------------------------

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
MARKET_CREDIT_BODY = "11990121MB1234560"  # + check character: 青溪县市场监督管理局


class _Replay:
    """Acts on the demo cases, each on a given day and hour (Asia/Shanghai), recorded through the
    engine's ``at=``: guards, periods and the record log's ``occurred_at`` take that moment, while
    the log still stamps every entry with the real time it was recorded (``recorded_at``)."""

    def __init__(self, officer: User, head: User) -> None:
        self.officer = officer
        self.head = head

    @staticmethod
    def _at(day: dt.date, hour: int) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)

    def open(self, day: dt.date, hour: int, **kw: Any) -> Any:
        from sanxiang.cases import actions as case_actions

        return case_actions.open_case(actor=self.officer, at=self._at(day, hour), **kw)

    def act(self, case: Any, act: str, day: dt.date, hour: int, *, head: bool = False, **data: Any) -> None:
        from sanxiang.cases import actions as case_actions

        case_actions.perform(case, act, self.head if head else self.officer, data, at=self._at(day, hour))

    def issue(self, case: Any, day: dt.date, hour: int, *kinds: str, head: bool = False) -> None:
        """Issue the official documents (文书) of the case's current step, dated at that moment."""
        from sanxiang.documents.demo import issue_step_documents

        issue_step_documents(case, self.head if head else self.officer, at=self._at(day, hour), kinds=kinds)


def _ric(first17: str) -> str:
    from sanxiang.cases.validators import ric_check_character

    return first17 + ric_check_character(first17)


def ensure_demo_cases() -> None:
    """One case of each procedure run to its end through the real engine (general: filed,
    investigated by two certified officers, notice, written waiver, decision, service, payment,
    closing; an on-the-spot fine; an inspection; a general case transferred to the police), one
    general case left open after the prior notice whose decision period falls due in the next days,
    for the workbench, and a hearing case decided and served whose fine is overdue (surcharge
    running, reminder served). Idempotent: nothing is added once the market agency has cases."""
    from sanxiang.cases.models import Case
    from sanxiang.catalog.models import EnforcementItem
    from sanxiang.catalog.queries import officers_with_valid_certificate

    market = Agency.objects.filter(credit_code=_uscc(MARKET_CREDIT_BODY)).first()
    if market is None or Case.objects.filter(agency=market).exists():
        return
    officer = User.objects.get(username="scjg_officer")
    head = User.objects.get(username="scjg_head")
    first_day = dt.date(2026, 3, 2)
    certified = list(officers_with_valid_certificate(market, first_day).order_by("pk"))
    lead = officer.officer if officer.officer in certified else certified[0]
    team = [lead.pk, next(o.pk for o in certified if o.pk != lead.pk)]
    food = EnforcementItem.objects.filter(agency=market, code="330217001000").first()
    replay = _Replay(officer, head)
    company = {
        "kind": "organisation",
        "name": "青溪县惠民副食品商店有限公司",
        "credit_code": _uscc("91990121MA0000001"),
        "representative": "周立新",
        "address": "青溪县城关镇解放路18号",
        "phone": "0799-5551234",
    }
    person = {
        "kind": "natural_person",
        "name": "吴俊杰",
        "id_number": _ric("99012119850612003"),
        "address": "青溪县城关镇东门村3组",
        "phone": "13912340000",
    }
    _general_closed(replay, market, food, team, company)
    _simple_closed(replay, market, team, person)
    _inspection_closed(replay, market, team, company)
    _general_open(replay, market, food, team)
    # A hearing chaired by a certified officer who did not investigate (处罚法 Art. 64).
    chair = next(o.pk for o in certified if o.pk not in team)
    _hearing_in_execution(replay, market, food, team, chair)
    _transfer_closed(replay, market, team)
    _licences(replay, market, team, person)


def _general_closed(
    replay: _Replay, market: Agency, food: Any, team: list[int], party: dict[str, Any]
) -> None:
    d = dt.date
    case = replay.open(
        d(2026, 3, 2),
        9,
        agency=market,
        data={
            "procedure": "general",
            "title": "青溪县惠民副食品商店有限公司经营超过保质期的食品案",
            "source": "complaint",
            "facts": "2026年2月27日，当事人在其经营场所货架上销售超过保质期的酸奶12盒、饼干5袋，货值金额186元。",
            "legal_basis": "《中华人民共和国食品安全法》第三十四条第十项、第一百二十四条第一款第五项",
            "violation_on": "2026-02-27",
            "enforcement_item": food.pk if food else None,
        },
        parties=[party],
        officer_ids=team,
    )
    penalty: dict[str, Any] = {
        "kinds": ["fine", "confiscation"],
        "fine": "50000",
        "confiscation_value": "186",
    }
    # Its file holds the official documents of each step (this is the case the demo seals and
    # archives, casefiles.demo): records a document stands for are not also noted on the acts.
    replay.issue(case, d(2026, 3, 2), 11, "case_source", "filing_approval")
    replay.act(case, "file", d(2026, 3, 2), 15, head=True)
    replay.act(case, "start_investigation", d(2026, 3, 3), 10)
    replay.issue(case, d(2026, 3, 3), 16, "on_site_record", "inquiry_record", "evidence_list")
    replay.issue(case, d(2026, 3, 10), 14, "investigation_report")
    replay.act(case, "close_investigation", d(2026, 3, 10), 16, **penalty)
    replay.issue(case, d(2026, 3, 11), 9, "prior_notice")
    replay.act(case, "serve_prior_notice", d(2026, 3, 11), 10)
    replay.act(case, "waive_rights", d(2026, 3, 12), 9, records=["waiver"])
    replay.issue(case, d(2026, 3, 13), 10, "decision_approval", head=True)
    replay.act(case, "decide", d(2026, 3, 13), 11, head=True, **penalty)
    replay.issue(case, d(2026, 3, 13), 14, "decision", "service_receipt", head=True)
    replay.act(case, "serve_decision", d(2026, 3, 16), 10)
    replay.act(
        case,
        "record_execution",
        d(2026, 3, 24),
        14,
        method="paid",
        amount="50000",
        paid_on="2026-03-23",
        records=["payment_receipt"],
    )
    replay.issue(case, d(2026, 3, 26), 16, "closing_approval", head=True)
    replay.act(case, "close", d(2026, 3, 27), 10, head=True)


def _simple_closed(replay: _Replay, market: Agency, team: list[int], party: dict[str, Any]) -> None:
    day = dt.date(2026, 4, 8)
    case = replay.open(
        day,
        10,
        agency=market,
        data={
            "procedure": "simple",
            "title": "吴俊杰占道经营未亮照案",
            "source": "inspection",
            "facts": "当事人在城关镇农贸市场门口流动销售水果，未按规定公示经营信息，经指出当场承认。",
            "legal_basis": "《无证无照经营查处办法》第十三条",
        },
        parties=[party],
        officer_ids=team,
    )
    replay.act(
        case, "decide_on_the_spot", day, 10, kinds=["fine"], fine="100", records=["on_the_spot_decision"]
    )
    # The numbered 决定书 is issued with the decision: its number is what the public record shows.
    replay.issue(case, day, 10, "on_the_spot_decision")
    replay.act(case, "serve_decision", day, 10, records=["service_receipt"])
    replay.act(case, "record_execution", day, 11, method="paid", amount="100", records=["payment_receipt"])
    replay.act(case, "close", dt.date(2026, 4, 9), 9, head=True)


def _inspection_closed(replay: _Replay, market: Agency, team: list[int], party: dict[str, Any]) -> None:
    case = replay.open(
        dt.date(2026, 5, 11),
        9,
        agency=market,
        data={
            "procedure": "inspection",
            "title": "食品经营者经营行为双随机检查（惠民副食品商店）",
            "source": "inspection",
            "facts": "2026年第二季度双随机抽查，检查事项：经营条件、进货查验、过期食品处置。",
        },
        parties=[party],
        officer_ids=team,
    )
    replay.act(case, "start_inspection", dt.date(2026, 5, 12), 9, records=["inspection_approval"])
    replay.act(
        case,
        "record_result",
        dt.date(2026, 5, 12),
        11,
        result="rectification",
        findings="进货查验记录不全，责令7日内补齐；未发现过期食品。",
        records=["on_site_record", "inspection_result"],
    )
    replay.act(case, "close", dt.date(2026, 5, 13), 10, head=True)


def _open_days() -> tuple[dt.date, dt.date, dt.date]:
    """Filing, closing of the investigation and prior notice for the open case: filed so that the
    90-day decision period ends in the next days (the workbench lists it as due soon). When that
    needs a year whose holiday schedule is not entered, fixed days of 2026 (then it shows overdue)."""
    from sanxiang.core import clock
    from sanxiang.workdays.arithmetic import CalendarMissing, add_calendar_days

    today = clock.today()
    try:
        for back in range(89, 84, -1):
            filed = today - dt.timedelta(days=back)
            if today < add_calendar_days(filed, 90) <= today + dt.timedelta(days=3):
                return filed, today - dt.timedelta(days=12), today - dt.timedelta(days=9)
    except CalendarMissing:
        pass
    return dt.date(2026, 9, 1), dt.date(2026, 10, 20), dt.date(2026, 10, 22)


def _general_open(replay: _Replay, market: Agency, food: Any, team: list[int]) -> None:
    filed, closed, notified = _open_days()
    case = replay.open(
        filed,
        9,
        agency=market,
        data={
            "procedure": "general",
            "title": "青溪县鲜果坊食品店经营超过保质期的食品案",
            "source": "referral",
            "facts": "县消费者权益保护委员会转来投诉：当事人销售超过保质期的果汁饮料。",
            "legal_basis": "《中华人民共和国食品安全法》第三十四条第十项、第一百二十四条第一款第五项",
            "enforcement_item": food.pk if food else None,
        },
        parties=[
            {
                "kind": "organisation",
                "name": "青溪县鲜果坊食品店",
                "credit_code": _uscc("92990121MA0000002"),
                "representative": "林慧敏",
            }
        ],
        officer_ids=team,
    )
    penalty: dict[str, Any] = {"kinds": ["warning", "fine"], "fine": "60000"}
    replay.act(case, "file", filed, 15, head=True, records=["filing_approval"])
    replay.act(case, "start_investigation", filed + dt.timedelta(days=1), 10, records=["inquiry_record"])
    replay.act(case, "close_investigation", closed, 16, records=["investigation_report"], **penalty)
    replay.act(case, "serve_prior_notice", notified, 10, records=["prior_notice"])


def _hearing_in_execution(replay: _Replay, market: Agency, food: Any, team: list[int], chair: int) -> None:
    """A fine large enough for a hearing (policy: ¥100,000 for an organisation): requested, the
    decision period paused for it, held, decided and served in October 2026; unpaid, so the
    surcharge runs and the reminder (催告) has been served."""
    d = dt.date
    case = replay.open(
        d(2026, 8, 3),
        9,
        agency=market,
        data={
            "procedure": "general",
            "title": "青溪县康源食品批发有限公司经营标签不符合规定的预包装食品案",
            "source": "inspection",
            "facts": "当事人批发的预包装食品未标注生产日期和保质期，货值金额3.5万元。",
            "legal_basis": "《中华人民共和国食品安全法》第六十七条、第一百二十五条第一款第二项",
            "violation_on": "2026-07-28",
            "enforcement_item": food.pk if food else None,
        },
        parties=[
            {
                "kind": "organisation",
                "name": "青溪县康源食品批发有限公司",
                "credit_code": _uscc("91990121MA0000003"),
                "representative": "陈国华",
                "address": "青溪县城关镇工业园区6号",
            }
        ],
        officer_ids=team,
    )
    penalty: dict[str, Any] = {
        "kinds": ["fine", "confiscation"],
        "fine": "200000",
        "confiscation_value": "35000",
    }
    replay.act(case, "file", d(2026, 8, 3), 15, head=True, records=["filing_approval"])
    replay.act(case, "start_investigation", d(2026, 8, 4), 10, records=["inquiry_record"])
    replay.act(case, "close_investigation", d(2026, 9, 18), 16, records=["investigation_report"], **penalty)
    replay.act(case, "serve_prior_notice", d(2026, 9, 21), 10, records=["prior_notice"])
    replay.act(case, "request_hearing", d(2026, 9, 23), 9, records=["hearing_request"])
    replay.act(
        case, "pause_decision_period", d(2026, 9, 23), 10, reason="hearing", records=["pause_approval"]
    )
    replay.act(
        case,
        "notify_hearing",
        d(2026, 9, 24),
        10,
        hearing_on="2026-10-16",
        chair=chair,
        place="青溪县市场监督管理局听证室",
        records=["hearing_notice"],
    )
    replay.act(case, "hold_hearing", d(2026, 10, 16), 9, records=["hearing_record"])
    replay.act(case, "resume_decision_period", d(2026, 10, 16), 17)
    _hearing_review(replay, case)
    replay.act(
        case, "decide", d(2026, 10, 23), 11, head=True, records=["decision_approval", "decision"], **penalty
    )
    replay.issue(case, d(2026, 10, 23), 14, "decision", head=True)
    replay.act(case, "serve_decision", d(2026, 10, 26), 10, records=["service_receipt"])
    replay.act(case, "serve_reminder", d(2026, 11, 16), 10, records=["reminder"])


def _hearing_review(replay: _Replay, case: Any) -> None:
    """A decision after a hearing is major by law (处罚法 Art. 58 ¶1(2)): the evidence item the
    package needs, then a review round passed by the agency's qualified reviewer and the heads'
    collective discussion (Art. 57 ¶2) before the decision of 23 October."""
    from sanxiang.evidence import actions as evidence_actions
    from sanxiang.evidence import blobs
    from sanxiang.legal_review import actions as review_actions

    d = dt.date
    reviewer = User.objects.get(username="scjg_reviewer")
    # Art. 58 ¶2: a first-time reviewer of penalties holds the national legal qualification.
    review_actions.save_profile(
        actor=replay.head, user=reviewer, data={"qualification_number": "A20163301000123"}
    )
    # The evidence action has no past moment: the item is stamped when the demo is built.
    staged = blobs.stage_stream(iter([b"%PDF-1.4 demo sampling report"]), name="抽样检验报告.pdf")
    try:
        evidence_actions.add_evidence(
            actor=replay.officer, case=case, upload=staged, data={"kind": "documentary"}
        )
    finally:
        staged.close()
    round_ = review_actions.submit(
        actor=replay.officer,
        case=case,
        note="事实：批发未标注生产日期和保质期的预包装食品，货值3.5万元；依据：食品安全法第六十七条、"
        "第一百二十五条第一款第二项；裁量基准：一般；已举行听证，当事人陈述申辩不成立。",
        at=replay._at(d(2026, 10, 19), 10),
    )
    review_actions.assign(
        actor=replay.head, round=round_, reviewer=reviewer, at=replay._at(d(2026, 10, 19), 11)
    )
    for point in range(1, 11):
        review_actions.answer(
            actor=reviewer,
            round=round_,
            point=point,
            answer="na" if point == 10 else "pass",
            at=replay._at(d(2026, 10, 21), 9),
        )
    review_actions.give_opinion(
        actor=reviewer,
        round=round_,
        opinion="agree",
        text="主体合法，事实清楚，证据确实充分，适用依据正确，程序合法，裁量适当，同意作出处罚决定。",
        at=replay._at(d(2026, 10, 21), 15),
    )
    review_actions.discuss(
        actor=replay.head,
        case=case,
        data={
            "held_on": "2026-10-22",
            "attendees": "局长、分管副局长、法规科科长、承办机构负责人",
            "opinions": "一致认为事实清楚、证据充分，同意法制审核意见。",
            "conclusion": "同意按拟处罚内容作出行政处罚决定。",
        },
        at=replay._at(d(2026, 10, 22), 15),
    )


def _transfer_closed(replay: _Replay, market: Agency, team: list[int]) -> None:
    """Counterfeit trademark goods above the prosecution threshold: the officers report, the head
    approves within 3 working days, the case goes to the police within 24 hours, and is closed."""
    d = dt.date
    case = replay.open(
        d(2026, 6, 1),
        9,
        agency=market,
        data={
            "procedure": "general",
            "title": "青溪县佳美日化商行销售假冒注册商标的商品案",
            "source": "complaint",
            "facts": "当事人仓库内存放假冒某品牌洗发水1200瓶，非法经营数额约8万元，涉嫌销售假冒注册商标的商品罪。",
            "legal_basis": "《中华人民共和国商标法》第五十七条第三项、第六十一条",
            "violation_on": "2026-05-20",
        },
        parties=[
            {
                "kind": "organisation",
                "name": "青溪县佳美日化商行",
                "credit_code": _uscc("92990121MA0000004"),
                "representative": "郑海波",
            }
        ],
        officer_ids=team,
    )
    replay.act(case, "file", d(2026, 6, 1), 15, head=True, records=["filing_approval"])
    replay.act(case, "start_investigation", d(2026, 6, 2), 9, records=["inquiry_record"])
    replay.act(case, "propose_transfer", d(2026, 6, 15), 10, records=["transfer_report"])
    replay.act(case, "approve_transfer", d(2026, 6, 16), 9, head=True, records=["transfer_approval"])
    replay.act(case, "hand_over", d(2026, 6, 16), 15, records=["transfer_letter", "transfer_materials"])
    replay.act(case, "close", d(2026, 6, 19), 10, head=True, records=["closing_approval"])


def _licences(replay: _Replay, market: Agency, team: list[int], person: dict[str, Any]) -> None:
    """Two licence applications (行政许可法): one granted, its certificate issued and the case closed;
    one refused with reasons and remedies. Each decision opens its publication record (118号: 7
    working days); a grant is public (Art. 40)."""
    from sanxiang.documents import actions as documents

    d = dt.date
    shop = {
        "kind": "organisation",
        "name": "青溪县鲜果坊食品店",
        "credit_code": _uscc("92990121MA0000002"),
        "representative": "陈小红",
        "address": "青溪县城关镇人民路66号",
        "phone": "0799-5556789",
    }
    granted = replay.open(
        d(2026, 6, 1),
        10,
        agency=market,
        data={
            "procedure": "licence",
            "title": "食品经营许可（青溪县鲜果坊食品店）",
            "source": "application",
            "facts": "申请经营项目：预包装食品销售（含冷藏冷冻食品）、散装食品销售。",
            "legal_basis": "《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》",
            "discovered_on": "2026-06-01",
        },
        parties=[shop],
        officer_ids=team,
    )
    replay.issue(granted, d(2026, 6, 2), 9, "licence_acceptance_notice")
    replay.act(granted, "accept_application", d(2026, 6, 2), 10)
    replay.act(granted, "start_review", d(2026, 6, 3), 9)
    replay.act(granted, "verify_on_site", d(2026, 6, 5), 10, records=["licence_verification_record"])
    grant = {"licence_number": "JY19901210000128", "valid_until": "2031-06-09"}
    documents.issue_document(
        actor=replay.head,
        case=granted,
        kind="licence_grant",
        entered={**grant, "scope": "预包装食品销售（含冷藏冷冻食品）、散装食品销售"},
        at=replay._at(d(2026, 6, 10), 9),
    )
    replay.act(granted, "decide_licence", d(2026, 6, 10), 10, head=True, outcome="granted", **grant)
    replay.act(granted, "issue_certificate", d(2026, 6, 12), 10, records=["licence_certificate"])
    replay.act(granted, "close", d(2026, 6, 15), 10, head=True)

    refused = replay.open(
        d(2026, 6, 8),
        10,
        agency=market,
        data={
            "procedure": "licence",
            "title": "食品经营许可（吴俊杰）",
            "source": "application",
            "facts": "申请经营项目：热食类食品制售。",
            "legal_basis": "《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》",
            "discovered_on": "2026-06-08",
        },
        parties=[person],
        officer_ids=team,
    )
    replay.act(refused, "accept_application", d(2026, 6, 9), 10, records=["acceptance_notice"])
    replay.act(refused, "start_review", d(2026, 6, 10), 9)
    replay.act(refused, "verify_on_site", d(2026, 6, 11), 10, records=["licence_verification_record"])
    reasons = (
        "经现场核查，加工经营场所与生活区未有效分隔，且无有效的餐饮具清洗消毒设施，不符合食品经营许可条件。"
    )
    documents.issue_document(
        actor=replay.head,
        case=refused,
        kind="licence_refusal",
        entered={"reasons": reasons},
        at=replay._at(d(2026, 6, 17), 9),
    )
    replay.act(
        refused,
        "decide_licence",
        d(2026, 6, 17),
        10,
        head=True,
        outcome="refused",
        reasons=reasons,
        remedies="如不服本决定，可在收到决定书之日起六十日内申请行政复议，或者在六个月内依法提起行政诉讼。",
    )
    replay.act(refused, "close", d(2026, 6, 18), 10, head=True)
