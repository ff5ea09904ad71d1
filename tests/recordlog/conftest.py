from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection

from sanxiang.recordlog import actions, signing, triggers
from sanxiang.recordlog.models import Entry

T0 = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def signing_key(settings: Any, tmp_path: Any) -> Any:
    """Every record log test signs with its own key in tmp_path, never with var/'s."""
    settings.RECORDLOG_SIGNING_KEY_FILE = tmp_path / "recordlog-ed25519.key"
    signing.write_new_key(settings.RECORDLOG_SIGNING_KEY_FILE)
    return settings.RECORDLOG_SIGNING_KEY_FILE


@pytest.fixture
def append(db: Any) -> Callable[..., Entry]:
    counter = iter(range(10**6))

    def add(**overrides: Any) -> Entry:
        n = next(counter)
        values: dict[str, Any] = {
            "kind": "test.recorded",
            "subject": ("test.thing", n),
            "actor": None,
            "payload": {"n": n, "amount": "100.00", "note": "测试记录"},
            "occurred_at": T0 + dt.timedelta(minutes=n),
            "agency_id": 7,
        }
        values.update(overrides)
        return actions.append(**values)

    return add


@pytest.fixture
def triggers_dropped(db: Any) -> Iterator[None]:
    """Drop the append-only triggers inside the test's transaction (DDL is transactional on SQLite
    and PostgreSQL, so the rollback at the end of the test puts them back)."""
    triggers.remove(connection)
    yield
