"""Reads for the public record log pages that ``queries.py`` does not offer.

None of these writes: ``queries.get_log()`` creates the log row on first use, which a public GET
must never do, so the pages read the row if it exists and fall back to the settings otherwise.
Nothing here returns a payload.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from sanxiang.recordlog import merkle, queries, signing
from sanxiang.recordlog.models import Checkpoint, Entry, Log


def existing_log() -> Log | None:
    return Log.objects.filter(pk=queries.LOG_PK).first()


def origin() -> str:
    log = existing_log()
    return log.origin if log is not None else str(settings.RECORDLOG_ORIGIN)


def hash_alg() -> str:
    log = existing_log()
    return log.hash_alg if log is not None else str(settings.RECORDLOG_HASH)


def verifier_key() -> str | None:
    """The published verifier key, or None while no signing key exists on this server."""
    try:
        return signing.verifier_key(origin())
    except signing.SigningKeyMissing:
        return None


def checkpoint_history() -> QuerySet[Checkpoint]:
    """Every checkpoint, newest first, without loading more than the list shows."""
    return (
        Checkpoint.objects.filter(log_id=queries.LOG_PK)
        .order_by("-tree_size")
        .only("tree_size", "root_hash", "created_at", "key_name")
    )


def checkpoint_count() -> int:
    return Checkpoint.objects.filter(log_id=queries.LOG_PK).count()


@dataclass(frozen=True)
class Match:
    """One entry that recorded a digest, and where it stands against the latest checkpoint.

    ``proof`` is empty and ``verified`` False when no signed checkpoint covers the entry yet;
    ``problem`` says why verification failed, if it did."""

    seq: int
    kind: str
    recorded_at: dt.datetime
    leaf_hash: bytes
    tree_size: int | None
    proof: list[bytes]
    verified: bool
    problem: str


def matches_for_digest(hex_digest: str, checkpoint: Checkpoint | None, verifier: str | None) -> list[Match]:
    """Every entry whose digest is ``hex_digest``, each with its inclusion proof against
    ``checkpoint``, verified here: the leaf is recomputed from the stored canonical bytes, those
    bytes must name this digest, the checkpoint's signature must verify with ``verifier`` and the
    proof must lead from the leaf to the signed root."""
    log = existing_log()
    if log is None:
        return []
    signed: tuple[int, bytes] | None = None
    signature_problem = ""
    if checkpoint is not None:
        if verifier is None:
            signature_problem = "no verifier key"
        else:
            try:
                _origin, size, root = signing.verify_note(checkpoint.signed_note, verifier)
                signed = (size, root)
            except signing.NoteError as exc:
                signature_problem = str(exc)
    rows = queries.entries_with_digest(hex_digest).only(
        "seq", "kind", "recorded_at", "canonical", "leaf_hash"
    )
    found = []
    for entry in rows[:50]:
        found.append(_match(entry, hex_digest, log, checkpoint, signed, signature_problem))
    return found


def _match(
    entry: Entry,
    hex_digest: str,
    log: Log,
    checkpoint: Checkpoint | None,
    signed: tuple[int, bytes] | None,
    signature_problem: str,
) -> Match:
    canonical = bytes(entry.canonical)
    leaf = merkle.leaf_hash(canonical, log.hash_alg)

    def match(tree_size: int | None, proof: list[bytes], verified: bool, problem: str) -> Match:
        return Match(entry.seq, entry.kind, entry.recorded_at, leaf, tree_size, proof, verified, problem)

    if checkpoint is None or entry.seq >= checkpoint.tree_size:
        return match(None, [], False, "")
    proof = queries.inclusion_proof(entry.seq, checkpoint.tree_size, log=log)
    problem = signature_problem
    if not problem and leaf != bytes(entry.leaf_hash):
        problem = "the stored leaf hash is not the hash of the entry"
    if not problem:
        try:
            payload = json.loads(canonical.decode("utf-8")).get("payload") or {}
        except (ValueError, UnicodeDecodeError, AttributeError):
            payload = {}
        if not isinstance(payload, dict) or payload.get("digest") != hex_digest:
            problem = "the recorded entry does not name this digest"
    if not problem and signed is not None:
        size, root = signed
        try:
            if size != checkpoint.tree_size:
                raise merkle.InvalidProof("the signed note is for another tree size")
            merkle.verify_inclusion(leaf, entry.seq, size, proof, root, log.hash_alg)
        except merkle.InvalidProof as exc:
            problem = exc.reason
    return match(checkpoint.tree_size, proof, not problem and signed is not None, problem)
