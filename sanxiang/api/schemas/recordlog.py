"""Record log shapes. Hashes are standard base64 (as in C2SP checkpoints and RFC 9162 proofs), so
that the values can be fed to any verifier unchanged. No shape carries an entry's payload or
canonical bytes: entries may concern private data, and the proofs need only the leaf hash."""

from __future__ import annotations

import datetime as dt

from ninja import Schema


class CheckpointOut(Schema):
    origin: str
    hash_alg: str
    tree_size: int
    root_hash: str
    created_at: dt.datetime
    key_name: str
    note: str


class CheckpointPage(Schema):
    count: int
    items: list[CheckpointOut]


class VerifierKeyOut(Schema):
    origin: str
    hash_alg: str
    verifier_key: str


class InclusionOut(Schema):
    hash_alg: str
    seq: int
    kind: str
    tree_size: int
    leaf_hash: str
    proof: list[str]
    root_hash: str
    checkpoint: str | None


class ConsistencyOut(Schema):
    hash_alg: str
    old: int
    new: int
    proof: list[str]
    old_root: str
    new_root: str
    old_checkpoint: str | None
    new_checkpoint: str | None


class LookupMatchOut(Schema):
    seq: int
    kind: str
    recorded_at: dt.datetime
    leaf_hash: str
    tree_size: int | None
    proof: list[str] | None


class LookupOut(Schema):
    sha256: str
    hash_alg: str
    count: int
    checkpoint: CheckpointOut | None
    matches: list[LookupMatchOut]
