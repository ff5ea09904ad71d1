"""The record log's tables. All four are append-only: migration 0002 installs database triggers that
refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL), and ``actions.py`` is the only writer.

Other apps point at entries with ``on_delete=PROTECT``; nothing here points at other apps (the log
must outlive and never import the domain), so agency, subject and actor are plain values.
"""

from __future__ import annotations

from django.db import models

# The foreign keys to Log carry no index of their own: each table's unique constraint starts with
# log_id and serves every lookup. A separate log_id index would tempt SQLite's planner into scanning
# the whole table for node look-ups.
from django.utils.translation import gettext_lazy as _

HASH_CHOICES = [("sha256", "SHA-256"), ("sm3", "SM3 (GB/T 32905)")]


class Log(models.Model):
    """One per installation (primary key 1), created on first use from the settings of that moment."""

    origin = models.CharField(_("origin"), max_length=200)
    hash_alg = models.CharField(_("hash algorithm"), max_length=10, choices=HASH_CHOICES)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("record log")
        verbose_name_plural = _("record logs")

    def __str__(self) -> str:
        return f"{self.origin} ({self.hash_alg})"


class Entry(models.Model):
    log = models.ForeignKey(Log, on_delete=models.PROTECT, related_name="entries", db_index=False)
    seq = models.BigIntegerField(_("sequence number"))
    kind = models.CharField(_("kind"), max_length=100)
    agency_id = models.BigIntegerField(_("agency"), null=True, blank=True)
    subject_type = models.CharField(_("subject type"), max_length=100, blank=True)
    subject_id = models.CharField(_("subject"), max_length=100, blank=True)
    actor_id = models.BigIntegerField(_("actor"), null=True, blank=True)
    actor_label = models.CharField(_("actor name"), max_length=300)
    occurred_at = models.DateTimeField(_("occurred at"))
    recorded_at = models.DateTimeField(_("recorded at"))
    payload = models.JSONField(_("payload"))
    digest = models.CharField(_("digest"), max_length=128, blank=True)
    canonical = models.BinaryField(_("canonical bytes"))
    leaf_hash = models.BinaryField(_("leaf hash"))

    class Meta:
        verbose_name = _("record log entry")
        verbose_name_plural = _("record log entries")
        constraints = [models.UniqueConstraint(fields=["log", "seq"], name="recordlog_entry_unique_seq")]
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "seq"], name="recordlog_entry_subject"),
            models.Index(fields=["digest"], name="recordlog_entry_digest"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind}"


class Node(models.Model):
    """The hash of a perfect subtree: leaves [index * 2**level, (index + 1) * 2**level)."""

    log = models.ForeignKey(Log, on_delete=models.PROTECT, related_name="nodes", db_index=False)
    level = models.PositiveSmallIntegerField()
    index = models.BigIntegerField()
    hash = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["log", "level", "index"], name="recordlog_node_unique_position")
        ]

    def __str__(self) -> str:
        return f"node {self.level}/{self.index}"


class Checkpoint(models.Model):
    log = models.ForeignKey(Log, on_delete=models.PROTECT, related_name="checkpoints", db_index=False)
    tree_size = models.BigIntegerField(_("tree size"))
    root_hash = models.BinaryField(_("root hash"))
    signed_note = models.TextField(_("signed note"))
    key_name = models.CharField(_("key name"), max_length=200)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        constraints = [
            models.UniqueConstraint(fields=["log", "tree_size"], name="recordlog_checkpoint_unique_size")
        ]

    def __str__(self) -> str:
        return f"checkpoint {self.tree_size}"
