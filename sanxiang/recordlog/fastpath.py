"""The fast path of ``verify``: the canonical bytes an entry's columns imply, rebuilt with the C JSON
encoder, and hashers without per-call dispatch. Equal bytes mean the entry needs no slower check."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any

from sanxiang.recordlog import merkle, signing
from sanxiang.recordlog.canonical import MAX_SAFE_INTEGER, NotCanonical

quote = json.encoder.encode_basestring  # a JSON string literal, non-ASCII as itself (C, as json.dumps)
_encode = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
# The C encoder that json.dumps itself uses, called without its Python wrappers.
_c_make_encoder = getattr(json.encoder, "c_make_encoder", None)
_c_encode = _c_make_encoder and _c_make_encoder(None, None, quote, None, ":", ",", True, False, False)


def canonical_text(value: Any) -> str:
    """``canonical.dumps(value)`` as text."""
    if _c_encode is None or type(value) is str:
        return _encode(value)
    return "".join(_c_encode(value, 0))


def _refuse(text: str) -> Any:
    raise NotCanonical("$", f"{text} is not allowed in canonical JSON")


def _safe_int(text: str) -> int:
    value = int(text)
    if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
        raise NotCanonical("$", "integer beyond 2**53")
    return value


# One JSON value from the start of a string, refusing what canonical JSON refuses (the scanner of
# json.loads, without the per-call decoder json.loads builds when given hooks).
scan_json: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder(
    parse_float=_refuse, parse_constant=_refuse, parse_int=_safe_int
).scan_once  # type: ignore[attr-defined]


def sqlite_time(value: Any) -> str:
    """A DateTimeField as SQLite stores it (naive UTC text, microseconds omitted when zero) in the
    form of the entries, without building a datetime."""
    if type(value) is str and value[10:11] == " ":
        if len(value) == 26 and value[19] == ".":
            return f"{value[:10]}T{value[11:]}Z"
        if len(value) == 19:
            return f"{value[:10]}T{value[11:]}.000000Z"
    raise ValueError("not the usual form: the slow path decides")


def aware_time(value: Any) -> str:
    """An aware datetime in the form of the entries (``signing.format_time``, faster when in UTC)."""
    if value.utcoffset() == _ZERO and value.year >= 1000:
        return f"{value.replace(tzinfo=None).isoformat(timespec='microseconds')}Z"
    return signing.format_time(value)


_ZERO = dt.timedelta(0)


def leaf_hasher(alg: str) -> Callable[[bytes], bytes]:
    if alg == "sha256":
        sha256 = hashlib.sha256
        return lambda data: sha256(b"\x00" + data).digest()
    return lambda data: merkle.leaf_hash(data, alg)


def node_hasher(alg: str) -> Callable[[bytes, bytes], bytes]:
    if alg == "sha256":
        sha256 = hashlib.sha256
        return lambda left, right: sha256(b"\x01" + left + right).digest()
    return lambda left, right: merkle.node_hash(left, right, alg)
