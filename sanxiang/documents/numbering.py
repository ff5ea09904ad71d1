"""Document numbers (文号) like 东市监罚〔2026〕7号: the issuer's abbreviation, the kind's series,
the year in 〔〕 (GB/T 9704-2012 §7.2.4: 六角括号) and a running serial per agency, kind and year.

No gaps and no duplicates: the counter row is locked (``select_for_update``) for the rest of the
issuing transaction, so a second issuer waits until the first commits or rolls back; a rolled-back
issue rolls its increment back with it, so no number is skipped. The unique constraints on
``Document`` are the last line of defence."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from sanxiang.catalog.models import Agency
from sanxiang.core import policy
from sanxiang.documents.kinds import DocumentKind
from sanxiang.documents.models import DocumentCounter


def next_serial(agency: Agency, kind: str, year: int) -> int:
    """Must run inside the issuing transaction (the lock is held until it ends)."""
    assert transaction.get_connection().in_atomic_block, "take a number inside the issuing transaction"
    counter = DocumentCounter.objects.select_for_update().filter(agency=agency, kind=kind, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                DocumentCounter.objects.create(agency=agency, kind=kind, year=year, last=0)
        except IntegrityError:
            pass  # a concurrent first issue of the year created it: lock theirs
        counter = DocumentCounter.objects.select_for_update().get(agency=agency, kind=kind, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def issuer_abbreviation(agency: Agency) -> str:
    configured = str(policy.value("documents.issuer_abbreviation", agency.policy_scopes()) or "").strip()
    return configured or agency.short_name or agency.name


def format_number(agency: Agency, kind: DocumentKind, year: int, serial: int) -> str:
    return f"{issuer_abbreviation(agency)}{kind.series}〔{year}〕{serial}号"
