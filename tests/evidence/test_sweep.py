"""The blob store's temporary sweep (security review F9): a partial file no live process holds is
removed at once, whatever its age; one a live writer holds is never removed; each sweep logs what
it removed; it runs at server start-up, hourly in the worker and, without a worker, on uploads."""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from huey.contrib.djhuey import HUEY

from sanxiang.evidence import blobs, sweep
from sanxiang.jobs import tasks

ROOT = Path(__file__).resolve().parents[2]

# A writer in another process: takes a temporary file exactly as an upload does and keeps writing.
WRITER = """
import os, sys, time
import django
django.setup()
from sanxiang.evidence import blobs
fd, path = blobs.new_temporary("upload-")
os.write(fd, b"x" * 4096)
print(path, flush=True)
while True:
    os.write(fd, b"x")
    time.sleep(0.05)
"""


def _tmp(root: Path) -> Path:
    folder = root / "tmp"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _start_writer(root: Path) -> tuple[subprocess.Popen[str], Path]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "BLOB_ROOT": str(root)}
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    return process, Path(process.stdout.readline().strip())


@pytest.fixture(autouse=True)
def _not_swept_yet(monkeypatch: Any) -> None:
    monkeypatch.setattr(sweep, "_last_sweep", None)


def test_a_file_a_killed_process_was_writing_is_removed_and_a_live_ones_is_kept(_blob_root: Path) -> None:
    live, live_path = _start_writer(_blob_root)
    killed, killed_path = _start_writer(_blob_root)
    try:
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=10)
        size = killed_path.stat().st_size
        report = sweep.sweep_orphans(occasion="test")
        # Removed at once (no age wait), while the live writer's file, just as fresh, stays.
        assert (report.removed, report.bytes, report.in_use) == (1, size, 1)
        assert not killed_path.exists()
        assert live_path.exists()
        grown = live_path.stat().st_size
        time.sleep(0.3)
        assert live_path.stat().st_size > grown  # and its writer is still writing to it
    finally:
        live.kill()
        live.wait(timeout=10)
    assert sweep.sweep_orphans(occasion="test").removed == 1  # its writer gone, it goes too
    assert list(_tmp(_blob_root).iterdir()) == []


def test_an_upload_in_progress_survives_a_sweep_and_is_stored(db: Any, _blob_root: Path) -> None:
    handler = blobs.HashingUploadHandler(max_size=None)
    handler.new_file("file", "a.bin", "application/octet-stream", None)
    handler.receive_data_chunk(b"a" * 1000, 0)
    assert sweep.sweep_orphans(occasion="test").in_use == 1
    handler.receive_data_chunk(b"b" * 1000, 1000)
    upload = handler.file_complete(2000)
    assert sweep.sweep_orphans(occasion="test").in_use == 1  # complete, not yet stored: still held
    blob = upload.store()
    assert blobs.blob_path(blob).read_bytes() == b"a" * 1000 + b"b" * 1000
    assert list(_tmp(_blob_root).iterdir()) == []


def test_a_put_in_progress_is_not_swept(db: Any, _blob_root: Path) -> None:
    seen: list[sweep.SweepReport] = []

    def chunks() -> Any:
        yield b"first"
        seen.append(sweep.sweep_orphans(occasion="test"))  # mid-write, from the same process
        yield b"second"

    blob = blobs.put_stream(chunks())
    assert (seen[0].removed, seen[0].in_use) == (0, 1)
    assert blobs.blob_path(blob).read_bytes() == b"firstsecond"


def test_work_folders_go_only_when_a_day_stale(_blob_root: Path) -> None:
    fresh = _tmp(_blob_root) / "casefile-fresh"
    stale = _tmp(_blob_root) / "casefile-stale"
    for folder in (fresh, stale):
        folder.mkdir()
        (folder / "package.zip").write_bytes(b"z" * 100)
    old = time.time() - 2 * 86400
    for path in (stale / "package.zip", stale):
        os.utime(path, (old, old))
    report = sweep.sweep_orphans(occasion="test")
    assert (report.removed, report.bytes, report.in_use) == (1, 100, 1)
    assert [p.name for p in _tmp(_blob_root).iterdir()] == ["casefile-fresh"]


def test_each_sweep_logs_what_it_removed(_blob_root: Path, caplog: Any) -> None:
    (_tmp(_blob_root) / "upload-left").write_bytes(b"x" * 1234)
    with caplog.at_level(logging.INFO, logger="sanxiang.evidence.sweep"):
        sweep.sweep_orphans(occasion="start-up")
    assert "(start-up): removed 1 left-over file(s), 1234 bytes" in caplog.text


def test_uploads_sweep_at_most_once_an_hour(db: Any, _blob_root: Path, monkeypatch: Any) -> None:
    def upload() -> None:
        handler = blobs.HashingUploadHandler(max_size=None)
        handler.new_file("file", "a.bin", "application/octet-stream", None)
        handler.upload_interrupted()

    first = _tmp(_blob_root) / "upload-first"
    first.write_bytes(b"left")
    upload()
    assert not first.exists()  # no worker needed: the upload swept
    second = _tmp(_blob_root) / "upload-second"
    second.write_bytes(b"left")
    upload()
    assert second.exists()  # swept less than an hour ago: not again
    monkeypatch.setattr(sweep, "_last_sweep", time.monotonic() - sweep.SWEEP_INTERVAL_SECONDS - 1)
    upload()
    assert not second.exists()


def test_the_hourly_job_sweeps(_blob_root: Path) -> None:
    (_tmp(_blob_root) / "upload-left").write_bytes(b"x" * 10)
    assert tasks.sweep_blob_temporaries.call_local() == {"removed": 1, "bytes": 10, "in_use": 0}
    assert tasks.sweep_blob_temporaries.task_class in HUEY._registry._periodic_tasks
    due = tasks.sweep_blob_temporaries.task_class().validate_datetime
    hours = [h for h in range(24) for m in range(60) if due(dt.datetime(2026, 3, 1, h, m))]
    assert hours == list(range(24))  # once in every hour


def _start(code: str, root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "BLOB_ROOT": str(root)}
    return subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_the_web_server_sweeps_at_start_up_and_commands_do_not(_blob_root: Path) -> None:
    left = _tmp(_blob_root) / "upload-left"
    left.write_bytes(b"x" * 10)
    command = _start(
        "from sanxiang.cli import main; import sys; sys.argv = ['sanxiang', 'check']; main()", _blob_root
    )
    assert command.returncode == 0, command.stderr
    assert left.exists()  # a management command is no server start
    # gunicorn imports config.wsgi in each worker; runserver loads it as settings.WSGI_APPLICATION.
    server = _start("import config.wsgi", _blob_root)
    assert server.returncode == 0, server.stderr
    assert not left.exists()
    assert "(start-up): removed 1 left-over file(s), 10 bytes" in server.stderr
