"""The annual enforcement statistics (年度行政执法统计年报, legal-rules A-27 / F-01): one report per
agency, year and version, with one line per category. A published version is never changed; a
correction is a new version and the old one stays public as history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sanxiang.annual_reports.enums import LineSource, ReportState
from sanxiang.catalog.enums import ItemCategory


class Report(models.Model):
    agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveIntegerField(_("version"), default=1)
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.DRAFT
    )
    due = models.DateField(_("due"))
    due_rule = models.CharField(max_length=300)
    correction_reason = models.CharField(_("reason of the correction"), max_length=500, blank=True)
    # Breakdowns of the counted categories (e.g. simple and general penalties, the fines decided).
    breakdown = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    generated_at = models.DateTimeField()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # The published figures exactly as hashed: SHA-256 of their canonical JSON is ``digest``, and the
    # log entry that records the digest lets anyone check them (recordlog's public pages).
    figures = models.JSONField(default=dict, blank=True)
    digest = models.CharField(max_length=64, blank=True)
    log_entry = models.ForeignKey(
        "recordlog.Entry", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "version"], name="annual_report_unique_version"
            ),
            # One version in preparation per agency and year; generate and correct rely on it.
            models.UniqueConstraint(
                fields=["agency", "year"],
                condition=~Q(state="published"),
                name="annual_report_one_open_version",
            ),
        ]
        ordering = ("agency_id", "-year", "-version")

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year} v{self.version}"


class Line(models.Model):
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    category = models.CharField(_("category"), max_length=15, choices=ItemCategory.choices)
    power = models.BooleanField(_("has the power"))
    source = models.CharField(_("source"), max_length=8, choices=LineSource.choices)
    generated = models.PositiveIntegerField(_("counted from the data"), null=True, blank=True)
    count = models.PositiveIntegerField(_("number"), null=True, blank=True)
    reason = models.CharField(_("reason of the adjustment"), max_length=500, blank=True)
    note = models.CharField(_("where the number comes from"), max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "category"], name="annual_report_line_unique_category")
        ]
        ordering = ("report_id", "position")

    def __str__(self) -> str:
        return f"{self.report_id} {self.category}"

    @property
    def adjusted(self) -> bool:
        return self.source == LineSource.DATA and self.count is not None and self.count != self.generated


class OverdueNotice(models.Model):
    """One reminder per agency and year that its report was not published by the due date."""

    agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    due = models.DateField()
    noticed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="annual_report_one_overdue_notice")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year} overdue"
