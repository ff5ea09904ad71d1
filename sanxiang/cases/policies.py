"""Local rules of case handling (legal-rules D-16, D-19, D-22): defaults from the digest, set per
region or agency by an administrator."""

from django.utils.translation import gettext_lazy as _

from sanxiang.core.policy import Policy, register

STATEMENT_WINDOW = register(
    Policy(
        key="cases.statement_window_working_days",
        label=_("Window for statement and defence after the prior notice"),
        default=5,
        kind="int",
        unit=_("working days"),
        minimum=1,
        maximum=30,
        source="legal-rules D-16: market regulation, 5 wd from service of the notice (S)",
    )
)
HEARING_FINE_NATURAL_PERSON = register(
    Policy(
        key="cases.hearing_fine_natural_person",
        label=_("Fine from which a natural person may request a hearing"),
        default="10000",
        kind="decimal",
        unit=_("yuan"),
        minimum=0,
        source="legal-rules D-19: market regulation ¥10,000 (U)",
    )
)
HEARING_FINE_ORGANISATION = register(
    Policy(
        key="cases.hearing_fine_organisation",
        label=_("Fine from which an organisation may request a hearing"),
        default="100000",
        kind="decimal",
        unit=_("yuan"),
        minimum=0,
        source="legal-rules D-19: market regulation ¥100,000 (U)",
    )
)
DECISION_WARNINGS = register(
    Policy(
        key="cases.decision_warning_days",
        label=_("Days after filing at which the decision period is flagged"),
        default="60,80",
        kind="str",
        unit=_("days, comma-separated"),
        source="legal-rules D-22: 90-day decision period (Art. 60, P); warning points are local practice",
    )
)
DECISION_EXTENSION = register(
    Policy(
        key="cases.decision_extension_days",
        label=_("Longest extension of the decision period the head may approve"),
        default=30,
        kind="int",
        unit=_("days"),
        minimum=1,
        maximum=365,
        source="legal-rules D-22: market regulation, +30 days with the head's approval (S)",
    )
)
FILING_CHECK = register(
    Policy(
        key="cases.filing_check_working_days",
        label=_("Period to check a clue and decide on filing"),
        default=15,
        kind="int",
        unit=_("working days"),
        minimum=1,
        maximum=60,
        source="legal-rules D-11: market regulation, 15 wd from the clue (S)",
    )
)
FILING_CHECK_EXTENSION = register(
    Policy(
        key="cases.filing_check_extension_working_days",
        label=_("Extension of the filing check with approval"),
        default=15,
        kind="int",
        unit=_("working days"),
        minimum=1,
        maximum=60,
        source="legal-rules D-11: market regulation, +15 wd with approval (S)",
    )
)
