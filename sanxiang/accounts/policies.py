"""Local rules of signing in (issue #2 security baseline, issue #11): how many failures lock what, for
how long, and which roles must use a second factor. See docs/adr/0018."""

from django.utils.translation import gettext_lazy as _

from sanxiang.core.policy import Policy, register

# Failures of one account from one network address: the lock a guesser triggers mostly locks the
# guesser out, and the owner signing in from elsewhere is not affected.
LOCKOUT_THRESHOLD = register(
    Policy(
        key="accounts.lockout_failures",
        label=_("Failed sign-ins that lock an account for one network address"),
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
# Failures of one account from all addresses together: stops guessing spread over many addresses.
# Ten times the per-address threshold, so that one distant guesser cannot reach it alone.
ACCOUNT_LOCKOUT_THRESHOLD = register(
    Policy(
        key="accounts.account_lockout_failures",
        label=_("Failed sign-ins from all addresses that lock an account everywhere"),
        default=50,
        kind="int",
        minimum=5,
        maximum=1000,
        source="issue #11, security review F4 (U)",
    )
)
# Failures from one network address, whatever the user names: stops one client trying one
# password on many accounts. Several people behind one office gateway share an address, hence the
# margin over the per-account threshold.
CLIENT_THRESHOLD = register(
    Policy(
        key="accounts.client_failures",
        label=_("Failed sign-ins from one network address that block the address"),
        default=20,
        kind="int",
        minimum=5,
        maximum=1000,
        source="issue #11, security review F4 (U)",
    )
)
SECOND_FACTOR_REQUIRED = register(
    Policy(
        key="accounts.second_factor_required",
        label=_("Roles that must use an authenticator app to sign in"),
        default="none",
        kind="choice",
        choices=("none", "admin", "admin_head", "all"),
        help=_(
            "none: offered to everyone, required of no one; admin: required of administrators; "
            "admin_head: required of administrators and agency heads; all: required of every user"
        ),
        source="issue #11 (GB/T 22239 level 3: two factors for administrators recommended; U)",
    )
)
