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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext as _

from sanxiang.recordlog import merkle, queries, signing
from sanxiang.recordlog.actions import FORMAT
from sanxiang.recordlog.canonical import dumps, parse_canonical
from sanxiang.recordlog.models import Checkpoint, Entry, Log, Node

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


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    seq: int | None = None
    size: int | None = None
    node: tuple[int, int] | None = None

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


@dataclass
class Report:
    origin: str
    hash_alg: str
    entries: int = 0
    nodes: int = 0
    checkpoints: int = 0
    tree_size: int = 0
    root: bytes = b""
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    max_problems: int = 1000

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def add(self, problem: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < self.max_problems:
            self.problems.append(problem)


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


def _show(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else text[:77] + "..."


class _LevelStream:
    """The stored nodes of one level in index order, read lazily in chunks."""

    def __init__(self, log: Log, level: int, chunk_size: int) -> None:
        self._rows: Iterator[tuple[int, Any]] = (
            Node.objects.filter(log=log, level=level)
            .order_by("index")
            .values_list("index", "hash")
            .iterator(chunk_size=chunk_size)
        )
        self._head: tuple[int, bytes] | None = None
        self._advance()

    def _advance(self) -> None:
        row = next(self._rows, None)
        self._head = None if row is None else (row[0], bytes(row[1]))

    def take(self, index: int) -> bytes | None:
        """The stored hash at ``index``, or None if it is missing."""
        while self._head is not None and self._head[0] < index:
            self._advance()  # cannot happen with a unique (level, index); skip defensively
        if self._head is not None and self._head[0] == index:
            value = self._head[1]
            self._advance()
            return value
        return None


class _Verifier:
    def __init__(self, report: Report, log: Log, verifier: signing.Verifier | None, chunk_size: int) -> None:
        self.report = report
        self.log = log
        self.alg = log.hash_alg
        self.verifier = verifier
        self.chunk_size = chunk_size
        self.streams: dict[int, _LevelStream] = {}
        # compact range with a "differs" flag per subtree: a mismatch below explains one above
        self.stack: list[tuple[int, bytes, bool]] = []
        self.size = 0
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
            stream = self.streams[level] = _LevelStream(self.log, level, self.chunk_size)
        return stream.take(index)

    def compare_node(self, level: int, index: int, computed: bytes, below_differs: bool) -> bool:
        stored = self.stored(level, index)
        self.report.nodes += stored is not None
        if stored is None:
            self.node_missing(level, index)
            return True
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
        if not leaf_checked:
            differs = self.compare_node(0, index, leaf, differs)
        level, current = 0, leaf
        while self.stack and self.stack[-1][0] == level:
            _level, left, left_differs = self.stack.pop()
            current = merkle.node_hash(left, current, self.alg)
            level += 1
            differs = self.compare_node(level, index >> level, current, differs or left_differs)
        self.stack.append((level, current, differs))
        self.size += 1

    def root(self) -> bytes:
        if not self.stack:
            return merkle.empty_root(self.alg)
        return merkle.fold([value for _level, value, _differs in self.stack], self.alg)

    # --- entries ---------------------------------------------------------------------------------

    def entry(self, row: tuple[Any, ...]) -> tuple[bytes, bool]:
        """Check one entry; return its recomputed leaf hash and whether anything about it differs."""
        values = dict(zip(ENTRY_COLUMNS, row, strict=True))
        seq = values["seq"]
        canonical = bytes(values["canonical"])
        leaf = merkle.leaf_hash(canonical, self.alg)
        before = self.report.problem_count
        if leaf != bytes(values["leaf_hash"]):
            self.report.add(
                Problem(
                    "entry_leaf_hash",
                    _(
                        "Entry %(seq)s: its stored leaf hash %(stored)s is not the hash of its canonical bytes %(computed)s."
                    )
                    % {"seq": seq, "stored": bytes(values["leaf_hash"]).hex(), "computed": leaf.hex()},
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


def verify_log(
    *,
    verifier_key: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    max_problems: int = 1000,
    chunk_size: int = 5000,
) -> Report:
    """Check everything; ``progress(done, total)`` is called as entries stream by."""
    log = queries.get_log()
    report = Report(origin=log.origin, hash_alg=log.hash_alg, max_problems=max_problems)
    verifier: signing.Verifier | None
    try:
        verifier = signing.parse_verifier_key(verifier_key or signing.verifier_key(log.origin))
    except signing.SigningKeyMissing:
        verifier = None
    total = Entry.objects.filter(log=log).count()
    check = _Verifier(report, log, verifier, chunk_size)
    check.checkpoints_at(0)
    rows = (
        Entry.objects.filter(log=log)
        .order_by("seq")
        .values_list(*ENTRY_COLUMNS)
        .iterator(chunk_size=chunk_size)
    )
    for done, row in enumerate(rows, start=1):
        seq = row[0]
        while check.size < seq:
            check.missing_entry(check.size)
            check.checkpoints_at(check.size)
        leaf, differs = check.entry(row)
        check.append_leaf(leaf, differs)
        report.entries += 1
        check.checkpoints_at(check.size)
        if progress is not None and (done % chunk_size == 0 or done == total):
            progress(done, total)
    check.finish()
    report.tree_size = check.size
    report.root = check.root()
    return report
