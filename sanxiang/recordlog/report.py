"""What ``verify`` found: the problems, each with a code and a message naming the entry, node,
checkpoint, row or trigger concerned, and the counts of what was checked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


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
    files: int = 0  # stored files re-hashed by FILE_CHECKERS
    # The unsigned tail: entries after the newest checkpoint (all entries when there is none).
    latest_checkpoint_size: int | None = None
    unsigned_entries: int = 0
    oldest_unsigned_at: dt.datetime | None = None
    trusted_sizes: list[int] = field(default_factory=list)  # trusted roots given from outside, checked
    rows: int = 0  # domain rows cross-checked against their entries
    triggers: int = 0  # append-only triggers checked

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def add(self, problem: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < self.max_problems:
            self.problems.append(problem)
