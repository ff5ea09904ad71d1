"""Case numbers (案件编号) like 东湖市监立〔2026〕12号: the agency's short name, the series (立 for
filed general-procedure cases, 简 for on-the-spot decisions, 检 for inspections), the year and a
running number. The counter row is locked while a number is taken, so two concurrent filings never
get the same number; the unique constraint on (agency, number) is the last line of defence."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from sanxiang.cases.models import CaseCounter
from sanxiang.catalog.models import Agency

SERIES = {"general": "立", "simple": "简", "inspection": "检", "licence": "许"}


def next_number(agency: Agency, year: int, series: str) -> str:
    with transaction.atomic():
        counter = (
            CaseCounter.objects.select_for_update().filter(agency=agency, year=year, series=series).first()
        )
        if counter is None:
            try:
                with transaction.atomic():
                    CaseCounter.objects.create(agency=agency, year=year, series=series, last=0)
            except IntegrityError:
                pass  # a concurrent first filing of the year created it: lock theirs
            counter = CaseCounter.objects.select_for_update().get(agency=agency, year=year, series=series)
        counter.last += 1
        counter.save(update_fields=["last"])
    prefix = agency.short_name or agency.name
    return f"{prefix}{series}〔{year}〕{counter.last}号"
