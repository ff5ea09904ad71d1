"""The periodic checkpoint job signs the record log when it grew, and does nothing when it did not."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from huey.contrib.djhuey import HUEY

from sanxiang.jobs import tasks
from sanxiang.jobs.schedules import every_minutes
from sanxiang.recordlog import actions, queries, signing
from sanxiang.recordlog.models import Checkpoint


@pytest.fixture(autouse=True)
def signing_key(settings: Any, tmp_path: Any) -> Any:
    settings.RECORDLOG_SIGNING_KEY_FILE = tmp_path / "recordlog-ed25519.key"
    signing.write_new_key(settings.RECORDLOG_SIGNING_KEY_FILE)
    return settings.RECORDLOG_SIGNING_KEY_FILE


@pytest.fixture
def immediate() -> Iterator[None]:
    """Run tasks in the calling thread, against the test's database (huey keeps its own queue in
    memory meanwhile)."""
    was = HUEY.immediate
    HUEY.immediate = True
    yield
    HUEY.immediate = was


def _append(n: int) -> None:
    actions.append(
        kind="test.recorded",
        subject=("test.thing", n),
        actor=None,
        payload={"n": n},
        occurred_at=dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC),
    )


def _signed_sizes() -> list[int]:
    return list(Checkpoint.objects.order_by("tree_size").values_list("tree_size", flat=True))


def test_the_job_signs_a_checkpoint_only_when_the_log_grew(db, immediate):
    tasks.make_recordlog_checkpoint()  # empty log: nothing to sign
    assert _signed_sizes() == []

    _append(0)
    _append(1)
    tasks.make_recordlog_checkpoint()
    assert _signed_sizes() == [2]
    checkpoint = queries.latest_checkpoint()
    assert checkpoint is not None
    _origin, size, root = signing.verify_note(checkpoint.signed_note, signing.verifier_key())
    assert (size, root) == (2, queries.root_at(2))

    tasks.make_recordlog_checkpoint()  # no growth: no new checkpoint
    assert _signed_sizes() == [2]

    _append(2)
    tasks.make_recordlog_checkpoint()
    assert _signed_sizes() == [2, 3]


def test_catalog_acts_are_signed_by_the_next_run(world, immediate):
    size = queries.tree_size()
    assert size > 0
    tasks.make_recordlog_checkpoint()
    assert _signed_sizes() == [size]


def test_the_task_body_only_calls_the_action(db):
    _append(0)
    assert tasks.make_recordlog_checkpoint.call_local() == 1
    assert tasks.make_recordlog_checkpoint.call_local() is None


def test_it_is_a_periodic_task_on_the_configured_interval(settings):
    assert tasks.make_recordlog_checkpoint.task_class in HUEY._registry._periodic_tasks
    every_ten = every_minutes(settings.RECORDLOG_CHECKPOINT_MINUTES)
    assert settings.RECORDLOG_CHECKPOINT_MINUTES == 10
    assert every_ten(dt.datetime(2026, 3, 1, 9, 20))
    assert not every_ten(dt.datetime(2026, 3, 1, 9, 21))


@pytest.mark.parametrize("minutes", [0, -5, 1441])
def test_an_interval_outside_one_minute_to_one_day_is_refused(minutes):
    with pytest.raises(ValueError):
        every_minutes(minutes)


def test_the_interval_counts_minutes_of_the_day():
    every_seven = every_minutes(7)
    due = [m for m in range(24 * 60) if every_seven(dt.datetime(2026, 3, 1) + dt.timedelta(minutes=m))]
    assert due[:3] == [0, 7, 14]
    assert all(b - a == 7 for a, b in itertools.pairwise(due))


@pytest.mark.parametrize("value", ["ten", "0", "1441"])
def test_a_bad_interval_setting_stops_start_up(value):
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            **__import__("os").environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "RECORDLOG_CHECKPOINT_MINUTES": value,
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "RECORDLOG_CHECKPOINT_MINUTES" in result.stderr
