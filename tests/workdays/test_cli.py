"""``sanxiang workdays``: through call_command and as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
SANXIANG = ROOT / ".venv" / "bin" / "sanxiang"


def run(*args: str) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue()


def test_add_working_and_calendar_days():
    assert run("add", "2026-09-30", "7") == "2026-10-15\n"
    assert run("add", "2026-09-30", "15", "--calendar") == "2026-10-15\n"
    assert run("add", "2026-09-16", "15", "--calendar") == "2026-10-08\n"
    assert run("add", "2026-09-30", "7", "--explain", "--event", "送达") == (
        "2026-10-15\n自2026年9月30日送达起7个工作日，国庆节假期顺延\n"
    )
    assert run("add", "2026-09-16", "15", "--calendar", "--explain", "--event", "送达") == (
        "2026-10-08\n自2026年9月16日送达起15日，期满日为休息日的顺延至2026年10月8日\n"
    )
    assert run("between", "2026-09-30", "2026-10-15") == "7\n"


@pytest.mark.parametrize(
    "args",
    [
        ("add", "2027-01-04", "7"),
        ("add", "2026-12-30", "7"),
        ("add", "2026-12-20", "15", "--calendar"),
        ("add", "2026-12-20", "15", "--calendar", "--explain"),
        ("between", "2026-12-01", "2027-01-10"),
    ],
)
def test_beyond_the_loaded_years_it_fails_in_chinese(args):
    with pytest.raises(CommandError, match="2027年节假日安排尚未录入"):
        run(*args)


def test_bad_input_fails_with_a_message():
    with pytest.raises(CommandError, match="2026-09-30"):
        run("add", "30/9/2026", "7")
    with pytest.raises(CommandError, match="天数"):
        run("add", "2026-09-30", "0")


def test_seed_is_idempotent():
    assert run("seed").startswith("新增0天")


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """A real database file the child processes can open, holding the calendar's tables only."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('cli') / 'db.sqlite3'}"}
    subprocess.run([str(SANXIANG), "migrate", "workdays", "-v", "0"], env=env, check=True, cwd=ROOT)
    return env


def test_the_console_command_prints_exactly_the_date(database):
    done = subprocess.run(
        [str(SANXIANG), "workdays", "add", "2026-09-30", "7"],
        env=database,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "2026-10-15\n", "")
    done = subprocess.run(
        [str(SANXIANG), "workdays", "add", "2026-09-30", "15", "--calendar"],
        env=database,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout == "2026-10-15\n"


def test_the_console_command_exits_non_zero_beyond_2026(database):
    done = subprocess.run(
        [str(SANXIANG), "workdays", "add", "2026-12-30", "7"],
        env=database,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert done.stdout == ""
    assert "2027年节假日安排尚未录入" in done.stderr


def test_python_dash_m_works_too(database):
    done = subprocess.run(
        [sys.executable, "-m", "sanxiang", "workdays", "between", "2026-09-30", "2026-10-15"],
        env=database,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout == "7\n"
