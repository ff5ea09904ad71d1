"""``sanxiang cases export`` and ``sanxiang cases verify-export``: the second one as a separate
process with no usable database, as an outsider would run it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest
from django.core.management import CommandError, call_command, get_commands

from sanxiang.casefiles import layout
from sanxiang.recordlog.models import Entry
from tests.casefiles.conftest import rewrite_zip


def verify_process(path, *extra, tmp_path):
    env = {
        **os.environ,
        # A database that cannot be opened: verification must not need one.
        "DATABASE_URL": f"sqlite:///{tmp_path}/no/such/folder/db.sqlite3",
        "SANXIANG_DATA_DIR": str(tmp_path / "data"),
    }
    return subprocess.run(
        [sys.executable, "-m", "sanxiang", "cases", "verify-export", str(path), *extra],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_it_exports_by_case_number_and_verifies_without_a_database(closed_case, tmp_path, capsys):
    out = tmp_path / "export" / "case.zip"
    call_command("cases", "export", closed_case.number, "--out", str(out))
    assert "SHA-256" in capsys.readouterr().out
    read = Entry.objects.order_by("-seq").first()
    assert read.kind == "access.case_file" and read.payload["channel"] == "cli/cases-export"
    assert read.subject_id == str(closed_case.pk)
    done = verify_process(out, tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert closed_case.number in done.stdout
    with zipfile.ZipFile(out) as archive:
        key = archive.read(layout.VERIFIER_KEY).decode().strip()
    key_file = tmp_path / "trusted.key"
    key_file.write_text(key + "\n")
    assert verify_process(out, "--key", str(key_file), tmp_path=tmp_path).returncode == 0

    altered = tmp_path / "altered.zip"
    rewrite_zip(out, altered, lambda n, d: d[:-1] + bytes([d[-1] ^ 1]) if n == layout.CATALOGUE else d)
    done = verify_process(altered, tmp_path=tmp_path)
    assert done.returncode == 1
    assert f"{layout.CATALOGUE}: [altered]" in done.stderr


def test_an_unknown_case_number_is_refused_and_writes_no_file(world, tmp_path):
    out = tmp_path / "case.zip"
    with pytest.raises(CommandError, match=r"不存在〔2026〕1号"):
        call_command("cases", "export", "不存在〔2026〕1号", "--out", str(out))
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_the_cases_command_is_the_case_files_own():
    assert get_commands()["cases"] == "sanxiang.casefiles"
