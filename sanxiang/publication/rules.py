"""What the law and the agency's policy say about one decision: is it published, by when, for how
long. Statutory rules carry their citation; local ones are policy settings (``policies``)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sanxiang.cases import gates
from sanxiang.cases.models import Case, Party
from sanxiang.cases.penalties import Penalty
from sanxiang.core import clock, policy
from sanxiang.publication.models import CreditClass, DecisionKind, Record
from sanxiang.workdays import deadlines
from sanxiang.workdays.arithmetic import CalendarMissing

# (rule id, citation, working days, decision kinds it applies to): the earliest due date wins.
DEADLINE_RULES = (
    (
        "A-14",
        "《关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）第二条第（三）项：行政许可、行政处罚决定7个工作日内公开",
        7,
        {DecisionKind.PENALTY, DecisionKind.LICENCE},
    ),
    (
        "A-13",
        "《关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）第二条第（三）项：执法决定20个工作日内公开",
        20,
        {DecisionKind.PENALTY, DecisionKind.LICENCE, DecisionKind.INSPECTION},
    ),
    (
        "A-18",
        "《中华人民共和国政府信息公开条例》第二十六条：形成之日起20个工作日内公开",
        20,
        {DecisionKind.PENALTY, DecisionKind.LICENCE, DecisionKind.INSPECTION},
    ),
)
WITHDRAWAL_CITATION = "《中华人民共和国行政处罚法》第四十八条第二款：三日内撤回并公开说明理由"
MINOR_CITATION = (
    "《浙江省行政处罚结果信息网上公开暂行办法》：被处罚人为未成年人的不予公开（legal-rules G-05）"
)
SECRET_CITATION = "《中华人民共和国政府信息公开条例》第十四条、第十五条：国家秘密、商业秘密不予公开"  # noqa: S105
WARNING_CITATION = "《市场监督管理行政处罚信息公示规定》第二条：仅受警告的行政处罚不予公示"
SIMPLE_CITATION = "《市场监督管理行政处罚信息公示规定》第二条：适用一般程序作出的行政处罚决定予以公示"
LICENCE_REFUSAL_CITATION = (
    "《中华人民共和国行政许可法》第四十条：应当公开的是准予行政许可决定；"
    "《市场监督管理行政处罚信息公示规定》第二条：公示范围为行政处罚决定"
)


def publication_deadline(kind: str, decided_on: dt.date) -> deadlines.Deadline | None:
    """The earliest due date among the rules that apply to this kind of decision; None when the
    official calendar it needs is not entered yet (the decision is never blocked for that)."""
    try:
        return _earliest(kind, decided_on)
    except CalendarMissing:
        return None


def first_rule(kind: str) -> tuple[str, str]:
    rule_id, citation, _days, _kinds = min(
        (rule for rule in DEADLINE_RULES if kind in rule[3]), key=lambda rule: rule[2]
    )
    return rule_id, citation


def _earliest(kind: str, decided_on: dt.date) -> deadlines.Deadline:
    # Only the shortest rule is counted: n working days never end after n + k working days, so it
    # is the earliest due date. Counting the longer ones too made a decision of 8 December with a
    # 7-working-day due date inside the loaded year pending, because the 20-working-day rules reach
    # into a year whose calendar is not entered yet.
    rule_id, citation, days, _kinds = min(
        (rule for rule in DEADLINE_RULES if kind in rule[3]), key=lambda rule: rule[2]
    )
    return deadlines.compute(
        rule_id=rule_id,
        citation=citation,
        start_event="作出执法决定",
        start_date=decided_on,
        days=days,
        mode=deadlines.WORKING_DAYS,
    )


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Period:
    until: dt.date
    rule: str
    credit_class: str = ""


CREDIT_CITATION = "《信用修复管理办法》（国家发展改革委，2026年4月1日起施行）：失信信息分轻微、一般、严重三类公示，公示期自文书作出之日起算，期满自动撤下（legal-rules A-26）"
CREDIT_MINOR_CITATION = "《信用修复管理办法》：轻微失信信息原则上不予公示（legal-rules A-26、G-08）"
CREDIT_IN_FORCE = dt.date(2026, 4, 1)
CLASS_LABELS: dict[str, str] = {
    CreditClass.MINOR: "轻微失信",
    CreditClass.GENERAL: "一般失信",
    CreditClass.SERIOUS: "严重失信",
}


def _kinds(key: str, scopes: list[str]) -> set[str]:
    return {
        kind.strip() for kind in str(policy.value(key, scopes)).replace("，", ",").split(",") if kind.strip()
    }


def credit_class(case: Case) -> str:
    """The class of the breach (信用修复管理办法), by the agency's policy mapping; "" for a decision
    that is no penalty (a licence, an inspection result)."""
    penalty = Penalty.from_json(case.decided_penalty)
    kinds = set(penalty.kinds)
    if not kinds:
        return ""
    scopes = case.agency.policy_scopes()
    if kinds & _kinds("publication.credit_serious_kinds", scopes):
        return CreditClass.SERIOUS
    threshold = Decimal(policy.value("publication.credit_serious_fine", scopes))
    if threshold > 0 and penalty.fine is not None and penalty.fine >= threshold:
        return CreditClass.SERIOUS
    if case.procedure == "simple" or kinds <= _kinds("publication.credit_minor_kinds", scopes):
        return CreditClass.MINOR
    return CreditClass.GENERAL


def _by_credit_class(case: Case, decided_on: dt.date) -> bool:
    regime = policy.value("publication.period_regime", case.agency.policy_scopes())
    return regime == "credit_classes" and decided_on >= CREDIT_IN_FORCE


def public_period(case: Case, party: Party | None, decided_on: dt.date) -> Period:
    """3 months for a notice of criticism or a lower-amount fine, 3 years otherwise (市场监督管理行政处罚
    信息公示规定 Art. 13; lengths and the fine thresholds are policy), counted from the decision date
    (legal-rules A-26). Under the credit-class regime (policy), a decision from 2026-04-01 is public
    for its class's period instead. The class is recorded either way."""
    scopes = case.agency.policy_scopes()
    klass = credit_class(case)
    if klass and _by_credit_class(case, decided_on):
        resolved = policy.resolve(f"publication.credit_{klass}_months", scopes)
        months = int(resolved.value)
        return Period(
            add_months(decided_on, months),
            f"{CLASS_LABELS[klass]}：{months}个月；{CREDIT_CITATION}；{resolved.citation}"[:300],
            klass,
        )
    penalty = Penalty.from_json(case.decided_penalty)
    light = bool(penalty.kinds) and set(penalty.kinds) <= {"warning", "criticism", "fine"}
    if light and penalty.fine is not None:
        key = (
            "publication.low_fine_natural_person"
            if party is not None and party.kind == "natural_person"
            else "publication.low_fine_organisation"
        )
        light = penalty.fine < Decimal(policy.value(key, scopes))
    key = "publication.period_short_months" if light else "publication.period_months"
    resolved = policy.resolve(key, scopes)
    return Period(
        add_months(decided_on, int(resolved.value)), f"{resolved.value}个月；{resolved.citation}", klass
    )


