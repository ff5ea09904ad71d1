"""Local rules of legal review (legal-rules C-08, C-11): defaults from the digest, set per region or
agency by an administrator. The agency's catalogue may set its own thresholds over these."""

from django.utils.translation import gettext_lazy as _

from sanxiang.core.policy import Policy, register

MAJOR_FINE_NATURAL_PERSON = register(
    Policy(
        key="legal_review.major_fine_natural_person",
        label=_("Fine from which a decision on a natural person is major"),
        default="10000",
        kind="decimal",
        unit=_("yuan"),
        minimum=0,
        source="legal-rules C-11: 长治/巩义 market regulation ≥ ¥10,000 (L)",
    )
)
MAJOR_FINE_ORGANISATION = register(
    Policy(
        key="legal_review.major_fine_organisation",
        label=_("Fine from which a decision on an organisation is major"),
        default="100000",
        kind="decimal",
        unit=_("yuan"),
        minimum=0,
        source="legal-rules C-11: 长治/巩义 market regulation ≥ ¥100,000 (L)",
    )
)
REVIEW_DAYS = register(
    Policy(
        key="legal_review.review_working_days",
        label=_("Time limit of a legal review from a complete package"),
        default=10,
        kind="int",
        unit=_("working days"),
        minimum=1,
        maximum=60,
        source="legal-rules C-08: market regulation 10 wd (S)",
    )
)
SUPPLEMENT_DAYS = register(
    Policy(
        key="legal_review.supplement_working_days",
        label=_("Window to supplement an incomplete review package"),
        default=3,
        kind="int",
        unit=_("working days"),
        minimum=1,
        maximum=30,
        source="legal-rules C-06: supplement within 3 wd (L)",
    )
)
DISCUSSION_FOR_MAJOR = register(
    Policy(
        key="legal_review.discussion_for_major",
        label=_("A major case is decided after the heads' collective discussion"),
        default=True,
        kind="bool",
        source="legal-rules C-09: 处罚法 Art. 57 ¶2 (P); every major case by local practice (L)",
    )
)
REMIND_DAYS = register(
    Policy(
        key="legal_review.remind_working_days",
        label=_("Remind of a review round due within"),
        default=2,
        kind="int",
        unit=_("working days"),
        minimum=0,
        maximum=10,
        source="legal-rules C-08: a reminder ahead of the review time limit (L)",
    )
)
EXTENSION_DAYS = register(
    Policy(
        key="legal_review.extension_working_days",
        label=_("Extension of a legal review with the head's approval"),
        default=3,
        kind="int",
        unit=_("working days"),
        minimum=0,
        maximum=30,
        source="legal-rules C-08: market regulation 10 wd extendable with approval (S); local 10 + 3 wd (L)",
    )
)
