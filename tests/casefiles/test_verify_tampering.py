"""Offline verification names exactly what was altered, removed, added or forged."""

from __future__ import annotations

import base64
import json
import zipfile

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sanxiang.casefiles import bagit, layout
from sanxiang.casefiles.export import export_to
from sanxiang.casefiles.verify import verify_package
from sanxiang.recordlog import signing
from tests.casefiles.conftest import rebag, rewrite_zip


@pytest.fixture
def package(closed_case, tmp_path):
    out = tmp_path / "case.zip"
    export_to(closed_case, out)
    assert verify_package(out).ok
    return out


def flip(data: bytes, at: int | None = None) -> bytes:
    at = len(data) // 2 if at is None else at
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def test_flipping_one_byte_of_any_file_names_that_file(package, tmp_path):
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
    assert len(names) > 20
    for name in names:
        altered = tmp_path / "altered.zip"
        rewrite_zip(package, altered, lambda n, d, name=name: flip(d) if n == name else d)
        report = verify_package(altered)
        assert not report.ok, name
        assert name in report.paths(), (name, report.problems)


def test_a_byte_flipped_in_the_raw_zip_is_caught_by_the_zip_checksum_and_named(package, tmp_path):
    raw = bytearray(package.read_bytes())
    with zipfile.ZipFile(package) as archive:
        infos = [i for i in archive.infolist() if i.filename.startswith(layout.ENTRIES)][:1]
        infos += [archive.getinfo(layout.CATALOGUE), archive.getinfo(bagit.MANIFEST)]
    for info in infos:
        header = raw[info.header_offset : info.header_offset + 30]
        start = (
            info.header_offset
            + 30
            + int.from_bytes(header[26:28], "little")
            + int.from_bytes(header[28:30], "little")
        )
        altered = bytearray(raw)
        altered[start + info.compress_size // 2] ^= 0xFF
        path = tmp_path / "raw.zip"
        path.write_bytes(bytes(altered))
        report = verify_package(path)
        assert info.filename in report.paths(), (info.filename, report.problems)
        assert any(p.code == "altered" and p.path == info.filename for p in report.problems)


def test_a_removed_file_is_named_missing(package, tmp_path):
    with zipfile.ZipFile(package) as archive:
        victim = next(n for n in archive.namelist() if n.startswith(layout.ENTRIES))
    altered = tmp_path / "removed.zip"
    rewrite_zip(package, altered, lambda n, d: None if n == victim else d)
    report = verify_package(altered)
    assert ("missing", victim) in {(p.code, p.path) for p in report.problems}


@pytest.mark.parametrize(
    "added", ["data/evidence/E999-extra.jpg", "data/notes.txt", "extra.txt", "other/readme.txt"]
)
def test_an_added_file_is_named_extra(package, tmp_path, added):
    altered = tmp_path / "added.zip"
    rewrite_zip(package, altered, lambda n, d: d, add={added: b"not part of the file"})
    report = verify_package(altered)
    assert ("extra", added) in {(p.code, p.path) for p in report.problems}, report.problems


def test_a_forged_signature_is_named_even_when_the_manifests_are_redone(package, tmp_path):
    def forge(name, data):
        if name != layout.CHECKPOINT:
            return data
        text, signatures = signing.split_note(data.decode())
        key_name, blob = signatures[0]
        forged = base64.b64encode(blob[:4] + flip(blob[4:])).decode()
        return f"{text}\n{signing.EM_DASH} {key_name} {forged}\n".encode()

    altered = tmp_path / "forged.zip"
    rebag(package, altered, forge)
    report = verify_package(altered)
    assert {(p.code, p.path) for p in report.problems} == {("bad_signature", layout.CHECKPOINT)}


def test_a_package_re_signed_with_another_key_fails_against_the_trusted_key(package, tmp_path):
    with zipfile.ZipFile(package) as archive:
        trusted = archive.read(layout.VERIFIER_KEY).decode().strip()
        note = archive.read(layout.CHECKPOINT).decode()
    origin = signing.parse_verifier_key(trusted).name
    other = Ed25519PrivateKey.generate()
    text, _signatures = signing.split_note(note)
    forged_note = signing.sign_note(text, key_name=origin, key=other)
    forged_key = signing.verifier_key(origin, other)

    def swap(name, data):
        return {
            layout.CHECKPOINT: forged_note.encode(),
            layout.VERIFIER_KEY: (forged_key + "\n").encode(),
        }.get(name, data)

    altered = tmp_path / "resigned.zip"
    rebag(package, altered, swap)
    assert verify_package(altered).ok  # self-consistent: only a key from elsewhere can tell
    report = verify_package(altered, trusted_key=trusted)
    assert {(p.code, p.path) for p in report.problems} == {
        ("untrusted_key", layout.VERIFIER_KEY),
        ("untrusted_key", layout.CHECKPOINT),
    }
    assert verify_package(package, trusted_key=trusted).ok


def test_an_edited_entry_fails_its_inclusion_proof(package, tmp_path):
    with zipfile.ZipFile(package) as archive:
        victim = next(n for n in archive.namelist() if n.startswith(layout.ENTRIES))
    seq = layout.seq_of(victim, layout.ENTRIES)
    edited = {}

    def edit(name, data):
        if name == victim:
            entry = json.loads(data)
            entry["actor"]["label"] = "冒名者"
            edited["bytes"] = json.dumps(
                entry, sort_keys=True, ensure_ascii=False, separators=(",", ":")
            ).encode()
            return edited["bytes"]
        return data

    def fix_proof(name, data):
        if name == layout.proof_path(seq):
            proof = json.loads(data)
            proof["entry"] = base64.b64encode(edited["bytes"]).decode()
            return json.dumps(proof).encode()
        return data

    step = tmp_path / "step.zip"
    rebag(package, step, edit)
    altered = tmp_path / "edited.zip"
    rebag(step, altered, fix_proof)
    report = verify_package(altered)
    assert {(p.code, p.path) for p in report.problems} == {("bad_proof", victim)}


def test_an_evidence_file_whose_digest_no_entry_names_is_reported(package, tmp_path):
    added = "data/evidence/E900-planted.jpg"
    altered = tmp_path / "planted.zip"
    rebag(package, altered, lambda n, d: d, add={added: b"\xff\xd8\xff planted"})
    report = verify_package(altered)
    codes = {(p.code, p.path) for p in report.problems}
    assert ("not_logged", added) in codes and ("not_listed", added) in codes


def test_something_that_is_not_a_zip_is_refused_plainly(tmp_path):
    path = tmp_path / "not.zip"
    path.write_bytes(b"PK\x03\x04 but nothing more")
    report = verify_package(path)
    assert [p.code for p in report.problems] == ["not_zip"]


def test_path_tricks_in_member_names_are_reported(package, tmp_path):
    altered = tmp_path / "tricks.zip"
    rewrite_zip(package, altered, lambda n, d: d, add={"../evil.txt": b"x", "/abs.txt": b"y"})
    report = verify_package(altered)
    codes = {(p.code, p.path) for p in report.problems}
    assert ("unsafe_path", "../evil.txt") in codes and ("unsafe_path", "/abs.txt") in codes


def test_a_package_that_unpacks_beyond_the_limit_is_not_inflated(package):
    report = verify_package(package, max_bytes=1000)
    assert [(p.code, p.path) for p in report.problems] == [("too_large", "")]
    assert verify_package(package, max_bytes=10**9).ok
