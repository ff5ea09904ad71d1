"""A BagIt (RFC 8493) bag written straight into a zip, one pass per file.

Every payload file is copied into the zip through a fixed buffer while its SHA-256 is computed, so
a file of several GiB never sits in memory and is read once. The manifests are written last (a zip
does not care about order), then ``tagmanifest-sha256.txt`` over the tag files. Pure Python with no
Django import: the verifier's reader (``read_manifest``) is the same code an outsider would write.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterable
from typing import IO

BUFFER = 1024 * 1024  # bytes per read: memory use is flat in the file's size
VERSION = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
MANIFEST = "manifest-sha256.txt"
TAG_MANIFEST = "tagmanifest-sha256.txt"
BAGIT_TXT = "bagit.txt"
BAG_INFO = "bag-info.txt"
TAG_FILES = (BAGIT_TXT, BAG_INFO, MANIFEST)


def encode_path(path: str) -> str:
    """RFC 8493 §2.1.3: CR, LF and % in a manifest path are percent-encoded."""
    return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def decode_path(path: str) -> str:
    return (
        path.replace("%0D", "\r")
        .replace("%0d", "\r")
        .replace("%0A", "\n")
        .replace("%0a", "\n")
        .replace("%25", "%")
    )


def manifest_text(digests: Iterable[tuple[str, str]]) -> str:
    """``<hex digest>  <path>`` per line, sorted by path so the same bag gives the same bytes."""
    return "".join(f"{digest}  {encode_path(path)}\n" for path, digest in sorted(digests))


def read_manifest(text: str) -> tuple[dict[str, str], list[str]]:
    """({path: hex digest}, [lines that are not ``<hex>  <path>`` or repeat a path])."""
    entries: dict[str, str] = {}
    bad: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        digest, sep, path = line.partition(" ")
        path = path.lstrip(" ")
        if not sep or not path or len(digest) != 64 or any(c not in "0123456789abcdefABCDEF" for c in digest):
            bad.append(line)
            continue
        decoded = decode_path(path)
        if decoded in entries:
            bad.append(line)
            continue
        entries[decoded] = digest.lower()
    return entries, bad


class BagWriter:
    """Write files into ``data/`` of a bag in ``archive``, remembering their digests and sizes."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.payload: dict[str, str] = {}
        self.octets = 0

    def _member(self, path: str, compress: bool) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(path, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        info.external_attr = 0o644 << 16
        return info

    def add_stream(self, path: str, source: IO[bytes], *, compress: bool = False) -> tuple[str, int]:
        """Copy ``source`` to ``data/<path>`` with a fixed buffer; return (sha256 hex, size)."""
        name = "data/" + path
        if name in self.payload:
            raise ValueError(f"{name} is already in the bag")
        digest = hashlib.sha256()
        size = 0
        # force_zip64: evidence may exceed 4 GiB and the size is not known before the copy.
        with self.archive.open(self._member(name, compress), "w", force_zip64=True) as target:
            while chunk := source.read(BUFFER):
                digest.update(chunk)
                target.write(chunk)
                size += len(chunk)
        self.payload[name] = digest.hexdigest()
        self.octets += size
        return self.payload[name], size

    def add_bytes(self, path: str, data: bytes, *, compress: bool = True) -> tuple[str, int]:
        name = "data/" + path
        if name in self.payload:
            raise ValueError(f"{name} is already in the bag")
        self.archive.writestr(self._member(name, compress), data)
        self.payload[name] = hashlib.sha256(data).hexdigest()
        self.octets += len(data)
        return self.payload[name], len(data)

    def finish(self, info: Iterable[tuple[str, str]]) -> None:
        """Write bagit.txt, bag-info.txt (``info`` plus Payload-Oxum), the payload manifest and the tag
        manifest."""
        lines = [f"{label}: {_one_line(value)}" for label, value in info]
        lines.append(f"Payload-Oxum: {self.octets}.{len(self.payload)}")
        tags = {
            BAGIT_TXT: VERSION.encode(),
            BAG_INFO: ("\n".join(lines) + "\n").encode("utf-8"),
            MANIFEST: manifest_text(self.payload.items()).encode("utf-8"),
        }
        for name, data in tags.items():
            self.archive.writestr(self._member(name, True), data)
        tag_digests = [(name, hashlib.sha256(data).hexdigest()) for name, data in tags.items()]
        self.archive.writestr(self._member(TAG_MANIFEST, True), manifest_text(tag_digests).encode("utf-8"))


def _one_line(value: str) -> str:
    return " ".join(str(value).split())
