"""Publication records (事后公开): one per published decision, with its redaction, deadline, public
period, withdrawal and corrections. Rows change only through ``publication.actions``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REDACTION = "redaction", _("Redaction")
    APPROVAL = "approval", _("Awaiting the head's approval")
    PUBLISHED = "published", _("Published")
    WITHHELD = "withheld", _("Withheld")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Public period over")
    REMOVED = "removed", _("Removed early after credit repair")


class DecisionKind(models.TextChoices):
    PENALTY = "penalty", _("Administrative penalty")
    LICENCE = "licence", _("Administrative licence")
    INSPECTION = "inspection", _("Administrative inspection")


class WithdrawalGround(models.TextChoices):
    CHANGED = "changed", _("The decision was changed")
    REVOKED = "revoked", _("The decision was revoked")
    ILLEGAL = "illegal", _("The decision was confirmed illegal")
    VOID = "void", _("The decision was confirmed void")


class CreditClass(models.TextChoices):
    """信用修复管理办法 (in force 2026-04-01, legal-rules A-26): the class of a breach sets how long it
    is public on the credit platform; which penalties fall in which class is policy."""

    MINOR = "minor", _("Minor breach")
    GENERAL = "general", _("General breach")
    SERIOUS = "serious", _("Serious breach")


class Record(models.Model):
    agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, related_name="+")
    # CASCADE, not PROTECT: a decided case is never deleted (its acts are append-only under the record
    # log's triggers); only the test purges of committed cases delete cases, and they must not trip here.
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="publication")
    decision_kind = models.CharField(_("decision type"), max_length=12, choices=DecisionKind.choices)
    state = models.CharField(_("state"), max_length=12, choices=RecordState.choices)
    # 谁办案、谁录入、谁负责 (市场监督管理行政处罚信息公示规定 Art. 16): the handler who made the decision.
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    summary = models.JSONField(_("summary"), default=dict)
    original_text = models.TextField(_("original text"), blank=True)
    masks = models.JSONField(default=list)  # [{start, end, category, reason, auto, by}] over original_text
    private_values = models.JSONField(default=list)  # [{category, value}] known from the case's data
    published_text = models.TextField(_("published text"), blank=True)
    published_digest = models.CharField(max_length=64, blank=True)
    party_name = models.CharField(_("party"), max_length=100, blank=True)  # as published (maybe masked)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    document_number = models.CharField(_("document number"), max_length=80, blank=True)
    search_text = models.TextField(blank=True)  # lower-cased, for the portal's substring search
    decided_on = models.DateField(_("decided on"))
    due = models.DateField(_("publication due"), null=True, blank=True)  # None: calendar not entered yet
    due_rule = models.CharField(max_length=20)
    due_citation = models.CharField(_("legal basis of the deadline"), max_length=300)
    due_explanation = models.CharField(max_length=300)
    public_until = models.DateField(_("public until"))
    period_rule = models.CharField(_("public period rule"), max_length=300)
    credit_class = models.CharField(_("credit class"), max_length=8, choices=CreditClass.choices, blank=True)
    withheld_reason = models.CharField(_("reason withheld"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    withdrawal_ground = models.CharField(max_length=12, choices=WithdrawalGround.choices, blank=True)
    withdrawal_reason = models.CharField(_("public reason of the withdrawal"), max_length=300, blank=True)
    withdrawal_due = models.DateField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    expired_at = models.DateTimeField(null=True, blank=True)
    # Early removal after credit repair (信用修复): kept internally like an expired item.
    removed_at = models.DateTimeField(null=True, blank=True)
    removal_reason = models.CharField(_("reason of the early removal"), max_length=300, blank=True)
    removal_citation = models.CharField(max_length=300, blank=True)
    # "summary" (the fields of the decision) or "full" (the whole redacted decision document).
    content = models.CharField(_("content published"), max_length=8, default="summary")
    # Character bigrams of the searchable text, for the portal's word index (2-character terms).
    search_grams = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            # The portal lists newest first: this order stops a search at its first page.
            models.Index(fields=["state", "-decided_on", "-id"], name="publication_portal_order"),
            models.Index(fields=["agency", "state"]),
            models.Index(fields=["credit_code"]),
            models.Index(fields=["document_number"]),
        ]

    def __str__(self) -> str:
        return f"{self.document_number or self.case_id} ({self.state})"

    @property
    def on_time(self) -> bool | None:
        if self.published_at is None or self.due is None:
            return None
        from django.utils import timezone

        return timezone.localdate(self.published_at) <= self.due


class Version(models.Model):
    """Each published text, kept when a correction replaces it: the public history."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    digest = models.CharField(max_length=64)
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["record", "number"], name="publication_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.record_id} v{self.number}"


class CorrectionState(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted: corrected")
    REJECTED = "rejected", _("Rejected")
    # Closed by the publication officer as an abuse request (security review 2026-12, finding 3).
    ABUSE = "abuse", _("Closed as an abuse request")


class Correction(models.Model):
    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="corrections")
    tracking_number = models.CharField(max_length=24, unique=True)
    requester = models.CharField(max_length=100)
    contact = models.CharField(max_length=100)
    evidence = models.TextField()
    request = models.TextField()
    state = models.CharField(max_length=10, choices=CorrectionState.choices, default=CorrectionState.OPEN)
    due = models.DateField()
    due_citation = models.CharField(max_length=300)
    response = models.TextField(blank=True)
    created_at = models.DateTimeField()
    handled_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.tracking_number


class OutboxState(models.TextChoices):
    PENDING = "pending", _("Waiting to be pushed")
    SENT = "sent", _("Pushed")
    FAILED = "failed", _("Gave up after the last retry")


class OutboxMessage(models.Model):
    """One event (published, withdrawn, corrected) to push to the configured platform. The key is
    sent as ``Idempotency-Key`` on every attempt, so a receiver that saw it before can ignore it."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="outbox")
    event = models.CharField(max_length=12)
    idempotency_key = models.CharField(max_length=80, unique=True)
    payload = models.JSONField()
    state = models.CharField(max_length=8, choices=OutboxState.choices, default=OutboxState.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return self.idempotency_key


class PushAttempt(models.Model):
    message = models.ForeignKey(OutboxMessage, on_delete=models.CASCADE, related_name="attempt_rows")
    at = models.DateTimeField()
    endpoint = models.CharField(max_length=300)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    milliseconds = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.message_id} @ {self.at}"
