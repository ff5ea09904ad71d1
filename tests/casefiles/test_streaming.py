"""A large evidence file is streamed into the package and through the verifier: the memory used does
not grow with the file (it is never read whole)."""

from __future__ import annotations

import tracemalloc

from sanxiang.casefiles.export import export_to
from sanxiang.casefiles.verify import verify_package
from sanxiang.evidence import actions as evidence_actions
from sanxiang.evidence import blobs

MIB = 1024 * 1024
SIZE = 128 * MIB


def peak_of(work) -> tuple[object, int]:
    tracemalloc.start()
    try:
        result = work()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_128_mib_evidence_file_is_packed_and_verified_in_flat_memory(world, closed_case, tmp_path):
    # Without the file: the catalogue's PDF rendering (fonts) sets the floor.
    small = tmp_path / "small.zip"
    _, export_floor = peak_of(lambda: export_to(closed_case, small))
    _, verify_floor = peak_of(lambda: verify_package(small))
    block = bytes(range(256)) * (MIB // 256)
    upload = blobs.stage_stream((block for _ in range(SIZE // MIB)), name="dump.bin")
    try:
        evidence_actions.add_evidence(
            actor=world.user("officer"), case=closed_case, upload=upload, data={"kind": "electronic"}
        )
    finally:
        upload.close()
    out = tmp_path / "big.zip"
    result, export_peak = peak_of(lambda: export_to(closed_case, out))
    report, verify_peak = peak_of(lambda: verify_package(out))
    assert report.ok, report.problems
    assert result.size > SIZE and report.summary["evidence"] == 1
    # 128 MiB more to pack and check, a few MiB more memory at most (buffers of 1 MiB).
    assert export_peak - export_floor < 8 * MIB, (export_floor, export_peak)
    assert verify_peak - verify_floor < 8 * MIB, (verify_floor, verify_peak)
    assert verify_peak < 8 * MIB  # no PDF rendering when verifying
