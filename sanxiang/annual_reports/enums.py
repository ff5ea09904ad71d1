"""Choices of the annual reports app. Identifiers are English; the Chinese terms are the labels."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed")
    PUBLISHED = "published", _("Published")


class LineSource(models.TextChoices):
    DATA = "data", _("Counted from the platform's data")
    ENTERED = "entered", _("Entered by the agency")
