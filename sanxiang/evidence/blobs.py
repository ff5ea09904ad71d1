"""Content-addressed blob store (ARCHITECTURE rule 6, ADR 0008).

Bytes are written once, under their SHA-256, at ``sha256/<2 hex>/<2 hex>/<digest>`` below
``settings.BLOB_ROOT``. Every way in hashes while it writes, in one pass: ``put_stream`` over an
iterable of chunks, ``put_bytes`` for small generated files, and ``HashingUploadHandler`` for browser
and API uploads, whose temporary file becomes the blob by a rename. SM3 is computed in the same pass
when the record log uses SM3, so an entry can cite the file in the log's own algorithm.

Failure leaves nothing: the temporary file is removed on any exception, and the ``Blob`` row is
created only after the file is in place. A process killed mid-write cannot remove its temporary
file, so every writer holds an exclusive ``flock`` on its temporary file until the file is renamed
into place or removed; a temporary file whose lock can be taken belongs to no live writer and is
removed by the sweep (``sanxiang.evidence.sweep``: at server start-up, hourly, and nightly). A file at a content address without a row (a crash between
rename and insert, or an outer transaction rolled back) is harmless: the next put of the same bytes
replaces it and creates the row.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import tempfile
import weakref
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO

import magic
from cryptography.hazmat.primitives import hashes
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext as _

from sanxiang.core import clock
from sanxiang.core.errors import Invalid, NotVisible
from sanxiang.evidence.models import Blob
from sanxiang.evidence.names import safe_name

# Writes of uploads in progress (see HashingUploadHandler); a few threads serve every upload.
WRITERS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="blob-write")
HEAD_SIZE = 8192  # bytes kept to sniff the type by content (python-magic), never more
CHUNK = 1024 * 1024


def root() -> Path:
    return Path(settings.BLOB_ROOT)


def _tmp_dir() -> Path:
    # Inside the blob folder, so the final rename never crosses a file system.
    path = root() / "tmp"
    path.mkdir(parents=True, exist_ok=True)
    return path


# flock not available on this file system (some network mounts): write without the lock.
_NO_LOCKS = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EINVAL}


def new_temporary(prefix: str) -> tuple[int, Path]:
    """A new temporary file in the blob folder, open for writing and locked (``flock``, exclusive)
    by this process for as long as the returned descriptor stays open: the sweep removes only
    temporary files whose lock it can take, so a file being written is never swept, while one left
    by a killed process (its locks die with it) is."""
    while True:
        fd, name = tempfile.mkstemp(dir=_tmp_dir(), prefix=prefix)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)  # waits only while a sweep holds it to remove it
        except OSError as exc:
            if exc.errno not in _NO_LOCKS:
                os.close(fd)
                os.unlink(name)
                raise
            # A file system without flock: the upload still works; the sweep, unable to lock
            # either, leaves every file alone there (sweep._remove_if_orphaned).
            return fd, Path(name)
        try:
            same = os.stat(name).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return fd, Path(name)
        # A sweep took the lock between mkstemp and flock and removed the file: take another.
        os.close(fd)


def blob_path(blob_or_digest: Blob | str) -> Path:
    digest = blob_or_digest.sha256 if isinstance(blob_or_digest, Blob) else blob_or_digest
    if len(digest) != 64 or any(ch not in "0123456789abcdef" for ch in digest):
        raise Invalid(
            "blob_digest", _("A SHA-256 digest is 64 lowercase hexadecimal digits."), field="digest"
        )
    return root() / "sha256" / digest[:2] / digest[2:4] / digest


def log_hash_alg() -> str:
    from sanxiang.recordlog import queries as recordlog_queries

    return str(recordlog_queries.get_log().hash_alg)


class Hasher:
    """SHA-256 always, SM3 when asked, the first bytes for type sniffing, and the size."""

    def __init__(self, *, sm3: bool) -> None:
        self.sha256 = hashlib.sha256()
        self.sm3 = hashes.Hash(hashes.SM3()) if sm3 else None
        self.head = b""
        self.size = 0

    def update(self, chunk: bytes) -> None:
        self.sha256.update(chunk)
        if self.sm3 is not None:
            self.sm3.update(chunk)
        if len(self.head) < HEAD_SIZE:
            self.head += chunk[: HEAD_SIZE - len(self.head)]
        self.size += len(chunk)

    def result(self) -> dict[str, Any]:
        return {
            "sha256": self.sha256.hexdigest(),
            "sm3": self.sm3.finalize().hex() if self.sm3 is not None else "",
            "size": self.size,
            "mime": sniff(self.head),
        }


def sniff(head: bytes) -> str:
    if not head:
        return "application/x-empty"
    return str(magic.from_buffer(head, mime=True))


def too_large(limit: int) -> Invalid:
    return Invalid(
        "file_too_large",
        _("The file is larger than the limit of %(limit)s bytes.") % {"limit": f"{limit:,}"},
        field="file",
    )


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _adopt(tmp: Path, facts: dict[str, Any]) -> Blob:
    """Move a fully written and fsynced temporary file to its content address and make its row."""
    final = blob_path(facts["sha256"])
    existing = Blob.objects.filter(sha256=facts["sha256"]).first()
    if existing is not None and final.exists():
        tmp.unlink(missing_ok=True)  # same content twice is stored once
        return existing
    final.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(tmp, 0o440)  # never edited in place
    os.replace(tmp, final)
    _fsync_dir(final.parent)
    if existing is not None:  # the row survived a lost file: the bytes are back
        return existing
    blob, _created = Blob.objects.get_or_create(
        sha256=facts["sha256"],
        defaults={
            "sm3": facts["sm3"],
            "size": facts["size"],
            "mime": facts["mime"],
            "created_at": clock.now(),
        },
    )
    if facts["sm3"] and not blob.sm3:
        Blob.objects.filter(pk=blob.pk, sm3="").update(sm3=facts["sm3"])
        blob.sm3 = facts["sm3"]
    return blob


def put_stream(chunks: Iterable[bytes], *, max_size: int | None = None) -> Blob:
    """Store the concatenation of ``chunks``; raises ``Invalid("file_too_large")`` past ``max_size``
    and leaves no file and no row on that or any other exception."""
    hasher = Hasher(sm3=log_hash_alg() == "sm3")
    fd, tmp = new_temporary("put-")
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                if max_size is not None and hasher.size + len(chunk) > max_size:
                    raise too_large(max_size)
                hasher.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
            # Renamed while still open, so the lock keeps the sweep off it until it is in place.
            return _adopt(tmp, hasher.result())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def put_bytes(data: bytes) -> Blob:
    return put_stream(data[i : i + CHUNK] for i in range(0, max(len(data), 1), CHUNK))


def put_file(path: Path, *, max_size: int | None = None) -> Blob:
    """Copy a file from disk (CLI imports, generated media) through the same one-pass path."""
    with open(path, "rb") as source:
        return put_stream(iter(lambda: source.read(CHUNK), b""), max_size=max_size)


def open_blob(blob_or_digest: Blob | str) -> BinaryIO:
    path = blob_path(blob_or_digest)
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise NotVisible("blob_missing", _("The stored file is missing."), field="digest") from None


def iter_blob(blob_or_digest: Blob | str, chunk: int = CHUNK) -> Iterable[bytes]:
    with open_blob(blob_or_digest) as handle:
        yield from iter(lambda: handle.read(chunk), b"")


def rehash(blob: Blob, alg: str = "sha256") -> str:
    """The digest of the bytes on disk now (fixity); raises FileNotFoundError if the file is gone."""
    digest = hashlib.sha256() if alg == "sha256" else None
    sm3 = hashes.Hash(hashes.SM3()) if alg == "sm3" else None
    with open(blob_path(blob), "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            if digest is not None:
                digest.update(chunk)
            if sm3 is not None:
                sm3.update(chunk)
    return digest.hexdigest() if digest is not None else sm3.finalize().hex()  # type: ignore[union-attr]


def stage_stream(chunks: Iterable[bytes], *, name: str, max_size: int | None = None) -> HashedUpload:
    """Bytes from elsewhere (generated media, a CLI import) staged like a browser upload, so one
    action handles both; nothing is stored until ``store()``."""
    handler = HashingUploadHandler(max_size=max_size)
    handler.new_file("file", name, "application/octet-stream", None)
    try:
        for chunk in chunks:
            handler.receive_data_chunk(chunk, 0)
        return handler.file_complete(handler.hasher.size)
    except BaseException:
        handler.upload_interrupted()
        raise


def stage_file(path: Path, *, name: str | None = None) -> HashedUpload:
    with open(path, "rb") as source:
        return stage_stream(iter(lambda: source.read(CHUNK), b""), name=name or path.name)


# --- browser and API uploads ---------------------------------------------------------------------


class HashedUpload(UploadedFile):
    """An upload already written to the blob folder's temp area and hashed while it arrived.
    ``store()`` turns it into a blob by a rename; if it is never stored, closing it (Django closes
    request files when the response ends) removes the temporary file."""

    def __init__(self, *, tmp: Path, handle: BinaryIO, facts: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(file=handle, size=facts["size"], **kwargs)
        self.tmp = tmp
        self.handle = handle
        self.facts = facts
        self.truncated = bool(facts.get("truncated"))
        self.cleanup: weakref.finalize | None = None  # set by the handler: removes tmp if abandoned

    @property
    def sha256(self) -> str:
        return str(self.facts["sha256"])

    @property
    def mime(self) -> str:
        return str(self.facts["mime"])

    def temporary_file_path(self) -> str:
        return str(self.tmp)

    def store(self) -> Blob:
        if self.truncated:
            raise too_large(int(self.facts["limit"]))
        try:
            # Renamed before the handle is closed: closing drops the lock that keeps the sweep off.
            blob = _adopt(self.tmp, self.facts)
        except BaseException:
            self.tmp.unlink(missing_ok=True)
            raise
        finally:
            with contextlib.suppress(OSError):
                self.handle.close()
            # The name is free again (renamed or removed): a later upload may be given it.
            if self.cleanup is not None:
                self.cleanup.detach()
        return blob

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.handle.close()
        if self.cleanup is None or self.cleanup.alive:
            self.tmp.unlink(missing_ok=True)
        if self.cleanup is not None:
            self.cleanup.detach()


class HashingUploadHandler(FileUploadHandler):
    """Writes each uploaded file once, to the blob folder's temp area, hashing it in the same pass.

    The write of a chunk runs on a pool thread while this thread hashes it and the parser reads the
    next (both hashlib and file writes release the GIL), with one write in flight per upload, so
    memory stays at a few chunks and the bytes still go to disk in order.

    Past ``max_size`` it stops writing and drops what it had (the disk does not fill with a file that
    will be refused), and the upload reports itself truncated; the action then refuses it. A request
    that dies mid-upload (client gone) leaves no temporary file: a finalizer removes it when the
    handler is collected, and the sweep removes any a killed process left (see ``new_temporary``)."""

    chunk_size = CHUNK

    def __init__(self, request: Any = None, *, max_size: int | None = None) -> None:
        super().__init__(request)
        self.max_size = max_size
        self.sm3 = log_hash_alg() == "sm3"

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        from sanxiang.evidence import sweep  # sweep builds on this module

        # A server run without the job worker still loses a crash's leftovers within the hour.
        sweep.sweep_if_due()
        fd, self.tmp = new_temporary("upload-")
        self.out: BinaryIO | None = os.fdopen(fd, "w+b")
        self.hasher = Hasher(sm3=self.sm3)
        self.truncated = False
        self.pending: Future[int] | None = None
        self.cleanup = weakref.finalize(self, _discard_temporary, self.tmp)

    def _wait(self) -> None:
        """Let the write in flight finish, raising its error (e.g. disk full) here."""
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.result()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        if self.truncated:
            return None
        self._wait()
        if self.max_size is not None and self.hasher.size + len(raw_data) > self.max_size:
            self.truncated = True
            assert self.out is not None
            self.out.close()
            self.out = None
            self.tmp.unlink(missing_ok=True)
            return None
        assert self.out is not None
        self.pending = WRITERS.submit(self.out.write, raw_data)
        self.hasher.update(raw_data)
        return None  # consumed: no later handler sees the bytes

    def file_complete(self, file_size: int) -> HashedUpload:
        self._wait()
        facts = self.hasher.result()
        if self.truncated:
            facts.update(truncated=True, limit=self.max_size)
            handle: BinaryIO = open(os.devnull, "rb")  # noqa: SIM115 - closed with the upload
        else:
            assert self.out is not None
            self.out.flush()
            os.fsync(self.out.fileno())
            self.out.seek(0)
            handle = self.out
        upload = HashedUpload(
            tmp=self.tmp,
            handle=handle,
            facts=facts,
            name=safe_name(self.file_name),
            content_type=self.content_type,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
        # From now on the upload object owns the temporary file (stored, closed or collected).
        self.cleanup.detach()
        upload.cleanup = weakref.finalize(upload, _discard_temporary, self.tmp)
        return upload

    def upload_interrupted(self) -> None:
        with contextlib.suppress(Exception):
            self._wait()
        if getattr(self, "out", None) is not None:
            with contextlib.suppress(OSError):
                self.out.close()  # type: ignore[union-attr]
        if getattr(self, "tmp", None) is not None:
            self.tmp.unlink(missing_ok=True)
            self.cleanup.detach()


def _discard_temporary(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
