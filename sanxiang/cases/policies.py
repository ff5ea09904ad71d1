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
