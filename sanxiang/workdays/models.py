"""The official calendar: one row per day (workday or rest day, with the holiday's name) and one row
per year saying whether all its days have been entered. Arithmetic uses complete years only."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanxiang.core import clock


class Source(models.TextChoices):
    CHINESECALENDAR = "chinesecalendar", _("chinesecalendar package")
    MANUAL = "manual", _("Entered by an administrator")


class CalendarDay(models.Model):
    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("working day"))
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    note = models.CharField(_("note"), max_length=100, blank=True, default="")
    updated_at = models.DateTimeField(_("updated at"), default=clock.now)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {'班' if self.is_workday else '休'} {self.note}".strip()


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    complete = models.BooleanField(_("complete"), default=False)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    loaded_at = models.DateTimeField(_("loaded at"), null=True, blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self) -> str:
        return str(self.year)
