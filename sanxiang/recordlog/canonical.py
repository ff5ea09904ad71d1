"""Canonical JSON: the exact bytes that are hashed into the record log.

The rules are those of ``docs/recordlog-format.md``: keys sorted, no insignificant whitespace, UTF-8
(not ``\\u`` escapes), and only types whose text form is unambiguous. Floats are refused: ``0.1``
has many spellings and amounts must be exact, so callers pass amounts as strings or integers.
Datetimes are refused too: callers give ISO-8601 strings so that the zone is explicit.
"""

from __future__ import annotations

import json
from typing import Any

# Integers beyond 2**53 lose precision in JavaScript and many JSON parsers; outside verifiers must be
# able to read every entry, so larger numbers must be strings.
MAX_SAFE_INTEGER = 2**53 - 1


class NotCanonical(ValueError):
    """The value cannot be written as canonical JSON; ``path`` says where (e.g. ``payload.amount``)."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def check(value: Any, path: str = "$") -> None:
    """Raise ``NotCanonical`` naming the first value that has no unambiguous canonical form."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise NotCanonical(path, "integer beyond 2**53; give it as a string")
        return
    if isinstance(value, str):
        if "\x00" in value:
            raise NotCanonical(path, "NUL character in a string")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise NotCanonical(path, "string is not valid Unicode (lone surrogate)") from None
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise NotCanonical(path, f"object key {key!r} is not a string")
            check(key, f"{path}.<key>")
            check(item, f"{path}.{key}")
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            check(item, f"{path}[{index}]")
        return
    if isinstance(value, float):
        raise NotCanonical(path, "floats are not allowed; give amounts as strings or integers")
    raise NotCanonical(path, f"{type(value).__name__} is not a JSON type; convert it first")


def canonical_json(obj: Any) -> bytes:
    check(obj)
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode(
        "utf-8"
    )


def dumps(obj: Any) -> bytes:
    """The canonical serialisation without the type checks (for values already read back)."""
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _refuse(text: str) -> Any:
    raise NotCanonical("$", f"{text} is not allowed in canonical JSON")


def _safe_int(text: str) -> int:
    value = int(text)
    if abs(value) > MAX_SAFE_INTEGER:
        raise NotCanonical("$", "integer beyond 2**53")
    return value


def parse(data: bytes) -> Any:
    """Parse canonical JSON bytes, refusing floats, NaN/Infinity and unsafe integers."""
    return json.loads(data.decode("utf-8"), parse_float=_refuse, parse_constant=_refuse, parse_int=_safe_int)


def parse_canonical(data: bytes) -> tuple[Any, bool]:
    """(the parsed value or None, whether ``data`` is exactly its canonical serialisation)."""
    try:
        value = parse(data)
    except (ValueError, UnicodeDecodeError):
        return None, False
    return value, dumps(value) == data


def is_canonical(data: bytes) -> bool:
    """True when ``data`` parses and re-serialises to exactly the same bytes."""
    return parse_canonical(data)[1]
