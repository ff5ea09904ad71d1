"""Local rules of the documents app: defaults here, set per region or agency by an administrator."""

from django.utils.translation import gettext_lazy as _

from sanxiang.core.policy import Policy, register

ISSUER_ABBREVIATION = register(
    Policy(
        key="documents.issuer_abbreviation",
        label=_("Issuer abbreviation in document numbers (e.g. 东市监)"),
        default="",
        kind="str",
        source="GB/T 9704-2012 §7.2.4: 发文机关代字 chosen by the agency; empty uses the agency's short name",
    )
)
PAYMENT_PLACE = register(
    Policy(
        key="documents.payment_place",
        label=_("Where fines are paid, as printed in decisions"),
        default="",
        kind="str",
        source="处罚法 Art. 67 ¶3: the decision names the bank or electronic payment system (P); the bank is local; empty prints a general phrase",
    )
)
