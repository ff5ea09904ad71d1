"""Local limits of the public case-file verification page (security review 2026-12, finding 2).
No law sets them: they keep one anonymous upload from taking the server; the command line
``sanxiang cases verify-export`` has none."""

from django.utils.translation import gettext_lazy as _

from sanxiang.core.policy import Policy, register

SOURCE = "security review 2026-12 finding 2 (server protection; no legal source, U)"

PUBLIC_MAX_MIB = register(
    Policy(
        key="casefiles.verify_public_max_mib",
        label=_("Largest unpacked size of a package the public may verify on the page"),
        default=256,
        kind="int",
        unit=_("MiB"),
        minimum=1,
        maximum=16384,
        source=SOURCE,
    )
)
STAFF_MAX_MIB = register(
    Policy(
        key="casefiles.verify_staff_max_mib",
        label=_("Largest unpacked size of a package signed-in staff may verify on the page"),
        default=4096,
        kind="int",
        unit=_("MiB"),
        minimum=1,
        maximum=16384,
        source=SOURCE,
    )
)
MAX_RATIO = register(
    Policy(
        key="casefiles.verify_max_ratio",
        label=_("Largest compression ratio of one file in a package checked on the page"),
        default=100,
        kind="int",
        minimum=2,
        maximum=10000,
        help=_("A zip bomb packs gigabytes of zeros into a few megabytes; a real case file does not."),
        source=SOURCE,
    )
)
SECONDS = register(
    Policy(
        key="casefiles.verify_seconds",
        label=_("Longest time one verification on the page may take"),
        default=120,
        kind="int",
        unit=_("seconds"),
        minimum=5,
        maximum=3600,
        source=SOURCE,
    )
)
CONCURRENT = register(
    Policy(
        key="casefiles.verify_concurrent",
        label=_("Verifications the page runs at the same time, across all server processes"),
        default=1,
        kind="int",
        minimum=1,
        maximum=64,
        help=_(
            "Keep it below the number of web server workers: a worker waits while its verification "
            "runs, and the others must stay free for every other page."
        ),
        source=SOURCE,
    )
)
PER_HOUR = register(
    Policy(
        key="casefiles.verify_per_hour",
        label=_("Verifications allowed per hour from one address"),
        default=20,
        kind="int",
        minimum=1,
        maximum=10000,
        source=SOURCE,
    )
)
