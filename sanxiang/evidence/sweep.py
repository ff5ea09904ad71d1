"""Removing what a killed process left in the blob store's temporary folder (security review F9).

An upload is written to ``BLOB_ROOT/tmp`` while it arrives (``blobs.HashingUploadHandler``). A
process that dies mid-upload (``kill -9``, power loss, OOM killer) cannot remove its partial file,
and nothing of record refers to it, so it is only wasted disk — up to the size of the largest upload
per crash. Every writer holds an exclusive ``flock`` on its temporary file until the file becomes a
blob or is removed (``blobs.new_temporary``); the kernel drops the lock when the process dies. A file
whose lock this module can take therefore belongs to no live writer, whatever its age, in this
process or any other worker: that test is exact, so the sweep may run while uploads are in progress.

Work folders (a case file package being built, ``casefiles.actions``) hold no lock; they are
removed only when nothing in them changed for ``WORKDIR_STALE_SECONDS``.

Three ways in: at server start-up (``config/wsgi.py``, which both gunicorn and runserver load), every
hour by the job worker (``jobs.tasks``; ``make demo`` starts it beside the server) and with the
nightly fixity run, and — for a server run without the worker — at most once an hour from the upload
handler itself (``sweep_if_due``). Each sweep logs what it removed to the server log. The record log is not written:
nothing of record changed.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import logging
import os
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from sanxiang.evidence import blobs

logger = logging.getLogger(__name__)

# How often a process sweeps on its own (``sweep_if_due``); the worker's hourly job does the same.
SWEEP_INTERVAL_SECONDS = 3600
# A case file package is built in a work folder without a lock; no build takes a day.
WORKDIR_STALE_SECONDS = 24 * 3600

_due_lock = threading.Lock()
_last_sweep: float | None = None  # time.monotonic() of this process's last sweep


@dataclass
class SweepReport:
    removed: int = 0  # files and work folders removed
    bytes: int = 0  # their size
    in_use: int = 0  # temporary files a live writer holds, left alone


def _remove_if_orphaned(path: Path, report: SweepReport) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return  # gone meanwhile, or not a plain file: not ours to judge
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
                report.in_use += 1
            # Otherwise the file system has no flock: whether a writer holds it cannot be told,
            # so it is left alone (writers there write without the lock, blobs.new_temporary).
            return
        size = os.fstat(fd).st_size
        # Removed while we hold the lock: a writer that created it just now and has not locked it
        # yet sees the file gone once it gets the lock, and takes a new one (blobs.new_temporary).
        try:
            path.unlink()
        except FileNotFoundError:
            return
        report.removed += 1
        report.bytes += size
    finally:
        os.close(fd)


def _newest_change(folder: Path) -> tuple[float, int]:
    """The latest modification time under ``folder`` (itself included) and the bytes it holds."""
    newest = folder.lstat().st_mtime
    size = 0
    for base, dirs, files in os.walk(folder):
        for name in [*dirs, *files]:
            with contextlib.suppress(OSError):
                stat = os.lstat(os.path.join(base, name))
                newest = max(newest, stat.st_mtime)
                if name in files:
                    size += stat.st_size
    return newest, size


def _remove_if_stale(folder: Path, report: SweepReport, now: float) -> None:
    try:
        newest, size = _newest_change(folder)
    except OSError:
        return
    if now - newest < WORKDIR_STALE_SECONDS:
        report.in_use += 1
        return
    shutil.rmtree(folder, ignore_errors=True)
    if not folder.exists():
        report.removed += 1
        report.bytes += size


def sweep_orphans(*, occasion: str) -> SweepReport:
    """Remove the temporary files no live writer holds, and work folders a day stale; log the
    count and bytes removed. ``occasion`` names the trigger in the log line."""
    global _last_sweep
    report = SweepReport()
    folder = blobs.root() / "tmp"
    now = time.time()
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.is_symlink():
                continue
            if path.is_dir():
                _remove_if_stale(path, report, now)
            elif path.is_file():
                _remove_if_orphaned(path, report)
    _last_sweep = time.monotonic()
    logger.info(
        "Blob store temporary sweep (%s): removed %d left-over file(s), %d bytes; %d in use left alone.",
        occasion,
        report.removed,
        report.bytes,
        report.in_use,
    )
    return report


def sweep_at_startup() -> SweepReport | None:
    """At server start-up: whatever the last run of the server left (a crash mid-upload). Never
    stops the server from starting: a sweep that fails is logged and retried within the hour."""
    try:
        return sweep_orphans(occasion="start-up")
    except Exception:
        logger.exception("Blob store temporary sweep at start-up failed.")
        return None


def sweep_if_due() -> SweepReport | None:
    """Sweep when this process has not swept for ``SWEEP_INTERVAL_SECONDS`` (called on each upload,
    so a server without the job worker still sweeps); cheap when not due."""
    if _last_sweep is not None and time.monotonic() - _last_sweep < SWEEP_INTERVAL_SECONDS:
        return None
    if not _due_lock.acquire(blocking=False):
        return None  # another thread of this process is sweeping now
    try:
        if _last_sweep is not None and time.monotonic() - _last_sweep < SWEEP_INTERVAL_SECONDS:
            return None
        return sweep_orphans(occasion="hourly, on upload")
    except Exception:
        # An upload must not fail because the sweep did; the next upload tries again.
        logger.exception("Blob store temporary sweep on upload failed.")
        return None
    finally:
        _due_lock.release()
