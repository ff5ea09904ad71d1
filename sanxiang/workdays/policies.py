"""Local settings of the calendar (not law: when to remind administrators of next year's schedule)."""

from django.utils.translation import gettext_lazy as _

from sanxiang.core.policy import Policy, register

# The State Council publishes next year's schedule in late October or November (2026's on
# 2025-11-04); from this month on, the administrators' workbench warns while it is not entered, so
# that deadlines reaching into January are dates, not "pending", before the year turns.
WARNING_FROM_MONTH = register(
    Policy(
        key="workdays.next_year_warning_from_month",
        label=_("Month from which administrators are warned that next year's calendar is missing"),
        default=11,
        kind="int",
        minimum=1,
        maximum=12,
        source="issue #12 (deadlines that compute; U)",
    )
)
