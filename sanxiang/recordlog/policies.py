"""Local rules of record log verification, with their defaults; set by an administrator."""

from django.utils.translation import gettext_lazy as _

from sanxiang.core.policy import Policy, register

# Entries after the newest signed checkpoint are protected by nothing but the database: anyone who
# holds the database can rewrite or drop them without trace. The worker signs a checkpoint every
# RECORDLOG_CHECKPOINT_MINUTES when the log grew, so an older unsigned entry means the signing has
# stopped (or the log was cut back). ``verify`` fails when the oldest unsigned entry is older than the
# checkpoint interval plus this margin, and when there is no checkpoint at all beyond it.
UNSIGNED_TAIL_MARGIN_MINUTES = register(
    Policy(
        key="recordlog.unsigned_tail_margin_minutes",
        label=_("Margin for entries not yet covered by a signed checkpoint"),
        default=60,
        kind="int",
        unit=_("minutes"),
        minimum=0,
        maximum=7 * 24 * 60,
        source="security review 2026-12, finding 5: one hour beyond the checkpoint interval (L)",
        help=_(
            "Verification fails when the oldest entry after the newest signed checkpoint is older than "
            "the checkpoint interval plus this margin."
        ),
    )
)
