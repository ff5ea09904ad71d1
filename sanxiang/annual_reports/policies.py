"""Local rules of the annual statistics (legal-rules A-27, F-01): which categories the report lists
and its due date. Defaults from the digest; an administrator sets them per region or agency."""

from django.utils.translation import gettext_lazy as _

from sanxiang.core.policy import Policy, register

CATEGORIES = register(
    Policy(
        key="annual_reports.categories",
        label=_("Categories of the annual enforcement statistics"),
        default="licensing,penalty,coercion,levy,requisition,inspection",
        kind="str",
        help=_(
            "Codes of the enforcement item categories, separated by commas, in the order of the report "
            "(licensing, penalty, coercion, levy, requisition, inspection, …)"
        ),
        source="legal-rules A-27: Guangdong's six categories 许可、处罚、强制、征收、征用、检查 (L)",
    )
)
DUE_MONTH = register(
    Policy(
        key="annual_reports.due_month",
        label=_("Month of the next year by which the annual statistics are published"),
        default=1,
        kind="int",
        minimum=1,
        maximum=12,
        source="legal-rules A-27: 118号 §二(三), by 31 January (S; Datong and Guangdong rules)",
    )
)
DUE_DAY = register(
    Policy(
        key="annual_reports.due_day",
        label=_("Day of that month by which the annual statistics are published"),
        default=31,
        kind="int",
        minimum=1,
        maximum=31,
        source="legal-rules A-27: 118号 §二(三), by 31 January (S; Datong and Guangdong rules)",
    )
)
