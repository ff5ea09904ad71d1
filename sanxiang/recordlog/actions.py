"""The only code that writes the record log.

``append`` runs inside the caller's transaction, so an act and its record commit or vanish together.
Appends are serialised by locking the log row (PostgreSQL) or by SQLite's IMMEDIATE transactions,
so sequence numbers are gapless and the tree never forks.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import connection, models, transaction
from django.utils.translation import gettext as _

from sanxiang.core import clock
from sanxiang.core.errors import Invalid, WrongState
from sanxiang.recordlog import merkle, queries, signing
from sanxiang.recordlog.canonical import NotCanonical, canonical_json
from sanxiang.recordlog.models import Checkpoint, Entry, Log, Node

FORMAT = "sanxiang-recordlog/1"  # provenance of the canonical form; bump on any change to it
SYSTEM_ACTOR = "system"
HEX_DIGEST = re.compile(r"[0-9a-f]{32,128}")
KIND = re.compile(r"[a-z][a-z0-9_.\-]{0,99}")


def _subject(subject: Any) -> tuple[str, str]:
    if subject is None:
        return "", ""
    if isinstance(subject, models.Model):
        if subject.pk is None:
            raise Invalid(
                "recordlog_subject", _("The subject of a record must be saved first."), field="subject"
            )
        return subject._meta.label_lower, str(subject.pk)
    if isinstance(subject, tuple) and len(subject) == 2 and all(isinstance(p, str | int) for p in subject):
        return str(subject[0]), str(subject[1])
    raise Invalid(
        "recordlog_subject",
        _("The subject of a record is a saved object, a (type, id) pair or nothing."),
        field="subject",
    )


def _actor(actor: Any) -> tuple[int | None, str]:
    """A person (``pk`` and ``str()``), a non-person principal named by a string (``"token:ab12"``),
    or the system (None, or an object without a primary key such as an anonymous user)."""
    if isinstance(actor, str):
        label = actor.strip()
        if not label or len(label) > 300:
            raise Invalid("recordlog_actor", _("A principal's name is 1 to 300 characters."), field="actor")
        return None, label
    if actor is None or getattr(actor, "pk", None) is None:
        return None, SYSTEM_ACTOR
    return int(actor.pk), str(actor)[:300]


def _locked_log() -> Log:
    # PostgreSQL: waits for any other appender; SQLite ignores it (IMMEDIATE transactions already
    # hold the database's single write lock).
    try:
        return Log.objects.select_for_update().get(pk=queries.LOG_PK)
    except Log.DoesNotExist:
        queries.get_log()  # first use: create it (a concurrent creator makes this wait, then find it)
        return Log.objects.select_for_update().get(pk=queries.LOG_PK)


def append(
    *,
    kind: str,
    subject: Any,
    actor: Any,
    payload: dict[str, Any],
    occurred_at: dt.datetime,
    agency_id: int | None = None,
) -> Entry:
    """Record one act. ``subject`` is a saved model instance, a ``(type, id)`` pair or None;
    ``actor`` a user, a string naming a non-person principal (``"token:ab12"``) or None (the system).
    ``payload`` must be canonical-JSON-able (no floats: amounts as strings); a ``digest`` key, if
    present, is the lowercase hex digest of a file or document and is indexed."""
    if not isinstance(kind, str) or not KIND.fullmatch(kind):
        raise Invalid("recordlog_kind", _("The kind of a record is a short lowercase code."), field="kind")
    if not isinstance(payload, dict):
        raise Invalid("recordlog_payload", _("The payload of a record is a JSON object."), field="payload")
    if not isinstance(occurred_at, dt.datetime) or occurred_at.tzinfo is None:
        raise Invalid(
            "recordlog_occurred_at", _("The time of the act must be an aware datetime."), field="occurred_at"
        )
    if agency_id is not None and (isinstance(agency_id, bool) or not isinstance(agency_id, int)):
        raise Invalid("recordlog_agency", _("The agency of a record is given by its id."), field="agency_id")
    digest = payload.get("digest", "")
    if digest and not (isinstance(digest, str) and HEX_DIGEST.fullmatch(digest)):
        raise Invalid(
            "recordlog_digest",
            _("A payload digest is a lowercase hexadecimal string."),
            field="payload.digest",
        )
    subject_type, subject_id = _subject(subject)
    actor_id, actor_label = _actor(actor)

    with transaction.atomic():
        hash_alg, seq, siblings = _locked_edge()
        recorded_at = clock.now()
        document = {
            "format": FORMAT,
            "hash_alg": hash_alg,
            "seq": seq,
            "kind": kind,
            "agency_id": agency_id,
            "subject": {"type": subject_type, "id": subject_id},
            "actor": {"id": actor_id, "label": actor_label},
            "occurred_at": signing.format_time(occurred_at),
            "recorded_at": signing.format_time(recorded_at),
            "payload": payload,
        }
        try:
            canonical = canonical_json(document)
        except NotCanonical as exc:
            raise Invalid(
                "recordlog_payload",
                _("The payload cannot be recorded exactly: %(problem)s") % {"problem": str(exc)},
                field="payload",
            ) from exc
        leaf = merkle.leaf_hash(canonical, hash_alg)
        entry = Entry(
            log_id=queries.LOG_PK,
            seq=seq,
            kind=kind,
            agency_id=agency_id,
            subject_type=subject_type,
            subject_id=subject_id,
            actor_id=actor_id,
            actor_label=actor_label,
            occurred_at=occurred_at,
            recorded_at=recorded_at,
            payload=payload,
            digest=digest,
            canonical=canonical,
            leaf_hash=leaf,
        )
        _insert(entry, _new_nodes(hash_alg, seq, leaf, siblings))
    return entry


# --- the append path, in raw SQL: three statements per append ----------------------------------------
#
# 1. (PostgreSQL only) lock the log row: SELECT ... FOR UPDATE waits for any other appender. SQLite
#    needs no statement: the IMMEDIATE transaction already holds the database's single write lock.
# 2. the tree's size (max(seq) + 1, one step down the (log_id, seq) index) and the left siblings the
#    new leaf completes (one step down the (log_id, level, index) index each), in one statement read
#    after the lock, so it sees every committed append. On SQLite the log row (the hash algorithm)
#    comes with it.
# 3. the entry and its nodes: one INSERT ... RETURNING id for the entry, one multi-row INSERT for the
#    nodes (on PostgreSQL both in a single statement, the nodes in a data-modifying WITH).

_ENTRY_TABLE = Entry._meta.db_table
_NODE_TABLE = Node._meta.db_table
_LOG_TABLE = Log._meta.db_table
_ENTRY_COLUMNS = (
    "log_id",
    "seq",
    "kind",
    "agency_id",
    "subject_type",
    "subject_id",
    "actor_id",
    "actor_label",
    "occurred_at",
    "recorded_at",
    "payload",
    "digest",
    "canonical",
    "leaf_hash",
)
_MAX_LEVEL = 63  # seq is a signed 64-bit integer
# Size n = max(seq) + 1; the new leaf n completes a subtree at every level l < (trailing ones of n),
# whose left part is the stored node (l, (n >> l) - 1). Bit l of n is one of its trailing ones when
# n + 1 is a multiple of 2**(l + 1), i.e. when ((n + 1) >> (l + 1)) << (l + 1) = n + 1. The levels come
# from a constant list so that every look-up is an equality on the unique (log_id, level, index).
_EDGE_SQL = (  # noqa: S608 (fixed names and levels, values are parameters)
    "WITH size(n) AS (SELECT COALESCE(MAX(seq) + 1, 0) FROM {entry} WHERE log_id = %s), "
    "levels(l) AS (VALUES {levels}) "
    "{log_row}"
    "SELECT -1, size.n, NULL FROM size "
    'UNION ALL SELECT node.level, node."index", node.hash FROM size, levels, {node} node '
    "WHERE ((size.n + 1) >> (levels.l + 1)) << (levels.l + 1) = size.n + 1 "
    'AND node.log_id = %s AND node.level = levels.l AND node."index" = (size.n >> levels.l) - 1'
).format(
    entry=_ENTRY_TABLE,
    node=_NODE_TABLE,
    levels=", ".join(f"({level})" for level in range(_MAX_LEVEL)),
    log_row="{log_row}",
)
# SQLite reads the log row in the same statement (row type -2, the hash algorithm in the third column).
_EDGE_SQL_SQLITE = _EDGE_SQL.format(
    log_row=f"SELECT -2, 0, hash_alg FROM {_LOG_TABLE} WHERE id = %s UNION ALL "  # noqa: S608
)
_EDGE_SQL_OTHER = _EDGE_SQL.format(log_row="")
_LOCK_SQL = f"SELECT hash_alg FROM {_LOG_TABLE} WHERE id = %s FOR UPDATE"  # noqa: S608 (fixed names)


def _locked_edge() -> tuple[str, int, dict[int, bytes]]:
    """(hash algorithm, next seq, {level: left sibling hash}) read under the append lock."""
    sqlite = connection.vendor == "sqlite"
    with connection.cursor() as cursor:
        hash_alg = None
        if not sqlite:
            cursor.execute(_LOCK_SQL, [queries.LOG_PK])
            row = cursor.fetchone()
            if row is None:  # first use: create it (a concurrent creator makes this wait, then find it)
                queries.get_log()
                cursor.execute(_LOCK_SQL, [queries.LOG_PK])
                row = cursor.fetchone()
            hash_alg = row[0]
            cursor.execute(_EDGE_SQL_OTHER, [queries.LOG_PK, queries.LOG_PK])
        else:
            cursor.execute(_EDGE_SQL_SQLITE, [queries.LOG_PK, queries.LOG_PK, queries.LOG_PK])
        size, siblings = 0, {}
        for kind, value, node_hash in cursor.fetchall():
            if kind == -2:
                hash_alg = node_hash
            elif kind == -1:
                size = value
            else:
                siblings[kind] = bytes(node_hash)
    if hash_alg is None:  # SQLite, first use: create the log row (under the write lock already)
        return queries.get_log().hash_alg, size, siblings
    return hash_alg, size, siblings


def _new_nodes(
    hash_alg: str, seq: int, leaf: bytes, siblings: dict[int, bytes]
) -> list[tuple[int, int, bytes]]:
    """Leaf ``seq`` and every perfect subtree it completes: while the index at a level is odd,
    combine with the left sibling and go up."""
    nodes = [(0, seq, leaf)]
    current, level = leaf, 0
    while (seq >> level) & 1:
        left = siblings.get(level)
        if left is None:
            raise queries.TreeDamaged(f"stored node level {level} index {(seq >> level) - 1} is missing")
        current = merkle.node_hash(left, current, hash_alg)
        level += 1
        nodes.append((level, seq >> level, current))
    return nodes


def _insert(entry: Entry, nodes: list[tuple[int, int, bytes]]) -> None:
    """Insert the entry and its nodes; give ``entry`` its primary key as if it had been saved."""
    ops = connection.ops
    values = [
        entry.log_id,
        entry.seq,
        entry.kind,
        entry.agency_id,
        entry.subject_type,
        entry.subject_id,
        entry.actor_id,
        entry.actor_label,
        ops.adapt_datetimefield_value(entry.occurred_at),
        ops.adapt_datetimefield_value(entry.recorded_at),
        _PAYLOAD_FIELD.get_db_prep_save(entry.payload, connection),
        entry.digest,
        entry.canonical,
        entry.leaf_hash,
    ]
    node_values = [
        value for level, index, node_hash in nodes for value in (entry.log_id, level, index, node_hash)
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_INSERT_BOTH_SQL[len(nodes)], [*node_values, *values])
            pk = cursor.fetchone()[0]
        else:
            cursor.execute(_INSERT_ENTRY_SQL, values)
            pk = cursor.fetchone()[0]
            cursor.execute(_INSERT_NODES_SQL[len(nodes)], node_values)
    entry.pk = pk
    entry._state.adding = False
    entry._state.db = connection.alias


_PAYLOAD_FIELD = Entry._meta.get_field("payload")
_INSERT_ENTRY_SQL = (
    f"INSERT INTO {_ENTRY_TABLE} ({', '.join(_ENTRY_COLUMNS)}) "  # noqa: S608 (fixed names, values are parameters)
    f"VALUES ({', '.join(['%s'] * len(_ENTRY_COLUMNS))}) RETURNING id"
)
# By the number of nodes (1 to 64): the leaf and the subtrees it completes.
_INSERT_NODES_SQL = [
    f'INSERT INTO {_NODE_TABLE} (log_id, level, "index", hash) VALUES '  # noqa: S608 (fixed names)
    + ", ".join(["(%s, %s, %s, %s)"] * count)
    for count in range(_MAX_LEVEL + 2)
]
_INSERT_BOTH_SQL = [f"WITH nodes AS ({nodes}) {_INSERT_ENTRY_SQL}" for nodes in _INSERT_NODES_SQL]


def make_checkpoint(*, force: bool = False) -> Checkpoint | None:
    """Sign (tree size, root, time) if the log grew since the last checkpoint, or if ``force``.

    With ``force`` and no growth the existing checkpoint of that size is returned (there is one per
    size). Before signing, the new root is proved consistent with the last signed one from the
    stored nodes, so the log never signs a fork of its own history.
    """
    signing.ensure_dev_key()
    key = signing.load_signing_key()
    with transaction.atomic():
        log = _locked_log()
        size = queries.tree_size()
        last = queries.latest_checkpoint()
        if last is not None and last.tree_size == size:
            return last if force else None
        if last is None and size == 0 and not force:
            return None
        if last is not None and last.tree_size > size:
            raise WrongState(
                "recordlog_damaged",
                _("The last checkpoint covers %(signed)s entries but the log has %(size)s: run verify.")
                % {"signed": last.tree_size, "size": size},
            )
        root = queries.root_at(size, log=log)
        if last is not None:
            proof = queries.consistency_proof(last.tree_size, size, log=log)
            try:
                merkle.verify_consistency(
                    last.tree_size, size, bytes(last.root_hash), root, proof, log.hash_alg
                )
            except merkle.InvalidProof as exc:
                raise WrongState(
                    "recordlog_damaged",
                    _(
                        "The log is not consistent with its checkpoint at size %(signed)s (%(reason)s): run verify."
                    )
                    % {"signed": last.tree_size, "reason": exc.reason},
                ) from exc
        now = clock.now()
        body = signing.checkpoint_body(log.origin, size, root, log.hash_alg, now)
        note = signing.sign_note(body, key_name=log.origin, key=key)
        return Checkpoint.objects.create(
            log=log, tree_size=size, root_hash=root, signed_note=note, key_name=log.origin, created_at=now
        )
