"""Record log entries that name a file's digest, signed with a key of the test's own (tmp_path)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sanxiang.recordlog import actions, signing
from sanxiang.recordlog.models import Entry

T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def signing_key(settings: Any, tmp_path: Path) -> Path:
    """Every test signs with its own key in tmp_path, never with var/'s."""
    settings.RECORDLOG_SIGNING_KEY_FILE = tmp_path / "recordlog-ed25519.key"
    signing.write_new_key(settings.RECORDLOG_SIGNING_KEY_FILE)
    return Path(settings.RECORDLOG_SIGNING_KEY_FILE)


def record_file(content: bytes, n: int = 0) -> Entry:
    """Record that a file was stored, as the evidence and documents apps will: its SHA-256 hex in the
    payload's ``digest`` (the indexed column is filled from it) and, for readers, under ``sha256``."""
    digest = hashlib.sha256(content).hexdigest()
    return actions.append(
        kind="evidence.stored",
        subject=("evidence.item", 1000 + n),
        actor=None,
        payload={
            "sha256": digest,
            "digest": digest,
            "party": "张三（私密）",
            "id_number": "330101199001010011",
        },
        occurred_at=T0 + dt.timedelta(minutes=n),
        agency_id=1,
    )


@pytest.fixture
def recorded(db: Any) -> Callable[..., Entry]:
    return record_file


def filler(count: int) -> None:
    """Unrelated entries around the recorded file, so that proofs have more than one hash."""
    for n in range(count):
        actions.append(
            kind="test.other",
            subject=("test.thing", n),
            actor=None,
            payload={"n": n},
            occurred_at=T0,
            agency_id=1,
        )
