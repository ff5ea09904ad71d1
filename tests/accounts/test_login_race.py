"""Finding 4: concurrent guesses cannot get past the lockout. Each attempt reserves its place under a
row lock before the password is checked, so however many arrive at once, at most the threshold are
ever checked, and the right password sent after them is refused (PostgreSQL: real concurrent
transactions in threads; SQLite: a file database, as an installation runs it)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from typing import Any

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from sanxiang.accounts import actions
from sanxiang.accounts.models import LoginAttempt, User
from sanxiang.core.errors import DomainError
from tests.world import PASSWORD, build_world

WRONG, THRESHOLD = 24, 5
EVALUATED = ("bad_password", "ok", "password_ok")


class SlowHasher(PBKDF2PasswordHasher):
    """Slow enough that the guesses overlap, as PBKDF2 makes them overlap in production."""

    algorithm = "pbkdf2_race"
    iterations = 60_000


def _guess(username: str, password: str, ip: str = "203.0.113.9") -> Any:
    try:
        return actions.sign_in(username=username, password=password, ip=ip)
    except DomainError as exc:
        return exc
    finally:
        connection.close()


def _race(calls: list[Any]) -> list[Any]:
    start = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        start.wait()
        results[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the in-memory SQLite test database does not run real concurrent transactions",
)
def test_concurrent_guesses_check_at_most_the_threshold_and_the_right_password_is_refused(
    transactional_db: Any, settings: Any
) -> None:
    settings.PASSWORD_HASHERS = [f"{__name__}.SlowHasher"]
    build_world()
    target = User.objects.get(username="head")
    target.set_password(PASSWORD)
    target.save(update_fields=["password"])

    results = _race([lambda n=n: _guess("head", f"wrong-{n}") for n in range(WRONG)])
    assert all(isinstance(r, DomainError) for r in results)
    evaluated = LoginAttempt.objects.filter(username="head", outcome__in=EVALUATED).count()
    assert evaluated <= THRESHOLD, f"{evaluated} guesses were checked"

    right = _guess("head", PASSWORD)
    assert isinstance(right, DomainError) and right.code == "account_locked"
    assert not LoginAttempt.objects.filter(username="head", succeeded=True).exists()


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the in-memory SQLite test database does not run real concurrent transactions",
)
def test_unknown_user_names_are_counted_the_same_way(transactional_db: Any) -> None:
    build_world()
    _race([lambda n=n: _guess("nobody", f"wrong-{n}") for n in range(WRONG)])
    assert LoginAttempt.objects.filter(username="nobody", outcome__in=EVALUATED).count() <= THRESHOLD
    refused = _guess("nobody", "whatever")
    assert isinstance(refused, DomainError) and refused.code == "account_locked"


SQLITE_SCRIPT = """
import threading
from django.db import connection
from sanxiang.accounts import actions
from sanxiang.accounts.models import LoginAttempt, User
from sanxiang.core.errors import DomainError

User.objects.create_user(username="victim", password="Right-horse-9", role="admin", display_name="v")
start = threading.Barrier(24)

def guess(password):
    try:
        actions.sign_in(username="victim", password=password, ip="203.0.113.9")
        return "in"
    except DomainError as exc:
        return exc.code
    finally:
        connection.close()

def run(n):
    start.wait()
    guess(f"wrong-{n}")

threads = [threading.Thread(target=run, args=(n,)) for n in range(24)]
for t in threads:
    t.start()
for t in threads:
    t.join()
evaluated = LoginAttempt.objects.filter(outcome__in=["bad_password", "ok", "password_ok"]).count()
print(evaluated, guess("Right-horse-9"))
"""


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="checks the SQLite file database of a real installation"
)
def test_concurrent_guesses_on_a_sqlite_file(tmp_path: Any) -> None:
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
    evaluated, last = done.stdout.strip().splitlines()[-1].split()
    assert int(evaluated) <= THRESHOLD, done.stdout
    assert last == "account_locked"
