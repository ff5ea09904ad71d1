"""The stored nodes of one level of the tree, streamed in index order for ``verify``."""

from __future__ import annotations

from typing import Any

from sanxiang.recordlog.models import Node

_LEVEL_SQL = (
    f'SELECT "index", hash FROM {Node._meta.db_table} '  # noqa: S608 (fixed names)
    'WHERE log_id = %s AND level = %s ORDER BY "index"'
)


class LevelStream:
    """The stored nodes of one level in index order, read in large chunks through a raw cursor."""

    def __init__(self, cursor: Any, log_id: int, level: int, chunk_size: int) -> None:
        self._cursor = cursor
        self._chunk_size = chunk_size
        cursor.execute(_LEVEL_SQL, [log_id, level])
        self._rows: list[tuple[int, Any]] = []
        self._pos = 0
        self._done = False

    def matches(self, index: int, value: bytes) -> bool:
        """Consume the next stored node if it is ``index`` with hash ``value`` (the usual case);
        otherwise consume nothing and say no (``take`` then finds out what is wrong)."""
        pos = self._pos
        if pos < len(self._rows):
            row = self._rows[pos]
            if row[0] == index and row[1] == value:
                self._pos = pos + 1
                return True
        return False

    def take(self, index: int) -> bytes | None:
        """The stored hash at ``index``, or None if it is missing."""
        pos = self._pos
        if pos < len(self._rows):
            row_index, value = self._rows[pos]
            if row_index == index:  # the usual case: the next stored node is the one wanted
                self._pos = pos + 1
                return value if type(value) is bytes else bytes(value)
        return self._seek(index)

    def _seek(self, index: int) -> bytes | None:
        rows, pos = self._rows, self._pos
        while True:
            if pos >= len(rows):
                if self._done:
                    self._rows, self._pos = rows, pos
                    return None
                rows, pos = self._cursor.fetchmany(self._chunk_size), 0
                if not rows:
                    self._done = True
                    self._rows, self._pos = rows, pos
                    return None
            row_index, value = rows[pos]
            if row_index < index:  # cannot happen with a unique (level, index); skip defensively
                pos += 1
                continue
            self._rows = rows
            if row_index == index:
                self._pos = pos + 1
                return value if type(value) is bytes else bytes(value)
            self._pos = pos
            return None