def is_minor(party: Party | None, on: dt.date) -> bool:
    """A natural person under 18 on the decision date, read from the birth date in the identity number."""
    if party is None or party.kind != "natural_person":
        return False
    number = party.id_number or ""
    try:
        if len(number) == 18:
            born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        elif len(number) == 15:
            born = dt.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
        else:
            return False
    except ValueError:
        return False
    years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return years < 18


def excluded_by_scope(case: Case, kind: str) -> str | None:
    """Why the agency's policy does not publish this decision, or None. Under "social_impact" every
    penalty is drafted and the handler withholds those without social impact, with a reason."""
    scopes = case.agency.policy_scopes()
    if (
        kind == DecisionKind.PENALTY
        and credit_class(case) == CreditClass.MINOR
        and _by_credit_class(case, case.decided_on or clock.today())
        and not policy.value("publication.credit_minor_published", scopes)
    ):
        return CREDIT_MINOR_CITATION
    scope = str(policy.value("publication.scope", scopes))
    if scope != "market_regulation":
        return None
    if kind == DecisionKind.LICENCE:
        # 行政许可法 Art. 40: a grant is public whatever the agency's scope; only a refusal follows it.
        return None if _licence_granted(case) else LICENCE_REFUSAL_CITATION
    if kind != DecisionKind.PENALTY or case.procedure != "general":
        return SIMPLE_CITATION
    kinds = set(Penalty.from_json(case.decided_penalty).kinds)
    if kinds and kinds <= {"warning"}:
        return WARNING_CITATION
    return None


def _licence_granted(case: Case) -> bool:
    return gates.licence_outcome(case) == "granted"


def withdrawal_deadline(record: Record, start_date: dt.date, start_event: str) -> deadlines.Deadline:
    """A withdrawal is due in the policy's working days (A-16: 3) from the day the decision was
    changed, revoked, confirmed illegal or void. Raises ``CalendarMissing`` like any deadline."""
    days = int(policy.value("publication.withdrawal_working_days", record.agency.policy_scopes()))
    return deadlines.compute(
        rule_id="A-16",
        citation=WITHDRAWAL_CITATION,
        start_event=start_event,
        start_date=start_date,
        days=days,
        mode=deadlines.WORKING_DAYS,
    )
