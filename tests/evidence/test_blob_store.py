from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sanxiang.core.errors import Invalid
from sanxiang.evidence import blobs
from sanxiang.evidence.models import Blob


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_it_stores_under_the_sha256_address(db: Any, _blob_root: Path) -> None:
    data = b"evidence bytes" * 1000
    blob = blobs.put_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    assert blob.sha256 == digest
    assert blob.size == len(data)
    assert blobs.blob_path(blob) == _blob_root / "sha256" / digest[:2] / digest[2:4] / digest
    with blobs.open_blob(digest) as handle:
        assert handle.read() == data
    assert _files(_blob_root) == [blobs.blob_path(blob)]


def test_it_stores_the_same_content_once(db: Any, _blob_root: Path) -> None:
    first = blobs.put_bytes(b"same")
    second = blobs.put_stream(iter([b"sa", b"me"]))
    assert first.pk == second.pk
    assert Blob.objects.count() == 1
    assert len(_files(_blob_root)) == 1


def test_it_sniffs_the_type_by_content(db: Any) -> None:
    blob = blobs.put_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    assert blob.mime == "application/pdf"


def test_an_interrupted_stream_leaves_no_file_and_no_row(db: Any, _blob_root: Path) -> None:
    def broken() -> Iterator[bytes]:
        yield b"a" * 100_000
        yield b"b" * 100_000
        raise ConnectionResetError("client went away")

    with pytest.raises(ConnectionResetError):
        blobs.put_stream(broken())
    assert Blob.objects.count() == 0
    assert _files(_blob_root) == []


def test_it_refuses_past_the_size_limit_and_leaves_nothing(db: Any, _blob_root: Path) -> None:
    with pytest.raises(Invalid) as refused:
        blobs.put_stream(iter([b"x" * 600, b"x" * 600]), max_size=1000)
    assert refused.value.code == "file_too_large"
    assert refused.value.field == "file"
    assert Blob.objects.count() == 0
    assert _files(_blob_root) == []
    # exactly at the limit is fine
    assert blobs.put_stream(iter([b"x" * 1000]), max_size=1000).size == 1000


def test_a_lost_file_comes_back_when_the_same_bytes_are_put_again(db: Any) -> None:
    blob = blobs.put_bytes(b"precious")
    path = blobs.blob_path(blob)
    os.chmod(path, 0o600)
    path.unlink()
    again = blobs.put_bytes(b"precious")
    assert again.pk == blob.pk
    assert path.read_bytes() == b"precious"


def test_it_computes_sm3_in_the_same_pass_when_the_log_uses_sm3(db: Any, settings: Any) -> None:
    from cryptography.hazmat.primitives import hashes

    from sanxiang.recordlog.models import Log

    settings.RECORDLOG_HASH = "sm3"
    assert not Log.objects.exists()
    blob = blobs.put_bytes(b"abc")
    assert blob.sm3 == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    digest = hashes.Hash(hashes.SM3())
    digest.update(b"abc")
    assert blob.sm3 == digest.finalize().hex()


def test_a_bad_digest_is_refused(db: Any) -> None:
    with pytest.raises(Invalid):
        blobs.blob_path("../../etc/passwd")
