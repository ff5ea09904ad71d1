"""Verification for the public page as a bounded job (security review 2026-12, finding 2): at most
a few at once across every server process, each in a child process with CPU and memory limits and
a wall-clock deadline, inflating at most a capped number of bytes. A busy server or a package over
a limit gets a clear refusal, never a hang. The command line verifies without any of this."""

from __future__ import annotations

import fcntl
import multiprocessing
import resource
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from sanxiang.casefiles import policies
from sanxiang.casefiles.budget import MIB, Budget
from sanxiang.casefiles.verify import Report, verify_package
from sanxiang.catalog.models import Region
from sanxiang.core import policy
from sanxiang.core.ratelimit import Busy

# Address space the child may add to what it inherits: zip reading and hashing stream in 1 MiB
# chunks, so this is ample for any honest package.
CHILD_MEMORY = 1024 * MIB


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_ratio: int
    seconds: int
    concurrent: int


def scopes_for(user: Any) -> list[str]:
    """A signed-in user's agency settings apply to them; the public gets the installation's, set
    on its top region (the province)."""
    agency = getattr(user, "agency", None) if getattr(user, "is_authenticated", False) else None
    if agency is not None:
        return list(agency.policy_scopes())
    roots = Region.objects.filter(parent__isnull=True).order_by("code").values_list("code", flat=True)
    return [f"region:{code}" for code in roots]


def limits_for(user: Any) -> Limits:
    """Signed-in staff check whole case files with their videos; the public gets a smaller cap."""
    staff = bool(getattr(user, "is_authenticated", False))
    cap = policies.STAFF_MAX_MIB if staff else policies.PUBLIC_MAX_MIB
    scopes = scopes_for(user)
    return Limits(
        max_bytes=int(policy.value(cap.key, scopes)) * MIB,
        max_ratio=int(policy.value(policies.MAX_RATIO.key, scopes)),
        seconds=int(policy.value(policies.SECONDS.key, scopes)),
        # One machine's slots: the installation's setting, whoever asks.
        concurrent=int(policy.value(policies.CONCURRENT.key, scopes_for(None))),
    )


def slots_dir() -> Path:
    return Path(settings.DATA_DIR) / "verify-slots"


@contextmanager
def slot(concurrent: int) -> Iterator[int]:
    """Hold one of ``concurrent`` lock files under the data directory. flock locks are shared by
    every worker process on the machine and vanish with the process that held them, so a crashed
    worker never leaks a slot."""
    folder = slots_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(concurrent):
        handle = open(folder / f"{number}.lock", "a+b")  # noqa: SIM115 (held until the with ends)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            continue
        try:
            yield number
        finally:
            handle.close()  # releases the lock
        return
    raise Busy(
        "verify_busy",
        _(
            "The verification queue is full: %(count)s case files are being checked right now, the most "
            "this server checks at once. Please try again in a few minutes."
        )
        % {"count": concurrent},
        field="package",
    )


def _child(send: Connection, source: str | IO[bytes], key: str | None, limits: Limits) -> None:
    """Runs in the forked child: limit itself, verify, send the report back."""
    resource.setrlimit(resource.RLIMIT_CPU, (limits.seconds, limits.seconds + 1))
    inherited = _address_space()
    if inherited is not None:
        cap = inherited + CHILD_MEMORY
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    try:
        report = verify_package(
            source, trusted_key=key, budget=Budget(max_bytes=limits.max_bytes, max_ratio=limits.max_ratio)
        )
    except MemoryError:
        report = Report()
        report.add("", "too_large", _("Checking the package needed more memory than this page allows."))
    send.send(report)
    send.close()


def _address_space() -> int | None:
    """The process's current virtual size: the memory limit is set above it, or the child could
    not even run what it inherited."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _timed_out(limits: Limits) -> Report:
    report = Report()
    report.add(
        "",
        "timeout",
        _(
            "Checking the package took longer than %(seconds)s seconds, the most this page allows; "
            "verify it with the command line instead."
        )
        % {"seconds": limits.seconds},
    )
    return report


def verify_bounded(source: str | IO[bytes], *, trusted_key: str | None, limits: Limits) -> Report:
    """Verify in a child process under ``limits``; raises ``Busy`` when every slot is taken."""
    with slot(limits.concurrent):
        # fork: the child inherits the loaded code and the active language, and needs no database.
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(send, source, trusted_key, limits), daemon=True)
        child.start()
        send.close()
        try:
            # A child killed by its CPU limit closes the pipe: poll returns and recv finds no report.
            report = receive.recv() if receive.poll(limits.seconds) else None
        except EOFError:
            report = None
        finally:
            receive.close()
            if child.is_alive():
                child.kill()
            child.join()
        if not isinstance(report, Report):
            return _timed_out(limits)
        return report
