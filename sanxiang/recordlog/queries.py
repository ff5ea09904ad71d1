"""Reads of the record log. Everything here is public by design except the payloads, which the
caller (API, pages) decides to show or not: the log is meant to be verified by anyone.

Roots and proofs are assembled from the stored perfect-subtree hashes (``Node``): each needs
O(log n) of them, fetched in one query.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sanxiang.core import clock
from sanxiang.core.errors import Invalid, NotVisible
from sanxiang.recordlog import merkle
from sanxiang.recordlog.models import Checkpoint, Entry, Log, Node

LOG_PK = 1


def get_log() -> Log:
    """The installation's log, created on first use with the settings of that moment. Its hash
    algorithm is never changed afterwards (the database refuses updates to the row)."""
    log, _created = Log.objects.get_or_create(
        pk=LOG_PK,
        defaults={
            "origin": settings.RECORDLOG_ORIGIN,
            "hash_alg": settings.RECORDLOG_HASH,
            "created_at": clock.now(),
        },
    )
    return log


def latest_checkpoint() -> Checkpoint | None:
    return Checkpoint.objects.filter(log_id=LOG_PK).order_by("-tree_size").first()


def checkpoints() -> QuerySet[Checkpoint]:
    return Checkpoint.objects.filter(log_id=LOG_PK).order_by("tree_size")


def checkpoint_at(size: int) -> Checkpoint | None:
    return Checkpoint.objects.filter(log_id=LOG_PK, tree_size=size).first()


def entry_at(seq: int) -> Entry:
    entry = Entry.objects.filter(log_id=LOG_PK, seq=seq).first()
    if entry is None:
        raise NotVisible("recordlog_no_entry", _("The record log has no entry %(seq)s.") % {"seq": seq})
    return entry


def entries_for_subject(subject_type: str, subject_id: str | int) -> QuerySet[Entry]:
    return Entry.objects.filter(
        log_id=LOG_PK, subject_type=subject_type, subject_id=str(subject_id)
    ).order_by("seq")


def entries_with_digest(hex_digest: str) -> QuerySet[Entry]:
    return Entry.objects.filter(log_id=LOG_PK, digest=hex_digest.strip().lower()).order_by("seq")


_ENTRY_TABLE = Entry._meta.db_table
_NODE_TABLE = Node._meta.db_table
# max(seq) is one step down the (log_id, seq) unique index on SQLite and PostgreSQL.
_SIZE_SQL = f"SELECT COALESCE(MAX(seq) + 1, 0) FROM {_ENTRY_TABLE} WHERE log_id = %s"  # noqa: S608
_SIZE_BRANCH = f"SELECT -1, COALESCE(MAX(seq) + 1, 0), NULL FROM {_ENTRY_TABLE} WHERE log_id = %s"  # noqa: S608
_LEVEL_BRANCH = (
    f'SELECT level, "index", hash FROM {_NODE_TABLE} WHERE log_id = %s AND level = %s AND "index" IN '  # noqa: S608
)
# Sizes beyond this are refused before any node is looked up (no log gets near it).
_LARGEST_SIZE = 2**53


def tree_size() -> int:
    with connection.cursor() as cursor:
        cursor.execute(_SIZE_SQL, [LOG_PK])
        return int(cursor.fetchone()[0])


def _read_nodes(
    log_id: int, needed: Iterable[tuple[int, int]], *, with_size: bool
) -> tuple[int | None, dict[tuple[int, int], bytes]]:
    """(the tree size if asked for, the stored hashes of these perfect subtrees), in one query.

    Hand-written SQL: building the same query through the ORM costs more than the query itself,
    and proofs must stay within a few milliseconds. It is a UNION ALL of one branch per level, each
    ``log_id = ? AND level = ? AND index IN (...)``: equalities on the (log_id, level, index) unique
    index, so every node is one index look-up on SQLite and PostgreSQL whatever the statistics say.
    """
    by_level: dict[int, list[int]] = {}
    for level, index in needed:
        by_level.setdefault(level, []).append(index)
    branches, params = [], []
    if with_size:
        branches.append(_SIZE_BRANCH)
        params.append(log_id)
    for level, indexes in sorted(by_level.items()):
        branches.append(f"{_LEVEL_BRANCH}({', '.join(['%s'] * len(indexes))})")
        params.extend([log_id, level, *indexes])
    if not branches:
        return None, {}
    size, found = None, {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(branches), params)
        for level, index, value in cursor.fetchall():
            if level == -1:
                size = int(index)
            else:
                found[(level, index)] = bytes(value)
    return size, found


def fetch_nodes(log: Log, needed: Iterable[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
    """The stored hashes of these perfect subtrees, in one query."""
    return _read_nodes(log.pk, needed, with_size=False)[1]


class TreeDamaged(RuntimeError):
    """A stored subtree hash that a proof needs is missing: run ``sanxiang recordlog verify``."""


def _subtree(found: dict[tuple[int, int], bytes]) -> merkle.Subtree:
    def subtree(level: int, index: int) -> bytes:
        try:
            return found[(level, index)]
        except KeyError:
            raise TreeDamaged(f"stored node level {level} index {index} is missing") from None

    return subtree


def _check_size(size: int, current: int, field: str = "size") -> None:
    if not 0 <= size <= current:
        raise Invalid(
            "recordlog_bad_size",
            _("The tree size must be between 0 and %(current)s.") % {"current": current},
            field=field,
        )


def _ranges_hashes(log: Log, ranges: list[tuple[int, int]], size: int, field: str = "size") -> list[bytes]:
    """The hashes of these ranges of the tree of ``size``, after checking that the log has that many
    entries: the current size and every node come from one query."""
    current, found = _read_nodes(log.pk, merkle.nodes_for(ranges), with_size=True)
    _check_size(size, current or 0, field)
    subtree = _subtree(found)
    return [merkle.range_hash(start, end, subtree, log.hash_alg) for start, end in ranges]


def root_at(size: int, *, log: Log | None = None) -> bytes:
    log = log or get_log()
    if not 0 <= size <= _LARGEST_SIZE:
        _check_size(size, tree_size())
    if size == 0:
        return merkle.empty_root(log.hash_alg)
    return _ranges_hashes(log, [(0, size)], size)[0]


def inclusion_proof(seq: int, size: int, *, log: Log | None = None) -> list[bytes]:
    log = log or get_log()
    if not (0 <= size <= _LARGEST_SIZE and 0 <= seq < size):
        _check_size(size, tree_size())
        raise Invalid(
            "recordlog_bad_seq",
            _("Entry %(seq)s is not in the tree of size %(size)s.") % {"seq": seq, "size": size},
            field="seq",
        )
    return _ranges_hashes(log, merkle.inclusion_ranges(seq, size), size)


def consistency_proof(old: int, new: int, *, log: Log | None = None) -> list[bytes]:
    log = log or get_log()
    if not (0 <= new <= _LARGEST_SIZE and 0 <= old <= new):
        _check_size(new, tree_size(), "new")
        raise Invalid(
            "recordlog_bad_size",
            _("The old tree size must be between 0 and the new one (%(new)s).") % {"new": new},
            field="old",
        )
    return _ranges_hashes(log, merkle.consistency_ranges(old, new), new, "new")


def verifier_key_text() -> str:
    """The public verifier key outsiders use to check checkpoints (``<name>+<id>+<key>``)."""
    from sanxiang.recordlog import signing

    return signing.verifier_key(get_log().origin)
