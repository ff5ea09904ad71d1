from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from sanxiang.core.errors import Invalid
from sanxiang.evidence import blobs
from sanxiang.evidence.models import Blob


def _request(data: bytes, *, max_size: int | None = None) -> Any:
    request = RequestFactory().post("/upload", {"file": SimpleUploadedFile("photo.jpg", data)})
    request.upload_handlers = [blobs.HashingUploadHandler(request, max_size=max_size)]
    return request


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_the_upload_becomes_the_blob_by_rename(db: Any, _blob_root: Path) -> None:
    data = bytes(range(256)) * 5000
    request = _request(data)
    upload = request.FILES["file"]
    assert isinstance(upload, blobs.HashedUpload)
    assert upload.sha256 == hashlib.sha256(data).hexdigest()
    tmp = Path(upload.temporary_file_path())
    assert tmp.parent == _blob_root / "tmp"
    inode = tmp.stat().st_ino
    blob = upload.store()
    assert blobs.blob_path(blob).stat().st_ino == inode  # renamed, not copied
    upload.close()
    assert _files(_blob_root) == [blobs.blob_path(blob)]


def test_an_upload_never_stored_is_removed_when_closed(db: Any, _blob_root: Path) -> None:
    request = _request(b"abandoned")
    request.FILES["file"].close()
    assert _files(_blob_root) == []
    assert Blob.objects.count() == 0


def test_an_oversize_upload_is_dropped_while_it_arrives(db: Any, _blob_root: Path) -> None:
    request = _request(b"z" * 3_000_000, max_size=1_000_000)
    upload = request.FILES["file"]
    assert upload.truncated
    assert _files(_blob_root) == []
    with pytest.raises(Invalid) as refused:
        upload.store()
    assert refused.value.code == "file_too_large"
    assert Blob.objects.count() == 0


class DyingStream:
    """A client that sends part of the body and then disconnects."""

    def __init__(self, data: bytes, cut: int) -> None:
        self.data = data
        self.cut = cut
        self.position = 0

    def read(self, size: int = -1) -> bytes:
        if self.position >= self.cut:
            raise OSError("connection reset by peer")
        size = self.cut - self.position if size < 0 else min(size, self.cut - self.position)
        chunk = self.data[self.position : self.position + size]
        self.position += len(chunk)
        return chunk

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


def test_a_client_that_disconnects_mid_upload_leaves_no_temporary_file(db: Any, _blob_root: Path) -> None:
    import gc

    from django.core.handlers.wsgi import WSGIRequest

    template = RequestFactory().post("/upload", {"file": SimpleUploadedFile("big.mp4", b"v" * 5_000_000)})
    body = template.body
    environ = {**template.META, "wsgi.input": DyingStream(body, cut=3_000_000)}
    request = WSGIRequest(environ)
    request.upload_handlers = [blobs.HashingUploadHandler(request)]
    with pytest.raises(OSError):
        request.FILES  # noqa: B018 - parsing the body is the point
    assert len(list((_blob_root / "tmp").iterdir())) == 1  # the partial file, until the request goes
    del request
    gc.collect()
    assert list((_blob_root / "tmp").iterdir()) == []
    assert Blob.objects.count() == 0
