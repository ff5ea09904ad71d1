"""Full verification of the record log, streaming: memory stays O(log n) however long the log.

One pass over the entries in sequence order:

* every leaf hash is recomputed from the stored canonical bytes, and every column is compared with
  what those bytes say (an edited column, edited bytes, a swapped or missing entry all show here);
* every stored subtree hash is compared with the one recomputed from the entries, using a compact
  range (one hash per level); a stored node is reported only when its own children agreed, so one
  flipped byte gives one precise problem rather than a cascade up the tree;
* at each checkpoint's size the recomputed root is compared with the signed root (a different root at
  the same size is a fork), the signature is checked, and the note is compared with its columns.
  Consecutive checkpoints whose roots both equal the recomputed ones are consistent by construction.
"""

from __future__ import annotations

import base64
import contextlib
import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from sanxiang.recordlog import coverage, crosscheck, merkle, queries, signing, triggers
from sanxiang.recordlog.actions import FORMAT
from sanxiang.recordlog.canonical import MAX_SAFE_INTEGER, dumps, parse_canonical
from sanxiang.recordlog.fastpath import (
    aware_time,
    canonical_text,
    leaf_hasher,
    node_hasher,
    quote,
    scan_json,
    sqlite_time,
)
from sanxiang.recordlog.level_stream import LevelStream
from sanxiang.recordlog.models import Checkpoint, Entry, Log, Node
from sanxiang.recordlog.report import Problem, Report

