"""The public verify page is a bounded job (security review 2026-12, finding 2): a zip bomb is
refused from its central directory before it is inflated, the bytes actually inflated are capped
too, one address gets a few checks per hour, a busy server says so, and a real package verifies.
The command line stays unlimited."""

from __future__ import annotations

import fcntl
import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest

from sanxiang.casefiles import bagit, bounded
from sanxiang.casefiles.budget import MIB, Budget
from sanxiang.casefiles.export import export_to
from sanxiang.casefiles.verify import verify_package
from sanxiang.catalog.actions.policy import set_policy
from tests.world import World

BLOCK = 1024 * 1024


@pytest.fixture(autouse=True)
def _own_slots(settings: Any, tmp_path: Path) -> None:
    """Slot lock files in this test's folder, so that no other run on the machine holds them."""
    settings.DATA_DIR = tmp_path / "data"


def zeros_deflated(blocks: int) -> bytes:
    """A raw deflate stream of ``blocks`` MiB of zeros, made without compressing them all: after a
    full flush every MiB of zeros compresses to the same bytes."""
    one = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = one.compress(bytes(BLOCK)) + one.flush(zlib.Z_FULL_FLUSH)
    again = zlib.compressobj(9, zlib.DEFLATED, -15)
    again.compress(bytes(BLOCK))
    repeat = again.flush(zlib.Z_FULL_FLUSH)
    last = zlib.compressobj(9, zlib.DEFLATED, -15)
    return block + repeat * (blocks - 1) + last.flush()


def bomb(blocks: int, name: str = "data/zeros.bin") -> bytes:
    """A zip of one deflated member: ``blocks`` MiB of zeros, sizes and CRC declared truthfully."""
    data = zeros_deflated(blocks)
    crc = 0
    chunk = bytes(BLOCK)
    for _ in range(blocks):
        crc = zlib.crc32(chunk, crc)
    size = blocks * BLOCK
    raw_name = name.encode()
    local = struct.pack(
        "<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), size, len(raw_name), 0
    )
    central = struct.pack(
        "<4sHHHHHHIIIHHHHHII",
        b"PK\x01\x02",
        20,
        20,
        0,
        8,
        0,
        0,
        crc,
        len(data),
        size,
        len(raw_name),
        0,
        0,
        0,
        0,
        0,
        0,
    )
    head = local + raw_name + data
    directory = central + raw_name
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 1, 1, len(directory), len(head), 0)
    return head + directory + end


def limits(**changes: int) -> bounded.Limits:
    values = {"max_bytes": 256 * MIB, "max_ratio": 100, "seconds": 60, "concurrent": 2, **changes}
    return bounded.Limits(**values)


def upload(data: bytes, name: str = "case.zip") -> io.BytesIO:
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def test_the_zip_bomb_is_well_formed_and_really_unpacks_to_what_it_claims() -> None:
    # The fixture itself: small packed, every claimed byte there (so the refusals below are real).
    data = bomb(8)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        (info,) = archive.infolist()
        assert info.file_size == 8 * MIB and info.compress_size < 64 * 1024
        assert archive.read(info) == bytes(8 * MIB)


def test_a_small_zip_claiming_gibibytes_is_refused_before_inflating_a_byte(world: World, client: Any) -> None:
    data = bomb(3 * 1024)  # 3 GiB of zeros in about 3 MiB
    assert len(data) < 4 * MIB
    report = bounded.verify_bounded(io.BytesIO(data), trusted_key=None, limits=limits())
    assert [p.code for p in report.problems] == ["too_large"]
    assert report.summary["inflated_bytes"] == 0
    answer = client.post("/casefiles/verify/", {"package": upload(data)})
    page = answer.content.decode()
    assert answer.status_code == 200
    assert 'data-ok="false"' in page and 'data-code="too_large"' in page
    assert "256 MiB" in page  # the public limit is named with its value


def test_a_member_packed_past_the_ratio_is_refused_before_inflating_it() -> None:
    data = bomb(200)  # 200 MiB: under the size cap, but about 1000:1
    report = bounded.verify_bounded(io.BytesIO(data), trusted_key=None, limits=limits())
    assert [(p.path, p.code) for p in report.problems] == [("data/zeros.bin", "ratio")]
    assert report.summary["inflated_bytes"] == 0
    assert "100" in report.problems[0].message


