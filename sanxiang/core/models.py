from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyValue(models.Model):
    """One override of a policy setting for one scope. Rows are only ever added: the newest row for
    a (key, scope) is in force, a row with ``cleared`` returns the scope to the inherited value, and
    the older rows are the setting's history (who, when, why)."""

    key = models.CharField(_("policy"), max_length=100)
    scope = models.CharField(_("scope"), max_length=60, help_text="agency:<id> or region:<code>")
    value = models.JSONField(_("value"), null=True)
    cleared = models.BooleanField(_("reset to inherited value"), default=False)
    reason = models.CharField(_("reason"), max_length=500)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(_("set at"))

    class Meta:
        verbose_name = _("policy setting")
        indexes = [
            # Used by core.policy.resolve: newest row per (key, scope).
            models.Index(fields=["key", "scope", "-id"], name="policy_value_lookup"),
        ]

    def __str__(self) -> str:
        return f"{self.key}@{self.scope}={self.value}"