ENTRY_COLUMNS = (
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

# The raw rows streamed by verify_log: the primary key, then ENTRY_COLUMNS as the database gives them.
# On SQLite the two times are read as the stored text: Django's sqlite3 converter would otherwise
# parse each one into a datetime (in Python) only for it to be formatted again.
_ENTRY_SQL = (
    f"SELECT id, {', '.join(ENTRY_COLUMNS)} FROM {Entry._meta.db_table} "  # noqa: S608 (fixed names)
    "WHERE log_id = %s ORDER BY seq"
)
_ENTRY_SQL_SQLITE = _ENTRY_SQL.replace(
    "occurred_at, recorded_at", "CAST(occurred_at AS TEXT), CAST(recorded_at AS TEXT)"
)


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


def _show(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    # bytes that were not UTF-8 (read with surrogateescape) are shown escaped, never written raw
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= 80 else text[:77] + "..."


class _Verifier:
    def __init__(
        self,
        report: Report,
        log: Log,
        verifier: signing.Verifier | None,
        chunk_size: int,
        cursors: contextlib.ExitStack | None = None,
    ) -> None:
        self.report = report
        self.log = log
        self.alg = log.hash_alg
        self.verifier = verifier
        self.chunk_size = chunk_size
        self.cursors = cursors or contextlib.ExitStack()
        self.streams: dict[int, LevelStream] = {}
        self.node_hash = node_hasher(self.alg)
        self.leaf_hash = leaf_hasher(self.alg)
        self.constant_fields = f'"format":{quote(FORMAT)},"hash_alg":{quote(self.alg)}'
        utc_text = connection.vendor == "sqlite" and settings.USE_TZ and connection.timezone_name == "UTC"
        self.time_text: Callable[[Any], str] = sqlite_time if utc_text else aware_time
        # compact range with a "differs" flag per subtree: a mismatch below explains one above
        self.stack: list[tuple[int, bytes, bool]] = []
        self.size = 0
        self.wanted: set[int] = set()  # sizes of trusted roots given from outside
        self.roots: dict[int, bytes] = {}  # the recomputed roots at those sizes
        self.checkpoints = (
            Checkpoint.objects.filter(log=log)
            .order_by("tree_size")
            .values_list("tree_size", "root_hash", "signed_note", "key_name")
            .iterator(chunk_size=chunk_size)
        )
        self.next_checkpoint = next(self.checkpoints, None)

    # --- nodes -----------------------------------------------------------------------------------

    def stored(self, level: int, index: int) -> bytes | None:
        stream = self.streams.get(level)
        if stream is None:
            cursor = self.cursors.enter_context(connection.chunked_cursor())
            stream = self.streams[level] = LevelStream(cursor, self.log.pk, level, self.chunk_size)
        return stream.take(index)

    def compare_node(self, level: int, index: int, computed: bytes, below_differs: bool) -> bool:
        stream = self.streams.get(level)
        stored = stream.take(index) if stream is not None else self.stored(level, index)
        if stored is None:
            self.node_missing(level, index)
            return True
        self.report.nodes += 1
        if stored == computed:
            return below_differs
        if not below_differs:
            self.report.add(
                Problem(
                    "node_hash",
                    _(
                        "Node level %(level)s index %(index)s differs: stored %(stored)s, recomputed "
                        "from the entries %(computed)s."
                    )
                    % {"level": level, "index": index, "stored": stored.hex(), "computed": computed.hex()},
                    node=(level, index),
                )
            )
        return True

    def node_missing(self, level: int, index: int) -> None:
        self.report.add(
            Problem(
                "node_missing",
                _("Node level %(level)s index %(index)s is missing from the stored tree.")
                % {"level": level, "index": index},
                node=(level, index),
            )
        )

    def append_leaf(self, leaf: bytes, differs: bool, *, leaf_checked: bool = False) -> None:
        index = self.size
        streams, matched = self.streams, 0
        if not leaf_checked:
            stream = streams.get(0)
            if stream is not None and stream.matches(index, leaf):
                matched += 1
            else:
                differs = self.compare_node(0, index, leaf, differs)
        level, current = 0, leaf
        stack, node_hash = self.stack, self.node_hash
        while stack and stack[-1][0] == level:
            _level, left, left_differs = stack.pop()
            current = node_hash(left, current)
            level += 1
            differs = differs or left_differs
            stream = streams.get(level)
            if stream is not None and stream.matches(index >> level, current):
                matched += 1
            else:
                differs = self.compare_node(level, index >> level, current, differs)
        stack.append((level, current, differs))
        self.report.nodes += matched
        self.size += 1
        if self.size in self.wanted:  # a trusted root's size (usually none): keep the root there
            self.roots[self.size] = self.root()

    def root(self) -> bytes:
        if not self.stack:
            return merkle.empty_root(self.alg)
        return merkle.fold([value for _level, value, _differs in self.stack], self.alg)

    # --- entries ---------------------------------------------------------------------------------

    def quick_entry(self, row: tuple[Any, ...]) -> bytes | None:
        """The leaf hash of a raw entry row if its stored leaf hash and every column agree with its
        bytes and the bytes are canonical, else None (then ``entry`` finds and reports what differs).

        Instead of parsing the canonical bytes, the canonical serialisation that the columns imply
        is rebuilt (only the payload goes through ``json``) and compared with the stored bytes: equal
        bytes mean the bytes are canonical and every column says what they say, which is exactly
        what ``entry`` checks. Anything unusual falls through to ``entry``.
        """
        canonical = row[12]
        if type(canonical) is not bytes:
            if not isinstance(canonical, memoryview | bytearray):
                return None  # text or NULL where bytes belong: ``entry`` reports it
            canonical = bytes(canonical)
        leaf = self.leaf_hash(canonical)
        if leaf != row[13]:
            return None
        try:
            expected = self.implied_bytes(row)
        except Exception:
            return None
        return leaf if expected == canonical else None

    def implied_bytes(self, row: tuple[Any, ...]) -> bytes:
        """The canonical bytes that the columns of a raw row imply (raises on anything unusual)."""
        (_pk, seq, kind, agency_id, subject_type, subject_id, actor_id, actor_label, occurred_at,
         recorded_at, payload_text, digest, _canonical, _leaf) = row  # fmt: skip
        if type(payload_text) is not str:
            raise TypeError("payload column is not JSON text")
        payload, end = scan_json(payload_text, 0)
        if end != len(payload_text):
            raise ValueError("more than one JSON value")
        if digest != (payload.get("digest", "") if type(payload) is dict else ""):
            raise ValueError("digest column")
        for number in (agency_id, actor_id):
            if number is not None and (
                type(number) is not int or not -MAX_SAFE_INTEGER <= number <= MAX_SAFE_INTEGER
            ):
                raise ValueError("unsafe integer")
        return (
            f'{{"actor":{{"id":{"null" if actor_id is None else actor_id},"label":{quote(actor_label)}}},'
            f'"agency_id":{"null" if agency_id is None else agency_id},{self.constant_fields},'
            f'"kind":{quote(kind)},"occurred_at":"{self.time_text(occurred_at)}",'
            f'"payload":{canonical_text(payload)},"recorded_at":"{self.time_text(recorded_at)}",'
            f'"seq":{seq},"subject":{{"id":{quote(subject_id)},"type":{quote(subject_type)}}}}}'
        ).encode()

    def entry(self, row: tuple[Any, ...]) -> tuple[bytes, bool]:
        """Check one entry; return its recomputed leaf hash and whether anything about it differs."""
        values = dict(zip(ENTRY_COLUMNS, row, strict=True))
        seq = values["seq"]
        before = self.report.problem_count
        canonical = self.blob(seq, "canonical", values["canonical"])
        stored_leaf = self.blob(seq, "leaf_hash", values["leaf_hash"])
        leaf = merkle.leaf_hash(canonical, self.alg)
        if leaf != stored_leaf:
            self.report.add(
                Problem(
                    "entry_leaf_hash",
                    _(
                        "Entry %(seq)s: its stored leaf hash %(stored)s is not the hash of its canonical bytes %(computed)s."
                    )
                    % {"seq": seq, "stored": stored_leaf.hex(), "computed": leaf.hex()},
                    seq=seq,
                )
            )
        document, canonical_form = parse_canonical(canonical)
        if not canonical_form:
            self.report.add(
                Problem(
                    "entry_not_canonical",
                    _("Entry %(seq)s: its stored bytes are not canonical JSON.") % {"seq": seq},
                    seq=seq,
                )
            )
            if document is None:  # not even JSON without floats: read what can be read
                try:
                    document = json.loads(canonical.decode("utf-8"))
                except (ValueError, UnicodeDecodeError):
                    document = None
        if not isinstance(document, dict):
            return leaf, True
        self.compare_columns(seq, values, document)
        return leaf, self.report.problem_count != before

    def blob(self, seq: int, name: str, value: Any) -> bytes:
        """A BLOB column's bytes; text (e.g. after an SQL ``replace()``) or NULL is reported, and the
        text's UTF-8 bytes (or nothing) are used so that the rest is still checked."""
        if isinstance(value, bytes | memoryview | bytearray):
            return bytes(value)
        self.report.add(
            Problem(
                "entry_column_type",
                _("Entry %(seq)s: column %(field)s holds %(type)s where bytes are expected.")
                % {"seq": seq, "field": name, "type": _("nothing") if value is None else _("text")},
                seq=seq,
            )
        )
        return str(value).encode("utf-8", "surrogateescape") if value is not None else b""

    def compare_columns(self, seq: int, values: dict[str, Any], document: dict[str, Any]) -> None:
        subject = document.get("subject") or {}
        actor = document.get("actor") or {}
        payload = document.get("payload")
        expected: list[tuple[str, Any, Any]] = [
            ("seq", values["seq"], document.get("seq")),
            ("kind", values["kind"], document.get("kind")),
            ("agency_id", values["agency_id"], document.get("agency_id")),
            ("subject_type", values["subject_type"], subject.get("type")),
            ("subject_id", values["subject_id"], subject.get("id")),
            ("actor_id", values["actor_id"], actor.get("id")),
            ("actor_label", values["actor_label"], actor.get("label")),
            ("occurred_at", signing.format_time(values["occurred_at"]), document.get("occurred_at")),
            ("recorded_at", signing.format_time(values["recorded_at"]), document.get("recorded_at")),
            (
                "digest",
                values["digest"],
                (payload or {}).get("digest", "") if isinstance(payload, dict) else "",
            ),
            ("hash_alg", self.alg, document.get("hash_alg")),
            ("format", FORMAT, document.get("format")),
        ]
        for name, stored, said in expected:
            if stored != said:
                self.column_problem(seq, name, stored, said)
        # serialised, not compared as Python values: 1, 1.0 and true are equal in Python
        if dumps(values["payload"]) != dumps(payload):
            self.column_problem(seq, "payload", values["payload"], payload)

    def column_problem(self, seq: int, name: str, stored: Any, said: Any) -> None:
        self.report.add(
            Problem(
                "entry_column",
                _("Entry %(seq)s: column %(field)s is %(stored)s but the canonical bytes say %(said)s.")
                % {"seq": seq, "field": name, "stored": _show(stored), "said": _show(said)},
                seq=seq,
            )
        )

    def unreadable(self, row: tuple[Any, ...], reason: str) -> None:
        self.report.add(
            Problem(
                "entry_unreadable",
                _("The entry stored as row %(id)s cannot be read: %(reason)s.")
                % {"id": row[0], "reason": reason},
            )
        )

    def fallback_leaf(self, row: tuple[Any, ...]) -> bytes:
        """The leaf of bytes that could not be checked, so that the tree above is still compared."""
        raw = row[12]
        data = raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else bytes(raw or b"")
        return merkle.leaf_hash(data, self.alg)

    def missing_entry(self, seq: int) -> None:
        self.report.add(Problem("entry_missing", _("Entry %(seq)s is missing.") % {"seq": seq}, seq=seq))
        # Carry on with the stored leaf so that the rest of the tree is still checked precisely.
        stored = self.stored(0, seq)
        if stored is None:
            self.node_missing(0, seq)
        else:
            self.report.nodes += 1
        self.append_leaf(stored or bytes(merkle.HASH_SIZE), stored is None, leaf_checked=True)

    # --- checkpoints -----------------------------------------------------------------------------

    def checkpoints_at(self, size: int) -> None:
        while self.next_checkpoint is not None and self.next_checkpoint[0] <= size:
            tree_size, root_hash, note, key_name = self.next_checkpoint
            self.next_checkpoint = next(self.checkpoints, None)
            if tree_size == size:
                self.checkpoint(tree_size, bytes(root_hash), note, key_name, self.root())

    def checkpoint(
        self, size: int, root_column: bytes, note: str, key_name: str, recomputed: bytes | None
    ) -> None:
        self.report.checkpoints += 1

        def problem(code: str, message: str) -> None:
            self.report.add(Problem(code, message, size=size))

        signed_root = root_column
        if self.verifier is None:
            problem(
                "checkpoint_key",
                _("Checkpoint at size %(size)s: no verifier key, so its signature was not checked.")
                % {"size": size},
            )
            body = None
            with contextlib.suppress(signing.NoteError):
                body = signing.parse_checkpoint_body(signing.split_note(note)[0])
        else:
            try:
                body = signing.parse_checkpoint_body(signing.open_note(note, self.verifier))
            except signing.NoteError as exc:
                problem(
                    "checkpoint_signature",
                    _("Checkpoint at size %(size)s: the signature does not verify (%(reason)s).")
                    % {"size": size, "reason": str(exc)},
                )
                body = None
        if body is not None:
            signed_root = body.root
            said = [
                ("origin", self.log.origin, body.origin),
                ("tree_size", size, body.size),
                ("root_hash", _b64(root_column), _b64(body.root)),
                ("hash", self.alg, body.hash_alg),
                ("key_name", key_name, self.verifier.name if self.verifier else key_name),
            ]
            for name, stored, in_note in said:
                if stored != in_note:
                    problem(
                        "checkpoint_note",
                        _(
                            "Checkpoint at size %(size)s: column %(field)s is %(stored)s but the signed note says %(said)s."
                        )
                        % {"size": size, "field": name, "stored": stored, "said": in_note},
                    )
        if recomputed is None:
            problem(
                "checkpoint_beyond_log",
                _("Checkpoint at size %(size)s covers more entries than the log has (%(entries)s).")
                % {"size": size, "entries": self.size},
            )
        elif signed_root != recomputed:
            problem(
                "checkpoint_root",
                _(
                    "Checkpoint at size %(size)s signs root %(signed)s, but the entries give %(computed)s: "
                    "the signed history and the stored one have forked, and it is inconsistent with every "
                    "other checkpoint."
                )
                % {"size": size, "signed": signed_root.hex(), "computed": recomputed.hex()},
            )

    def finish(self) -> None:
        while self.next_checkpoint is not None:
            tree_size, root_hash, note, key_name = self.next_checkpoint
            self.next_checkpoint = next(self.checkpoints, None)
            self.checkpoint(tree_size, bytes(root_hash), note, key_name, None)
        # Stored nodes that no entry accounts for (e.g. after the last entries were deleted).
        top = Node.objects.filter(log=self.log).aggregate(top=Max("level"))["top"]
        for level in range(-1 if top is None else top + 1):
            first_extra = self.size >> level
            extra = (
                Node.objects.filter(log=self.log, level=level, index__gte=first_extra)
                .order_by("index")
                .values_list("index", flat=True)
            )
            for index in extra[:10]:
                self.report.add(
                    Problem(
                        "node_extra",
                        _("Node level %(level)s index %(index)s is stored but no entry accounts for it.")
                        % {"level": level, "index": index},
                        node=(level, index),
                    )
                )


# Checks of the files that entries name by digest (evidence blobs, issued documents), registered by
# the apps that store them, since recordlog imports no other app. ``checker(report)`` adds a Problem
# naming each file that differs or is missing, and returns how many files it re-hashed.
FileChecker = Callable[[Report], int]
FILE_CHECKERS: list[FileChecker] = []


def register_file_checker(checker: FileChecker) -> FileChecker:
    if checker not in FILE_CHECKERS:
        FILE_CHECKERS.append(checker)
    return checker


def verify_log(
    *,
    verifier_key: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    max_problems: int = 1000,
    chunk_size: int = 5000,
    trusted: Sequence[coverage.TrustedRoot] = (),
) -> Report:
    """Check everything; ``progress(done, total)`` is called as entries stream by. ``trusted`` are
    roots known from outside the database (a published or witnessed checkpoint): the log must have
    had each one at its size. Whatever the stored data, problems are reported, never raised."""
    log = queries.get_log()
    report = Report(origin=log.origin, hash_alg=log.hash_alg, max_problems=max_problems)
    verifier: signing.Verifier | None
    try:
        verifier = signing.parse_verifier_key(verifier_key or signing.verifier_key(log.origin))
    except signing.SigningKeyMissing:
        verifier = None
    total = Entry.objects.filter(log=log).count()
    # PostgreSQL: named cursors inside a transaction stream from the server (outside one they are
    # WITH HOLD, i.e. materialised first). SQLite: no transaction, so appenders are not blocked.
    streaming = transaction.atomic() if connection.vendor == "postgresql" else contextlib.nullcontext()
    with streaming, contextlib.ExitStack() as cursors, _tolerant_text():
        check = _Verifier(report, log, verifier, chunk_size, cursors)
        check.wanted = {root.size for root in trusted}
        if 0 in check.wanted:
            check.roots[0] = check.root()
        check.checkpoints_at(0)
        rows = cursors.enter_context(connection.chunked_cursor())
        rows.execute(_ENTRY_SQL_SQLITE if connection.vendor == "sqlite" else _ENTRY_SQL, [log.pk])
        done = 0
        while chunk := rows.fetchmany(chunk_size):
            for row in chunk:
                seq = row[1]
                if type(seq) is not int:
                    check.unreadable(row, _("its sequence number is %(value)s") % {"value": _show(seq)})
                    continue
                while check.size < seq:
                    check.missing_entry(check.size)
                    check.checkpoints_at(check.size)
                leaf = check.quick_entry(row)
                if leaf is not None:
                    check.append_leaf(leaf, False)
                else:
                    try:
                        leaf, differs = check.entry(_converted(row[0]))
                    except Exception as exc:  # a column no reading makes sense of: reported, not raised
                        check.unreadable(row, _show(str(exc)))
                        leaf, differs = check.fallback_leaf(row), True
                    check.append_leaf(leaf, differs)
                report.entries += 1
                done += 1
                if check.next_checkpoint is not None and check.next_checkpoint[0] <= check.size:
                    check.checkpoints_at(check.size)
                if progress is not None and (done % chunk_size == 0 or done == total):
                    progress(done, total)
        check.finish()
        report.tree_size = check.size
        report.root = check.root()
        coverage.check_trusted(report, list(trusted), check.roots)
    for name, extra in (
        ("coverage", lambda: coverage.check_tail(report, log)),
        ("handed_out", lambda: coverage.check_handed_out(report, log)),
        ("rows", lambda: crosscheck.check_rows(report)),
        ("triggers", lambda: _check_triggers(report)),
    ):
        try:
            with _read_guard(), _tolerant_text():
                extra()
        except Exception as exc:
            report.add(
                Problem(
                    "check_failed",
                    _("The %(check)s check could not run: %(reason)s")
                    % {"check": name, "reason": _show(str(exc))},
                )
            )
    for checker in FILE_CHECKERS:
        report.files += checker(report)
    return report


def _read_guard() -> Any:
    """PostgreSQL: a savepoint, so that a failed query does not abort the caller's transaction.
    SQLite: nothing — an error leaves its transaction usable, and a transaction here would take the
    write lock (IMMEDIATE) and hold up every appender for the whole check."""
    return transaction.atomic() if connection.vendor == "postgresql" else contextlib.nullcontext()


def _check_triggers(report: Report) -> None:
    messages = {
        "trigger_missing": _("The append-only trigger %(name)s on %(table)s is missing."),
        "trigger_disabled": _("The append-only trigger %(name)s on %(table)s is disabled."),
        "trigger_altered": _(
            "The append-only trigger %(name)s on %(table)s is not the one installed by sanxiang."
        ),
    }
    report.triggers = sum(len(s.expected(connection.vendor)[0]) for s in triggers.REGISTRY)
    for found in triggers.check(connection):
        report.add(Problem(found.code, messages[found.code] % {"name": found.name, "table": found.table}))


@contextlib.contextmanager
def _tolerant_text() -> Iterator[None]:
    """On SQLite, text that is not UTF-8 (written by hand) would stop the whole read with an error:
    read it with surrogate escapes instead, so that the entry holding it is reported."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    previous = raw.text_factory
    raw.text_factory = lambda data: data.decode("utf-8", "surrogateescape")
    try:
        yield
    finally:
        raw.text_factory = previous


def _converted(pk: int) -> tuple[Any, ...]:
    """An entry's columns as the ORM gives them, for the precise (slow) checks."""
    return tuple(Entry.objects.filter(pk=pk).values_list(*ENTRY_COLUMNS).get())
