"""Local rules of publication (legal-rules A-21, A-22, A-25, A-26, A-17, G-05): defaults from the
digest, set per region or agency by an administrator."""

from django.utils.translation import gettext_lazy as _

from sanxiang.core.policy import Policy, register

SCOPE = register(
    Policy(
        key="publication.scope",
        label=_("Which decisions are published"),
        default="all",
        kind="choice",
        choices=("all", "social_impact", "market_regulation"),
        help=_(
            "all: every decision (118号 §二(三)); social_impact: penalties the agency considers to have "
            "a social impact (处罚法 Art. 48); market_regulation: general-procedure penalties except "
            "warnings (市场监督管理行政处罚信息公示规定 Art. 2)"
        ),
        source="legal-rules A-13, A-15, A-21 (118号 publishes all decisions; S)",
    )
)
PERIOD_SHORT_MONTHS = register(
    Policy(
        key="publication.period_short_months",
        label=_("Public period of criticism or lower-amount fine penalties"),
        default=3,
        kind="int",
        unit=_("months"),
        minimum=1,
        maximum=120,
        source="legal-rules A-21: 市场监督管理行政处罚信息公示规定 Art. 13, 3 months (P)",
    )
)
PERIOD_MONTHS = register(
    Policy(
        key="publication.period_months",
        label=_("Public period of other decisions"),
        default=36,
        kind="int",
        unit=_("months"),
        minimum=1,
        maximum=120,
        source="legal-rules A-21: 市场监督管理行政处罚信息公示规定 Art. 13, 3 years (P)",
    )
)
LOW_FINE_PERSON = register(
    Policy(
        key="publication.low_fine_natural_person",
        label=_("Fine below which a natural person's penalty is a lower-amount fine"),
        default="5000",
        kind="decimal",
        unit=_("yuan"),
        minimum=0,
        source="legal-rules A-22: Guizhou and Fujian, under ¥5,000 (L)",
    )
)
LOW_FINE_ORGANISATION = register(
    Policy(
        key="publication.low_fine_organisation",
        label=_("Fine below which an organisation's penalty is a lower-amount fine"),
        default="50000",
        kind="decimal",
        unit=_("yuan"),
        minimum=0,
        source="legal-rules A-22: Guizhou and Fujian, under ¥50,000 (L)",
    )
)
NAME_MASKING = register(
    Policy(
        key="publication.party_name_masking",
        label=_("How the name of a punished natural person is published"),
        default="none",
        kind="choice",
        choices=("none", "partial", "full"),
        source="legal-rules G-05, H-8: the Zhejiang model does not hide the punished person's name (L)",
    )
)
CORRECTION_CLIENT_PER_HOUR = register(
    Policy(
        key="publication.correction_client_per_hour",
        label=_("Correction requests accepted per hour from one address"),
        default=3,
        kind="int",
        minimum=1,
        maximum=1000,
        help=_("Each request opens a task with a statutory deadline: a flood would bury the real ones."),
        source="security review 2026-12 finding 3 (abuse limit; no legal source, U)",
    )
)
CORRECTION_ITEM_PER_DAY = register(
    Policy(
        key="publication.correction_item_per_day",
        label=_("Correction requests accepted per published item in 24 hours"),
        default=10,
        kind="int",
        minimum=1,
        maximum=10000,
        source="security review 2026-12 finding 3 (abuse limit; no legal source, U)",
    )
)
CORRECTION_DAYS = register(
    Policy(
        key="publication.correction_working_days",
        label=_("Period to handle a correction request"),
        default=5,
        kind="int",
        unit=_("working days"),
        minimum=1,
        maximum=60,
        source="legal-rules A-17: Zhejiang, 5 wd (L)",
    )
)
WITHDRAWAL_DAYS = register(
    Policy(
        key="publication.withdrawal_working_days",
        label=_("Period to withdraw a changed or revoked decision"),
        default=3,
        kind="int",
        unit=_("working days"),
        minimum=1,
        maximum=3,
        source="legal-rules A-16: 处罚法 Art. 48 ¶2, 3 days (P); 3 wd for all decision types",
    )
)
PUSH_ENDPOINT = register(
    Policy(
        key="publication.push_endpoint",
        label=_("Endpoint that published, withdrawn and corrected items are pushed to"),
        default="",
        kind="str",
        help=_("The unified provincial platform or a credit platform; empty: nothing is pushed."),
        source="legal-rules A-20, A-23: information pushed to other platforms is handled there too (L)",
    )
)
EARLY_REMOVAL = register(
    Policy(
        key="publication.early_removal",
        label=_("Published items may be removed early after credit repair"),
        default=True,
        kind="bool",
        help=_(
            "Once the party's credit is repaired, the publication officer or the head removes the item "
            "before its public period ends (信用修复管理办法, in force 2026-04-01; 市场监督管理行政处罚信息公示规定 "
            "Art. 14)."
        ),
        source="legal-rules A-21 (Art. 14, P) and A-26: 信用修复管理办法 2026, repair after the minimum period (S)",
    )
)
EARLY_REMOVAL_MIN_MONTHS = register(
    Policy(
        key="publication.early_removal_min_months",
        label=_("Minimum public period before an early removal"),
        default=3,
        kind="int",
        unit=_("months"),
        minimum=0,
        maximum=36,
        source="legal-rules A-26: 信用修复管理办法 2026, general breaches are public at least 3 months (S)",
    )
)
CONTENT = register(
    Policy(
        key="publication.content",
        label=_("What is published of a penalty decision"),
        default="summary",
        kind="choice",
        choices=("summary", "full"),
        help=_(
            "summary: the summary fields (文号, party, violation, penalty, deciding body, date); full: the "
            "whole decision document, redacted by the same masks and leak scan."
        ),
        source="legal-rules A-21 (Art. 4, P) and G-05: full text or summary may be published (L)",
    )
)
# 信用修复管理办法 (NDRC, in force 2026-04-01; legal-rules A-26, G-08, H-10): minor / general / serious
# breaches. The sector regulators map penalties to classes; these are the digest's example classes.
PERIOD_REGIME = register(
    Policy(
        key="publication.period_regime",
        label=_("How the public period is set"),
        default="market_regulation",
        kind="choice",
        choices=("market_regulation", "credit_classes"),
        help=_(
            "market_regulation: 3 months for criticism or a lower-amount fine, 3 years otherwise "
            "(市场监督管理行政处罚信息公示规定 Art. 13); credit_classes: by the class of the breach, for "
            "decisions from 2026-04-01 (信用修复管理办法)."
        ),
        source="legal-rules A-21 (Art. 13, P) and A-26: 信用修复管理办法 in force 2026-04-01 (S)",
    )
)
CREDIT_MINOR_KINDS = register(
    Policy(
        key="publication.credit_minor_kinds",
        label=_("Penalty kinds that are a minor breach (comma-separated)"),
        default="warning,criticism",
        kind="str",
        help=_("A penalty of these kinds only, or any penalty decided under the simple procedure, is minor."),
        source="legal-rules A-26: example classes, minor = simple procedure, warnings, notices of criticism (S)",
    )
)
CREDIT_SERIOUS_KINDS = register(
    Policy(
        key="publication.credit_serious_kinds",
        label=_("Penalty kinds that are a serious breach (comma-separated)"),
        default="licence_revocation,employment_restriction",
        kind="str",
        source="legal-rules A-26: example classes, serious = licence revocation, occupational bans (S)",
    )
)
CREDIT_SERIOUS_FINE = register(
    Policy(
        key="publication.credit_serious_fine",
        label=_("Fine from which a penalty is a serious breach (0: no such amount)"),
        default="0",
        kind="decimal",
        unit=_("yuan"),
        minimum=0,
        help=_('The digest names "very large fines" without an amount: the sector regulator sets it.'),
        source="legal-rules A-26 (S) and H-10: no amount found; 0 until the regulator's list is entered",
    )
)
CREDIT_MINOR_PUBLISHED = register(
    Policy(
        key="publication.credit_minor_published",
        label=_("Minor breaches are published"),
        default=False,
        kind="bool",
        help=_("信用修复管理办法: minor-breach information is in principle not published."),
        source="legal-rules A-26 and G-08: minor breaches in principle not published (S)",
    )
)
CREDIT_MINOR_MONTHS = register(
    Policy(
        key="publication.credit_minor_months",
        label=_("Public period of a minor breach, if published"),
        default=3,
        kind="int",
        unit=_("months"),
        minimum=1,
        maximum=3,
        source="legal-rules A-26: 信用修复管理办法, minor at most 3 months (S)",
    )
)
CREDIT_GENERAL_MONTHS = register(
    Policy(
        key="publication.credit_general_months",
        label=_("Public period of a general breach"),
        default=12,
        kind="int",
        unit=_("months"),
        minimum=3,
        maximum=12,
        source="legal-rules A-26: 信用修复管理办法, general 3 months to 1 year, down at the maximum (S)",
    )
)
CREDIT_SERIOUS_MONTHS = register(
    Policy(
        key="publication.credit_serious_months",
        label=_("Public period of a serious breach"),
        default=36,
        kind="int",
        unit=_("months"),
        minimum=12,
        maximum=36,
        source="legal-rules A-26: 信用修复管理办法, serious 1 to 3 years, down at the maximum (S)",
    )
)
HEALTH_TERMS = register(
    Policy(
        key="publication.health_terms",
        label=_("Terms that mark health information (comma-separated)"),
        default=(
            "艾滋病,HIV,乙肝,乙型肝炎,丙肝,肝炎,精神病,精神疾病,精神分裂,抑郁症,传染病,结核,性病,梅毒,"
            "病历,病史,诊断,确诊,癌症,肿瘤,残疾,怀孕,妊娠,体检结果,健康状况"
        ),
        kind="str",
        help=_(
            "A natural person's health status is hidden before publication: each term is masked to the "
            "end of its clause, also when written full-width or spaced."
        ),
        source="legal-rules G-05 (健康状况, Zhejiang model, L) and G-06: 个人信息保护法 Art. 28, medical and health data (P)",
    )
)
ADDRESS_TERMS = register(
    Policy(
        key="publication.address_terms",
        label=_("Terms that introduce a natural person's home address (comma-separated)"),
        default="家庭住址,现住址,户籍地址,居住地址,户籍所在地,现居住地,住址",
        kind="str",
        help=_(
            "A natural person's home address is hidden before publication: the text after each term "
            "is masked up to the punctuation that ends it, also when the term is written spaced or "
            "with invisible characters."
        ),
        source="legal-rules G-05: 自然人的家庭住址 (Zhejiang model, L)",
    )
)
