from django.utils.translation import gettext_lazy as _

from sanxiang.core.policy import Policy, register

LOCKOUT_THRESHOLD = register(
    Policy(
        key="accounts.lockout_failures",
        label=_("Failed sign-ins in a row that lock an account"),
        default=5,
        kind="int",
        minimum=3,
        maximum=20,
        source="issue #2 (security baseline, GB/T 22239 level 3 practice; U)",
    )
)
LOCKOUT_MINUTES = register(
    Policy(
        key="accounts.lockout_minutes",
        label=_("Minutes an account stays locked"),
        default=15,
        kind="int",
        unit=_("minutes"),
        minimum=1,
        maximum=24 * 60,
        source="issue #2 (security baseline; U)",
    )
)
