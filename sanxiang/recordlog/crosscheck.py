"""Cross-check of the append-only domain tables against the record log (security review 2026-12, F5).

A case act, an evidence item, an issued document… is written with its record log entry in one
transaction, and the entry's canonical bytes (which ``verify`` proves against the signed tree) hold
the facts of the row. A row edited, deleted or added behind the application's back therefore shows
here: a row whose facts differ from its entry's payload, a row without its entry, an entry of a kind
that always has a row without one.

The tables are described by ``RowCheck``s (``crosscheck_rows``), each naming its model by label:
recordlog imports no other app, and a table of an app that is not installed is skipped. Entries are
read from their canonical bytes, never from the columns (the columns are checked by ``verify``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.utils.translation import gettext as _

from sanxiang.recordlog import signing
from sanxiang.recordlog.models import Entry
from sanxiang.recordlog.report import Problem, Report

CHUNK = 1000


@dataclass(frozen=True)
class Logged:
    """An entry as its canonical bytes say (None for a field the bytes lack or cannot say)."""

    pk: int
    seq: int
    kind: str
    document: dict[str, Any]

    @property
    def payload(self) -> dict[str, Any]:
        payload = self.document.get("payload")
        return payload if isinstance(payload, dict) else {}

    @property
    def actor_id(self) -> Any:
        actor = self.document.get("actor")
        return actor.get("id") if isinstance(actor, dict) else None

    @property
    def actor_label(self) -> Any:
        actor = self.document.get("actor")
        return actor.get("label") if isinstance(actor, dict) else None

    @property
    def subject_id(self) -> Any:
        subject = self.document.get("subject")
        return subject.get("id") if isinstance(subject, dict) else None


# (field of the row, value in the row, value in the entry)
Facts = list[tuple[str, Any, Any]]


@dataclass(frozen=True)
class RowCheck:
    """One domain table whose rows carry the facts of their entries.

    ``fields`` are read with ``values()`` (lookups such as ``blob__sha256`` allowed) and include
    ``link``, the row's entry id, if the table has one; ``where`` selects the rows that have an entry. ``facts(row, entry)`` lists what must agree. ``owns(entry)`` says
    whether an entry is of a kind that always has a row here, among ``kinds`` (exact kinds, or
    prefixes ending in "."). A row without ``link`` is matched, when ``key`` and ``index`` are given,
    to the entry whose ``index(entry)`` equals its ``key(row)``; otherwise it is reported.
    """

    label: str
    fields: tuple[str, ...]
    kinds: tuple[str, ...]
    facts: Callable[[dict[str, Any], Logged], Facts]
    owns: Callable[[Logged], bool] = lambda logged: True
    link: str | None = "log_entry_id"
    where: tuple[tuple[str, Any], ...] = ()  # filter of the rows that have an entry
    key: Callable[[dict[str, Any]], Any] | None = None
    index: Callable[[Logged], Any] | None = None


ROW_CHECKS: list[RowCheck] = []


def register(check: RowCheck) -> RowCheck:
    if all(known.label != check.label or known.kinds != check.kinds for known in ROW_CHECKS):
        ROW_CHECKS.append(check)
    return check


# --- reading entries -------------------------------------------------------------------------------


def _read(pk: int, seq: Any, kind: Any, canonical: Any) -> Logged | None:
    """The entry's document from its bytes; None when they are unreadable (``verify`` reports that)."""
    if isinstance(canonical, memoryview | bytearray):
        canonical = bytes(canonical)
    if not isinstance(canonical, bytes):
        return None
    try:
        document = json.loads(canonical.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(document, dict):
        return None
    return Logged(pk, seq if isinstance(seq, int) else -1, str(document.get("kind", kind)), document)


def entries_by_pk(pks: Iterable[int]) -> dict[int, Logged]:
    wanted = sorted({pk for pk in pks if pk is not None})
    found: dict[int, Logged] = {}
    for start in range(0, len(wanted), CHUNK):
        rows = Entry.objects.filter(pk__in=wanted[start : start + CHUNK]).values_list(
            "pk", "seq", "kind", "canonical"
        )
        for row in rows:
            logged = _read(*row)
            if logged is not None:
                found[logged.pk] = logged
    return found


def entries_of_kinds(kinds: tuple[str, ...]) -> Iterator[Logged]:
    """Every entry of the given kinds (a kind ending in "." is a prefix), in sequence order."""
    from django.db.models import Q

    condition = Q()
    for kind in kinds:
        condition |= Q(kind__startswith=kind) if kind.endswith(".") else Q(kind=kind)
    rows = Entry.objects.filter(condition).order_by("seq").values_list("pk", "seq", "kind", "canonical")
    for row in rows.iterator(chunk_size=CHUNK):
        logged = _read(*row)
        if logged is not None:
            yield logged


# --- comparing -------------------------------------------------------------------------------------


def same(row_value: Any, logged_value: Any) -> bool:
    """Equal as the entry writes values: times as ``signing.format_time``, the rest as JSON."""
    return _plain(row_value) == _plain(logged_value)


def _plain(value: Any) -> str:
    if isinstance(value, dt.datetime):
        try:
            value = signing.format_time(value)
        except (ValueError, TypeError):
            value = str(value)
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _show(value: Any) -> str:
    text = _plain(value)
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= 80 else text[:77] + "..."


def _table(check: RowCheck) -> str:
    return check.label.replace(".", "_").lower()


def run_row_check(report: Report, check: RowCheck) -> None:
    app_label, model_name = check.label.split(".")
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return  # the app is not installed here
    table = model._meta.db_table
    accounted: set[int] = set()
    unlinked: dict[Any, Logged] | None = None
    rows = model.objects.filter(**dict(check.where)).order_by("pk").values("pk", *check.fields)
    batch: list[dict[str, Any]] = []

    def flush(batch: list[dict[str, Any]]) -> None:
        nonlocal unlinked
        link = check.link
        logged_by_pk = entries_by_pk(row[link] for row in batch) if link else {}
        for row in batch:
            report.rows += 1
            entry_pk = row[link] if link else None
            logged = logged_by_pk.get(entry_pk) if entry_pk is not None else None
            if entry_pk is None and check.key is not None and check.index is not None:
                if unlinked is None:
                    index = check.index
                    unlinked = {index(e): e for e in entries_of_kinds(check.kinds) if index(e) is not None}
                logged = unlinked.get(check.key(row))
            if logged is None:
                report.add(
                    Problem(
                        "row_unlogged",
                        _("Row %(id)s of %(table)s has no record log entry that records it.")
                        % {"id": row["pk"], "table": table},
                    )
                )
                continue
            accounted.add(logged.pk)
            for name, in_row, in_entry in check.facts(row, logged):
                if not same(in_row, in_entry):
                    report.add(
                        Problem(
                            "row_differs",
                            _(
                                "Row %(id)s of %(table)s: %(field)s is %(row)s but its entry %(seq)s "
                                "records %(entry)s."
                            )
                            % {
                                "id": row["pk"],
                                "table": table,
                                "field": name,
                                "row": _show(in_row),
                                "seq": logged.seq,
                                "entry": _show(in_entry),
                            },
                            seq=logged.seq,
                        )
                    )

    for row in rows.iterator(chunk_size=CHUNK):
        batch.append(row)
        if len(batch) >= CHUNK:
            flush(batch)
            batch = []
    if batch:
        flush(batch)
    for logged in entries_of_kinds(check.kinds):
        if check.owns(logged) and logged.pk not in accounted:
            report.add(
                Problem(
                    "row_missing",
                    _("Entry %(seq)s (%(kind)s) records a row of %(table)s that is not there.")
                    % {"seq": logged.seq, "kind": logged.kind, "table": table},
                    seq=logged.seq,
                )
            )


def check_rows(report: Report) -> None:
    """Run every registered RowCheck; a check that cannot run is a problem, never a crash."""
    from sanxiang.recordlog import crosscheck_rows

    assert crosscheck_rows.CHECKS  # registers the installation's tables
    for check in ROW_CHECKS:
        try:
            # PostgreSQL: a savepoint, so that a failed query does not abort the caller's transaction
            # (SQLite needs none, and would take the write lock for it: IMMEDIATE transactions).
            guard = transaction.atomic() if connection.vendor == "postgresql" else contextlib.nullcontext()
            with guard:
                run_row_check(report, check)
        except Exception as exc:  # a wrongly typed column must give a report, not a traceback
            report.add(
                Problem(
                    "row_check_failed",
                    _("The rows of %(table)s could not be compared with their entries: %(reason)s")
                    % {"table": _table(check), "reason": _show(str(exc))},
                )
            )
