"""A fingerprint of everything the domain apps store, to prove that a refused request wrote nothing."""

from __future__ import annotations

import hashlib

from django.apps import apps
from django.db.models import Count, Max, Q

# Rows that a request may legitimately add even when refused: the sign-in audit trail and sessions.
IGNORED = {"accounts.loginattempt", "sessions.session"}
APPS = {
    "core",
    "catalog",
    "accounts",
    "auth",
    "cases",
    "workdays",
    "evidence",
    "documents",
    "casefiles",
    "legal_review",
    "publication",
    "annual_reports",
    "inbox",
}


# Large reference tables whose every write goes through an action that stamps ``updated_at``: an
# aggregate stands for their rows, which keeps the matrix from hashing 8,400 calendar days per request.
AGGREGATED = {"workdays.calendarday"}


def database_fingerprint() -> str:
    digest = hashlib.sha256()
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label_lower):
        label = model._meta.label_lower
        if model._meta.app_label not in APPS or label in IGNORED:
            continue
        digest.update(label.encode())
        if label in AGGREGATED:
            summary = model._default_manager.aggregate(
                rows=Count("pk"), latest=Max("updated_at"), workdays=Count("pk", filter=Q(is_workday=True))
            )
            digest.update(repr(sorted(summary.items())).encode())
            continue
        for row in model._default_manager.order_by("pk").values_list():
            digest.update(repr(row).encode())
    return digest.hexdigest()


def write_count() -> int:
    """Rows written so far on this connection, from the database's own counters: SQLite's
    ``total_changes()`` and PostgreSQL's per-transaction ``pg_stat_xact_user_tables`` (the tests run
    inside one transaction). Cheap, so a caller can hash the tables only when this number moved."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables"
            )
        else:
            cursor.execute("SELECT total_changes()")
        return int(cursor.fetchone()[0])


class Watch:
    """The fingerprint before and after each request, hashing the tables only when the database's
    write counters moved (most requests of the matrix write nothing)."""

    def __init__(self) -> None:
        self.fingerprint = database_fingerprint()
        self.writes = write_count()

    def step(self) -> tuple[str, str]:
        """(before, after) of the request just made; the after becomes the next request's before."""
        before = self.fingerprint
        writes = write_count()
        if writes != self.writes:
            self.writes = writes
            self.fingerprint = database_fingerprint()
        return before, self.fingerprint


def log_size() -> int:
    """Entries in the record log. Allowed reads of private data append to it (chain of custody), so
    it is left out of the fingerprint and compared on its own: a refused request appends nothing."""
    from sanxiang.recordlog.models import Entry

    return Entry.objects.count()
