"""Appends from concurrent transactions keep the sequence gapless and the tree whole."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import close_old_connections, connection, transaction

from sanxiang.recordlog import actions, queries
from sanxiang.recordlog.models import Entry
from sanxiang.recordlog.verify import verify_log

WRITERS, EACH = 4, 15


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the SQLite test database is in memory with a shared cache, whose table locks are not "
    "waited for; on a file, IMMEDIATE transactions serialise writers",
)
def test_concurrent_appenders_get_gapless_sequence_numbers(transactional_db):
    # committed rows: the test runner's flush afterwards goes through recordlog's own flush command
    queries.get_log()  # created before the race, as in any running installation
    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def writer(number: int) -> None:
        try:
            start.wait()
            for i in range(EACH):
                with transaction.atomic():
                    actions.append(
                        kind="test.concurrent",
                        subject=("test.writer", number),
                        actor=None,
                        payload={"writer": number, "i": i},
                        occurred_at=dt.datetime.now(dt.UTC),
                    )
        except BaseException as exc:  # reported below, in the main thread
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert list(Entry.objects.order_by("seq").values_list("seq", flat=True)) == list(range(WRITERS * EACH))
    assert actions.make_checkpoint().tree_size == WRITERS * EACH
    report = verify_log()
    assert report.ok, report.problems


def test_a_rolled_back_append_leaves_no_gap(append):
    append()
    with pytest.raises(RuntimeError), transaction.atomic():
        append()
        raise RuntimeError("the act failed, so its record goes too")
    assert append().seq == 1


SQLITE_SCRIPT = """
import datetime as dt, threading
from django.db import connection, transaction
from sanxiang.recordlog import actions, queries
from sanxiang.recordlog.verify import verify_log

queries.get_log()
errors = []

def writer(n):
    try:
        for i in range(20):
            with transaction.atomic():
                actions.append(kind="test.concurrent", subject=None, actor=None, payload={"w": n, "i": i},
                               occurred_at=dt.datetime.now(dt.UTC))
    except Exception as exc:
        errors.append(repr(exc))
    finally:
        connection.close()

threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(errors, queries.tree_size(), verify_log().ok)
"""


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="checks the SQLite file database of a real installation"
)
def test_concurrent_appenders_on_a_sqlite_file(tmp_path):
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "SANXIANG_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    manage = [sys.executable, "-m", "sanxiang"]
    subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True, timeout=300)
    done = subprocess.run(
        [*manage, "shell", "-c", SQLITE_SCRIPT],
        env=env,
        check=True,
        timeout=300,
        capture_output=True,
        text=True,
    )
    assert done.stdout.strip().splitlines()[-1] == "[] 80 True"
