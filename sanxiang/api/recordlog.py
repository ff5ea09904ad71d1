"""The record log, for anyone (no sign-in): the signed checkpoints and the verifier key, so that
outsiders can keep copies and detect a rewritten history; inclusion and consistency proofs; and the
look-up of a file's SHA-256 among the recorded digests.

Every answer is built from ``recordlog.queries`` and ``recordlog.public_queries`` and is read-only:
no GET here creates the log row or a key. No answer includes an entry's payload or its canonical
bytes (entries may concern private data); a look-up returns only what proves that the digest the
caller already holds was recorded. Hashes are standard base64, exactly as in the signed notes;
``sanxiang.recordlog.merkle`` verifies them.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import condition
from ninja import Path, Query, Router, Schema
from ninja.decorators import decorate_view

from sanxiang.api.errors import ERRORS
from sanxiang.api.schemas.common import MAX_ID, PageIn, checked_here
from sanxiang.api.schemas.recordlog import (
    CheckpointOut,
    CheckpointPage,
    ConsistencyOut,
    InclusionOut,
    LookupOut,
    VerifierKeyOut,
)
from sanxiang.core.errors import Invalid, NotVisible
from sanxiang.recordlog import public_queries, queries
from sanxiang.recordlog.models import Checkpoint

router = Router(tags=["全过程记录日志 record log"])

CHECKPOINT_MAX_AGE = 60
KEY_MAX_AGE = 3600
MAX_MATCHES = 50
SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def _b64(value: Any) -> str:
    return base64.b64encode(bytes(value)).decode("ascii")


def _checkpoint(found: Checkpoint) -> dict[str, Any]:
    return {
        "origin": public_queries.origin(),
        "hash_alg": public_queries.hash_alg(),
        "tree_size": found.tree_size,
        "root_hash": _b64(found.root_hash),
        "created_at": found.created_at,
        "key_name": found.key_name,
        "note": found.signed_note,
    }


def _no_checkpoint() -> NotVisible:
    return NotVisible("recordlog_no_checkpoint", _("No checkpoint has been signed yet."))


def _non_negative(value: int, field: str) -> None:
    if value < 0:
        raise Invalid(
            "recordlog_negative",
            _("%(field)s must be zero or a positive number.") % {"field": field},
            field=field,
        )
    if value > MAX_ID:  # no tree is that large; the database could not even compare the number
        raise Invalid(
            "recordlog_bad_size",
            _("%(field)s: at most %(max)s.") % {"field": field, "max": MAX_ID},
            field=field,
        )


def _log() -> Any:
    """The existing log; proofs about a log that was never written are about an empty tree."""
    log = public_queries.existing_log()
    if log is None:
        raise Invalid(
            "recordlog_bad_size", _("The tree size must be between 0 and %(current)s.") % {"current": 0}
        )
    return log


# --- checkpoints and key -----------------------------------------------------------------------


def _latest_etag(request: HttpRequest) -> str | None:
    latest = queries.latest_checkpoint()
    if latest is None:
        return None
    return hashlib.sha256(latest.signed_note.encode("utf-8")).hexdigest()[:32]


def _cacheable(response: HttpResponse, max_age: int) -> None:
    patch_cache_control(response, public=True, max_age=max_age)


@router.get(
    "/checkpoint",
    response={200: CheckpointOut, **ERRORS},
    summary="最新签名检查点（C2SP 签名文本及其字段；可缓存 60 秒）",
)
@decorate_view(condition(etag_func=_latest_etag))
def latest_checkpoint(request: HttpRequest, response: HttpResponse) -> Any:
    _cacheable(response, CHECKPOINT_MAX_AGE)
    latest = queries.latest_checkpoint()
    if latest is None:
        raise _no_checkpoint()
    return _checkpoint(latest)


@router.get(
    "/checkpoints",
    response={200: CheckpointPage, **ERRORS},
    summary="检查点历史（按树大小升序，分页）",
)
def checkpoint_history(request: HttpRequest, page: Query[PageIn]) -> Any:
    rows = queries.checkpoints()
    return {
        "count": rows.count(),
        "items": [_checkpoint(row) for row in rows[page.offset : page.offset + page.limit]],
    }


@router.get("/key", response={200: VerifierKeyOut, **ERRORS}, summary="检查点验证公钥（note 格式）")
def verifier_key(request: HttpRequest, response: HttpResponse) -> Any:
    text = public_queries.verifier_key()
    if text is None:
        raise NotVisible(
            "recordlog_no_key", _("The signing key of this record log has not been created yet.")
        )
    _cacheable(response, KEY_MAX_AGE)
    return {"origin": public_queries.origin(), "hash_alg": public_queries.hash_alg(), "verifier_key": text}


# --- proofs -------------------------------------------------------------------------------------


class SeqIn(Schema):
    seq: int = checked_here(..., minimum=0, maximum=MAX_ID)


class SizeIn(Schema):
    size: int | None = checked_here(None, minimum=0, maximum=MAX_ID)


def _default_size(size: int | None, field: str) -> int:
    """The size asked for, or that of the latest checkpoint (the tree outsiders hold)."""
    if size is not None:
        _non_negative(size, field)
        return size
    latest = queries.latest_checkpoint()
    if latest is None:
        raise _no_checkpoint()
    return latest.tree_size


def _note_at(size: int) -> str | None:
    found = queries.checkpoint_at(size)
    return found.signed_note if found is not None else None


@router.get(
    "/entries/{seq}/inclusion",
    response={200: InclusionOut, **ERRORS},
    summary="记录 seq 的包含证明（默认对最新检查点）",
)
def inclusion(request: HttpRequest, path: Path[SeqIn], query: Query[SizeIn]) -> Any:
    seq = path.seq
    _non_negative(seq, "seq")
    size = _default_size(query.size, "size")
    log = _log()
    proof = queries.inclusion_proof(seq, size, log=log)
    entry = queries.entry_at(seq)
    return {
        "hash_alg": log.hash_alg,
        "seq": seq,
        "kind": entry.kind,
        "tree_size": size,
        "leaf_hash": _b64(entry.leaf_hash),
        "proof": [_b64(item) for item in proof],
        "root_hash": _b64(queries.root_at(size, log=log)),
        "checkpoint": _note_at(size),
    }


class ConsistencyIn(Schema):
    # old ≤ new (≤ the log's size) cannot be written in a schema; the handler checks it.
    old: int = checked_here(..., minimum=0, maximum=MAX_ID)
    new: int | None = checked_here(None, minimum=0, maximum=MAX_ID)


@router.get(
    "/consistency",
    response={200: ConsistencyOut, **ERRORS},
    summary="一致性证明：大小为 old 的树是大小为 new 的树的前缀（new 默认为最新检查点）",
)
def consistency(request: HttpRequest, query: Query[ConsistencyIn]) -> Any:
    _non_negative(query.old, "old")
    new = _default_size(query.new, "new")
    log = _log()
    proof = queries.consistency_proof(query.old, new, log=log)
    return {
        "hash_alg": log.hash_alg,
        "old": query.old,
        "new": new,
        "proof": [_b64(item) for item in proof],
        "old_root": _b64(queries.root_at(query.old, log=log)),
        "new_root": _b64(queries.root_at(new, log=log)),
        "old_checkpoint": _note_at(query.old),
        "new_checkpoint": _note_at(new),
    }


class LookupIn(Schema):
    sha256: str = checked_here(..., pattern=r"^\s*[0-9a-fA-F]{64}\s*$")


@router.get(
    "/lookup",
    response={200: LookupOut, **ERRORS},
    summary="按 SHA-256 查找记录过该文件的日志记录，附对最新检查点的包含证明",
)
def lookup(request: HttpRequest, query: Query[LookupIn]) -> Any:
    digest = query.sha256.strip().lower()
    if not SHA256_HEX.fullmatch(digest):
        raise Invalid(
            "recordlog_bad_digest",
            _("A SHA-256 value is 64 hexadecimal characters (0-9, a-f)."),
            field="sha256",
        )
    log = public_queries.existing_log()
    latest = queries.latest_checkpoint()
    rows = queries.entries_with_digest(digest).only("seq", "kind", "recorded_at", "leaf_hash")
    matches = []
    for entry in rows[:MAX_MATCHES] if log is not None else []:
        covered = latest is not None and entry.seq < latest.tree_size
        proof = queries.inclusion_proof(entry.seq, latest.tree_size, log=log) if covered and latest else None
        matches.append(
            {
                "seq": entry.seq,
                "kind": entry.kind,
                "recorded_at": entry.recorded_at,
                "leaf_hash": _b64(entry.leaf_hash),
                "tree_size": latest.tree_size if covered and latest else None,
                "proof": [_b64(item) for item in proof] if proof is not None else None,
            }
        )
    return {
        "sha256": digest,
        "hash_alg": public_queries.hash_alg(),
        "count": len(matches),
        "checkpoint": _checkpoint(latest) if latest is not None else None,
        "matches": matches,
    }
