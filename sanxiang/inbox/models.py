"""A signed-in person's messages: reminders and notices the system or a colleague sends to one
recipient, each with a path to the thing it is about. The inbox sits below the catalog in the
layers (every domain app may send), so the agency is a plain id, like the record log's."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recipient")
    )
    agency_id = models.BigIntegerField(_("agency"), null=True, blank=True)
    kind = models.CharField(_("message kind"), max_length=60)
    subject = models.CharField(_("message subject"), max_length=200)
    body = models.TextField(_("message text"), blank=True)
    link = models.CharField(_("message link"), max_length=300, blank=True)  # a path on this site
    created_at = models.DateTimeField(_("sent at"))
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # What makes two sends the same message (e.g. "review round 7 overdue for its due day"): a job
    # that runs again, or twice at once, never sends it twice.
    dedup_key = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedup_key"], name="inbox_message_once"),
        ]
        indexes = [
            # The unread badge on every staff page counts these.
            models.Index(fields=["recipient", "read_at"], name="inbox_message_unread"),
        ]

    def __str__(self) -> str:
        return f"message {self.pk} to {self.recipient_id}"

    @property
    def unread(self) -> bool:
        return self.read_at is None
