from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import time_machine

from sanxiang.casefiles import bagit
from sanxiang.cases import actions
from sanxiang.cases.models import Case
from sanxiang.documents.actions import issue_document
from sanxiang.evidence.demo import add_demo_evidence
from sanxiang.recordlog import signing
from tests.world import World, make_uscc

ORGANISATION = {
    "kind": "organisation",
    "name": "东湖某某食品有限公司",
    "credit_code": make_uscc("91330101MA2B3C4D5"),
}
MONDAY = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def _own_key_and_blobs(settings: Any, tmp_path: Path) -> None:
    """Each test signs with its own key and stores blobs in its own folder, never var/'s."""
    settings.RECORDLOG_SIGNING_KEY_FILE = tmp_path / "recordlog-ed25519.key"
    signing.write_new_key(settings.RECORDLOG_SIGNING_KEY_FILE)
    settings.BLOB_ROOT = tmp_path / "blobs"


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


def run_general_case(
    world: World, clock: Any, *, close: bool = True, full: bool = False, parties: list[Any] | None = None
) -> Case:
    """A general-procedure case from clue to closing through the engine (as tests/cases do); with
    ``full``, a photo, an audio clip and a video taken during the investigation and the decision
    (行政处罚决定书) issued as a document."""

    def act(case: Case, name: str, who: str = "officer", **data: Any) -> None:
        actions.perform(case, name, world.user(who), data)

    case = actions.open_case(
        actor=world.user("officer"),
        agency=world.agency,
        data={"procedure": "general", "title": "经营过期食品案", "source": "complaint"},
        parties=parties or [ORGANISATION],
        officer_ids=[o.pk for o in world.officers[:2]],
    )
    act(case, "file", who="head", records=["filing_approval"])
    act(case, "start_investigation", records=["inquiry_record"])
    if full:
        add_demo_evidence(case, world.user("officer"), photos=1, audio=True, video=True)
    act(case, "close_investigation", kinds=["warning", "fine"], fine="5000", records=["investigation_report"])
    act(case, "serve_prior_notice", records=["prior_notice"])
    clock.shift(dt.timedelta(days=8))
    act(
        case,
        "decide",
        who="head",
        kinds=["warning", "fine"],
        fine="5000",
        records=["decision_approval", "decision"],
    )
    if full:
        issue_document(
            actor=world.user("head"),
            case=case,
            kind="decision",
            entered={"evidence": "现场照片、询问录音、执法记录视频"},
        )
    act(case, "serve_decision", records=["service_receipt"])
    act(
        case,
        "record_execution",
        method="paid",
        amount="5000",
        paid_on="2026-03-12",
        records=["payment_receipt"],
    )
    if close:
        act(case, "close", who="head", records=["closing_approval"])
    case.refresh_from_db()
    return case


@pytest.fixture
def closed_case(world: World, clock: Any) -> Case:
    return run_general_case(world, clock)


@pytest.fixture
def full_case(world: World, clock: Any) -> Case:
    return run_general_case(world, clock, full=True)


@pytest.fixture
def open_general_case(world: World, clock: Any) -> Case:
    return run_general_case(world, clock, close=False)


def rewrite_zip(
    source: Path,
    target: Path,
    change: Callable[[str, bytes], bytes | None],
    add: dict[str, bytes] | None = None,
) -> None:
    """Copy a zip member by member through ``change(name, data)`` (None drops the member)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info))
            if data is not None:
                new.writestr(info, data)
        for name, data in (add or {}).items():
            new.writestr(name, data)


def zip_bytes(path: Path) -> io.BytesIO:
    return io.BytesIO(path.read_bytes())


def rebag(
    source: Path,
    target: Path,
    change: Callable[[str, bytes], bytes | None],
    add: dict[str, bytes] | None = None,
) -> None:
    """A forger's copy: members changed through ``change``, then both manifests (and Payload-Oxum)
    recomputed, so that only the checks beyond BagIt can notice."""
    files: dict[str, bytes] = {}
    with zipfile.ZipFile(source) as old:
        for info in old.infolist():
            data = change(info.filename, old.read(info))
            if data is not None:
                files[info.filename] = data
    files.update(add or {})
    payload = {name: data for name, data in files.items() if name.startswith("data/")}
    files[bagit.MANIFEST] = bagit.manifest_text(
        (name, hashlib.sha256(data).hexdigest()) for name, data in payload.items()
    ).encode()
    info_lines = [
        line for line in files[bagit.BAG_INFO].decode().splitlines() if not line.startswith("Payload-Oxum:")
    ]
    info_lines.append(f"Payload-Oxum: {sum(len(d) for d in payload.values())}.{len(payload)}")
    files[bagit.BAG_INFO] = ("\n".join(info_lines) + "\n").encode()
    files[bagit.TAG_MANIFEST] = bagit.manifest_text(
        (name, hashlib.sha256(files[name]).hexdigest()) for name in bagit.TAG_FILES
    ).encode()
    with zipfile.ZipFile(target, "w") as new:
        for name, data in files.items():
            new.writestr(name, data)


@pytest.fixture
def upload_bytes() -> Any:
    """``upload_bytes(data, name)``: bytes staged exactly as a browser upload is (hashed on arrival)."""
    from sanxiang.evidence import blobs

    staged: list[Any] = []

    def make(data: bytes, name: str) -> Any:
        staged.append(blobs.stage_stream(iter([data]), name=name))
        return staged[-1]

    yield make
    for item in staged:
        item.close()
