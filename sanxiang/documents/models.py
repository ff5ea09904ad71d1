"""Issued official documents, their numbers and the agencies' own templates.

A ``Document`` row is written once when issued and never edited except to mark it superseded by
its next version; its PDF and DOCX bytes live in the blob store under their SHA-256, which the record
log holds too. Numbers come from ``DocumentCounter`` rows locked while a number is taken."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sanxiang.documents.kinds import KINDS


class DocumentCounter(models.Model):
    """The last serial issued per agency, kind and year. ``numbering.next_serial`` locks the row
    (``select_for_update``) while it takes the next one, so concurrent issues queue here."""

    agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind", "year"], name="unique_document_counter")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.kind} {self.year} {self.last}"


class Document(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="documents")
    agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, related_name="+")
    # No ``choices``: the kinds live in ``documents.kinds`` (apps register more), and the actions
    # validate against it, so a new kind needs no migration.
    kind = models.CharField(_("document kind"), max_length=40)
    year = models.PositiveSmallIntegerField()
    serial = models.PositiveIntegerField()
    number = models.CharField(_("document number"), max_length=80)
    version = models.PositiveIntegerField(_("version"), default=1)
    # The act of the case it was issued for (the latest act when issued), for the case file.
    act = models.ForeignKey("cases.Act", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    values = models.JSONField(default=dict)  # every field as rendered, case data and officer texts
    template = models.ForeignKey(
        "documents.DocumentTemplate", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The issued bytes, content-addressed in the evidence blob store; their SHA-256 is in the log.
    pdf = models.ForeignKey("evidence.Blob", on_delete=models.PROTECT, related_name="+")
    docx = models.ForeignKey("evidence.Blob", on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason for re-issuing"), max_length=300, blank=True)
    superseded_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="supersedes"
    )
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    log_entry = models.ForeignKey("recordlog.Entry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["case", "kind", "serial", "version"]
        constraints = [
            # The database's guarantee behind numbering: one first version per serial, and one row
            # per version of a number (re-issues keep the number and take the next version).
            models.UniqueConstraint(
                fields=["agency", "kind", "year", "serial", "version"], name="unique_document_serial_version"
            ),
            models.UniqueConstraint(
                fields=["agency", "number", "version"], name="unique_document_number_version"
            ),
            models.UniqueConstraint(
                fields=["agency", "kind", "year", "serial"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_version_per_document",
            ),
        ]
        indexes = [models.Index(fields=["case", "kind"], name="document_by_case_kind")]

    def __str__(self) -> str:
        return f"{self.number} v{self.version}"

    @property
    def kind_title(self) -> str:
        kind = KINDS.get(self.kind)
        return str(kind.title) if kind else self.kind

    @property
    def current(self) -> bool:
        return self.superseded_at is None


class TemplateFormat(models.TextChoices):
    HTML = "html", _("HTML (for PDF)")
    DOCX = "docx", _("Word (.docx)")


class DocumentTemplate(models.Model):
    """An agency's own template for a kind. Rows are never changed: uploading a new one adds a row,
    the newest row per agency, kind and format is the one used, and the older rows are its history."""

    agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("document kind"), max_length=40)  # validated against documents.kinds
    format = models.CharField(_("format"), max_length=8, choices=TemplateFormat.choices)
    body = models.TextField(_("template (HTML)"), blank=True)
    docx = models.BinaryField(_("template (Word)"), blank=True, default=b"")
    sha256 = models.CharField("SHA-256", max_length=64)
    note = models.CharField(_("note"), max_length=300, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    log_entry = models.ForeignKey("recordlog.Entry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["agency", "kind", "format", "-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.kind} {self.format}"

    @property
    def kind_title(self) -> str:
        kind = KINDS.get(self.kind)
        return str(kind.title) if kind else self.kind