def test_the_bytes_actually_inflated_are_capped_too(closed_case: Any, tmp_path: Path) -> None:
    """The directory is the uploader's word, and the verifier reads some files twice: the cap holds
    on the bytes inflated. A budget of exactly the declared size passes the directory check and
    stops at the first re-read past it."""
    package = tmp_path / "case.zip"
    export_to(closed_case, package)
    with zipfile.ZipFile(package) as archive:
        declared = sum(info.file_size for info in archive.infolist())
    budget = Budget(max_bytes=declared, max_ratio=100)
    report = verify_package(package, budget=budget)
    assert [p.code for p in report.problems] == ["too_large"]
    assert declared < budget.inflated <= declared + MIB
    roomy = Budget(max_bytes=declared + 4 * MIB, max_ratio=100)
    assert verify_package(package, budget=roomy).ok


def test_a_real_package_verifies_as_a_bounded_job_and_on_the_page(
    closed_case: Any, tmp_path: Path, client: Any
) -> None:
    package = tmp_path / "case.zip"
    export_to(closed_case, package)
    report = bounded.verify_bounded(str(package), trusted_key=None, limits=limits())
    assert report.ok, report.problems
    assert report.summary["entries"] > 0 and report.summary["inflated_bytes"] > 0
    answer = client.post("/casefiles/verify/", {"package": upload(package.read_bytes())})
    assert answer.status_code == 200 and 'data-ok="true"' in answer.content.decode()


def test_the_command_line_verifies_without_the_page_limits(tmp_path: Path) -> None:
    # No budget: the zeros are read in full (and the package is then refused as not a bag).
    report = verify_package(upload(bomb(300)))
    assert "too_large" not in {p.code for p in report.problems}
    assert "ratio" not in {p.code for p in report.problems}


def test_the_n_plus_first_upload_in_the_hour_gets_429(world: World, client: Any) -> None:
    # The installation's setting, on its top region: two per hour.
    set_policy(
        actor=world.user("admin"),
        key="casefiles.verify_per_hour",
        target=world.province,
        value=2,
        reason="测试",
    )
    data = bomb(1)
    for _ in range(2):
        assert client.post("/casefiles/verify/", {"package": upload(data)}).status_code == 200
    refused = client.post("/casefiles/verify/", {"package": upload(data)})
    page = refused.content.decode()
    assert refused.status_code == 429 and 'data-code="verify_rate_limited"' in page
    assert refused["Retry-After"] == "3600" and "2" in page
    assert "verify-result" not in page  # nothing was checked
    # Another address is not affected.
    other = client.post("/casefiles/verify/", {"package": upload(data)}, REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 200


def test_a_busy_server_answers_503_at_once_while_every_slot_is_taken(world: World, client: Any) -> None:
    slots = bounded.limits_for(None).concurrent
    folder = bounded.slots_dir()
    folder.mkdir(parents=True)
    held = []
    for number in range(slots):  # as another worker process running verifications would
        handle = open(folder / f"{number}.lock", "a+b")  # noqa: SIM115
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.append(handle)
    try:
        busy = client.post("/casefiles/verify/", {"package": upload(bomb(1))})
        page = busy.content.decode()
        assert busy.status_code == 503 and 'data-code="verify_busy"' in page
        assert f"{slots}个" in page and busy["Retry-After"] == "60"
        assert "verify-result" not in page
    finally:
        held.pop().close()  # a slot is free again
    assert client.post("/casefiles/verify/", {"package": upload(bomb(1))}).status_code == 200
    for handle in held:
        handle.close()


def test_a_check_past_its_time_limit_is_stopped_and_says_so() -> None:
    """Two GiB of zeros within a generous size and ratio budget take seconds of CPU to inflate and
    hash; with one second allowed the child is stopped and the page gets a clear answer."""
    generous = limits(max_bytes=4096 * MIB, max_ratio=100_000, seconds=1)
    package = io.BytesIO(bomb(2048))
    with zipfile.ZipFile(package, "a") as archive:  # listed in the manifest, so it is hashed
        archive.writestr(bagit.MANIFEST, "0" * 64 + "  data/zeros.bin\n")
    report = bounded.verify_bounded(package, trusted_key=None, limits=generous)
    assert [p.code for p in report.problems] == ["timeout"]
    assert "1" in report.problems[0].message
