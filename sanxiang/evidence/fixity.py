"""Fixity (issue 3): stored files are re-hashed and compared with their address.

Two ways in: the nightly job (``run_fixity``) takes the files checked longest ago, within a budget
of bytes and files per night (policy settings), and raises an alert record — a ``FixityAlert`` row and
a record log entry — for each file that changed or is gone; and ``sanxiang recordlog verify``
re-hashes every file that a log entry names by its digest (``check_logged_blobs``, registered into
the record log's verifier), reporting each mismatch by its path.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from sanxiang.catalog.models import Region
from sanxiang.core import clock, policy
from sanxiang.evidence import blobs, sweep
from sanxiang.evidence.enums import FixityProblem
from sanxiang.evidence.models import Blob, FixityAlert
from sanxiang.recordlog import actions as recordlog
from sanxiang.recordlog.models import Entry


@dataclass
class FixityReport:
    checked: int = 0
    bytes: int = 0
    swept: int = 0  # left-over temporary files removed (sweep.sweep_orphans)
    alerts: list[FixityAlert] = field(default_factory=list)


def check_blob(blob: Blob) -> tuple[str, str] | None:
    """None when the file on disk still hashes to its address; else (problem, digest found)."""
    try:
        found = blobs.rehash(blob)
    except FileNotFoundError:
        return FixityProblem.MISSING, ""
    if not hmac.compare_digest(found, blob.sha256):
        return FixityProblem.MISMATCH, found
    return None


def relative_path(blob: Blob) -> str:
    return str(blobs.blob_path(blob).relative_to(blobs.root()))


@transaction.atomic
def raise_alert(blob: Blob, problem: str, found: str) -> FixityAlert:
    """One alert per file and finding: the same damage found again next night is not a new alert."""
    existing = FixityAlert.objects.filter(blob=blob, problem=problem, found_digest=found).first()
    if existing is not None:
        return existing
    now = clock.now()
    path = relative_path(blob)
    entry = recordlog.append(
        kind="evidence.fixity_alert",
        subject=blob,
        actor=None,
        payload={"digest": blob.sha256, "problem": problem, "found": found, "path": path, "size": blob.size},
        occurred_at=now,
    )
    return FixityAlert.objects.create(
        blob=blob, problem=problem, found_digest=found, path=path, detected_at=now, log_entry=entry
    )


def _queue() -> Iterator[Blob]:
    # Never checked first, then the longest ago (index evidence_blob_fixity_order).
    yield from Blob.objects.filter(checked_at__isnull=True).order_by("id").iterator(chunk_size=500)
    started = clock.now()
    yield from (
        Blob.objects.filter(checked_at__lt=started)
        .order_by(F("checked_at").asc(), "id")
        .iterator(chunk_size=500)
    )


def _store_scopes() -> list[str]:
    """The store serves the whole installation: its budget is set on the top region(s)."""
    return [
        f"region:{pk}"
        for pk in Region.objects.filter(parent__isnull=True).order_by("pk").values_list("pk", flat=True)
    ]


def run_fixity(*, max_bytes: int | None = None, max_blobs: int | None = None) -> FixityReport:
    """Re-hash stored files, oldest check first, until a budget is spent (at least one file)."""
    scopes = _store_scopes()
    if max_bytes is None:
        max_bytes = int(policy.value("evidence.fixity_bytes_per_run", scopes))
    if max_blobs is None:
        max_blobs = int(policy.value("evidence.fixity_blobs_per_run", scopes))
    report = FixityReport()
    report.swept = sweep.sweep_orphans(occasion="nightly fixity").removed
    seen: set[int] = set()
    for blob in _queue():
        if blob.pk in seen:
            continue
        if report.checked >= max_blobs or (report.checked and report.bytes + blob.size > max_bytes):
            break
        seen.add(blob.pk)
        finding = check_blob(blob)
        report.checked += 1
        report.bytes += blob.size
        if finding is not None:
            report.alerts.append(raise_alert(blob, *finding))
        Blob.objects.filter(pk=blob.pk).update(checked_at=clock.now())
    return report


def check_logged_blobs(report: Any) -> int:
    """For ``sanxiang recordlog verify``: re-hash every stored file a log entry names by digest and
    add a problem naming the file for each one that differs or is missing."""
    from sanxiang.recordlog.verify import Problem

    digests = Entry.objects.exclude(digest="").values_list("digest", flat=True).distinct()
    checked = 0
    for blob in Blob.objects.filter(sha256__in=digests).order_by("id").iterator(chunk_size=500):
        checked += 1
        finding = check_blob(blob)
        if finding is None:
            continue
        problem, found = finding
        path = blobs.blob_path(blob)
        if problem == FixityProblem.MISSING:
            message = _("Stored file %(path)s is missing.") % {"path": path}
        else:
            message = _("Stored file %(path)s has changed: its SHA-256 is now %(found)s.") % {
                "path": path,
                "found": found,
            }
        report.add(Problem(f"blob_{problem}", message))
    return checked
