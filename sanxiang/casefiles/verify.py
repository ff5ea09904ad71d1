"""Offline verification of an exported case file: no database, only the zip (and, if given, a
verifier key the caller trusts).

Checks, each failure naming the file and what differs:

1. the zip itself: readable, no path tricks, no name twice;
2. BagIt (RFC 8493): ``bagit.txt``; the tag manifest over the tag files; every payload file listed
   in ``manifest-sha256.txt`` with the same SHA-256, nothing listed missing, nothing extra;
   ``Payload-Oxum``;
3. the checkpoint's Ed25519 signature with the key in the package and, if given, the trusted key;
4. every record log entry's inclusion proof against the checkpoint's root (RFC 9162 §2.1.3.2);
5. every document's and evidence file's SHA-256 named by an entry of the package (``digest``).

Used by ``sanxiang cases verify-export`` and by the upload page; reuses the record log's own proof
and signature code (``recordlog.merkle``, ``recordlog.signing``), which import no model.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from cryptography.hazmat.primitives import hashes
from django.utils.translation import gettext as _

from sanxiang.casefiles import bagit, layout
from sanxiang.casefiles.budget import Budget, OverBudget
from sanxiang.recordlog import merkle, signing

READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError)


@dataclass(frozen=True)
class Problem:
    path: str  # the file in the package ("" for the package as a whole)
    code: str  # missing, altered, extra, unsafe_path, duplicate, malformed, bad_signature,
    # untrusted_key, bad_proof, not_logged, not_listed, oxum, not_zip, too_large, ratio, timeout
    message: str

    def __str__(self) -> str:
        return f"{self.path or '-'}: [{self.code}] {self.message}"


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, path: str, code: str, message: str) -> None:
        self.problems.append(Problem(path, code, message))

    def paths(self) -> set[str]:
        return {p.path for p in self.problems}


@dataclass
class _Digests:
    sha256: str
    sm3: str | None = None
    size: int = 0


def _unsafe(name: str) -> bool:
    parts = name.split("/")
    return (
        name.startswith("/")
        or "\\" in name
        or ".." in parts
        or "" in parts[:-1]
        or any(ord(ch) < 0x20 for ch in name)
        or (len(name) > 1 and name[1] == ":")
    )


def verify_package(
    source: str | Path | IO[bytes],
    *,
    trusted_key: str | None = None,
    max_bytes: int | None = None,
    budget: Budget | None = None,
) -> Report:
    """Check the package at ``source`` (a path or a seekable binary file). ``budget`` bounds the
    unpacked size and each file's compression ratio (the public page must not inflate a zip bomb;
    ``casefiles.bounded`` runs it); ``max_bytes`` alone bounds the size only. The command line
    passes neither."""
    if budget is None and max_bytes is not None:
        budget = Budget(max_bytes=max_bytes, max_ratio=None)
    report = Report()
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        report.add("", "not_zip", _("The file is not a readable zip archive: %(error)s") % {"error": exc})
        return report
    with archive:
        try:
            if budget is not None:
                budget.precheck(archive.infolist())
            _Verifier(archive, report, trusted_key, budget).run()
        except OverBudget as exc:
            # A refusal by size stops the check: what was found so far is not the whole story.
            report.problems.clear()
            report.add(exc.path, exc.code, exc.message)
        if budget is not None:
            report.summary["inflated_bytes"] = budget.inflated
    return report


class _Verifier:
    def __init__(
        self, archive: zipfile.ZipFile, report: Report, trusted_key: str | None, budget: Budget | None
    ) -> None:
        self.archive = archive
        self.budget = budget
        self.report = report
        self.trusted_key = trusted_key
        self.members: dict[str, zipfile.ZipInfo] = {}
        self.unreadable: set[str] = set()
        self.hash_alg: str | None = None
        self.tag_mismatches: list[str] = []

    # --- reading ------------------------------------------------------------------------------

    def _chunks(self, name: str) -> Iterator[bytes]:
        info = self.members[name]
        done = 0
        with self.archive.open(info) as handle:
            while chunk := handle.read(bagit.BUFFER):
                if self.budget is not None:
                    done += len(chunk)
                    self.budget.charge(info, len(chunk), done)
                yield chunk

    def _read_small(self, name: str, limit: int = 16 * 1024 * 1024) -> bytes | None:
        """A tag or log file's bytes; None (and a problem) if missing, unreadable or too big."""
        if name not in self.members:
            self.report.add(name, "missing", _("The file is missing from the package."))
            return None
        if self.members[name].file_size > limit:
            self.report.add(name, "malformed", _("The file is too large for what it should hold."))
            return None
        try:
            return b"".join(self._chunks(name))
        except READ_ERRORS as exc:
            self._unreadable(name, exc)
            return None

    def _unreadable(self, name: str, exc: BaseException) -> None:
        if name not in self.unreadable:
            self.unreadable.add(name)
            self.report.add(
                name,
                "altered",
                _("The file's bytes in the zip do not match the zip's own checksum (altered): %(error)s")
                % {"error": exc},
            )

    def _digests(self, name: str, sm3: bool) -> _Digests | None:
        sha = hashlib.sha256()
        other = hashes.Hash(hashes.SM3()) if sm3 else None
        size = 0
        try:
            for chunk in self._chunks(name):
                sha.update(chunk)
                if other is not None:
                    other.update(chunk)
                size += len(chunk)
        except READ_ERRORS as exc:
            self._unreadable(name, exc)
            return None
        return _Digests(sha.hexdigest(), other.finalize().hex() if other is not None else None, size)

    def _text(self, name: str) -> str | None:
        data = self._read_small(name)
        if data is None:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            self.report.add(name, "malformed", _("The file is not UTF-8 text."))
            return None

    # --- the checks -----------------------------------------------------------------------------

    def run(self) -> None:
        self._list_members()
        self._check_tags()
        log = self._check_checkpoint()
        digests = self._check_payload()
        entries = self._check_entries(log) if log is not None else {}
        self._check_logged(digests, entries)
        self._check_case_json(digests, entries)
        self._blame_tag_manifest()

    def _blame_tag_manifest(self) -> None:
        """A tag file that differs from its line in the tag manifest, but is otherwise consistent
        (bagit.txt as it must be, the payload manifest matching every payload file, Payload-Oxum
        right), points at the tag manifest as the altered file: name it too."""
        for name in self.tag_mismatches:
            others = [p for p in self.report.problems if p.path == name and p.code != "altered"]
            if name == bagit.MANIFEST:
                others += [p for p in self.report.problems if p.path.startswith("data/")]
            if not others:
                self.report.add(
                    bagit.TAG_MANIFEST,
                    "altered",
                    _("Its line for %(name)s does not match that file, which is otherwise consistent.")
                    % {"name": name},
                )

    def _list_members(self) -> None:
        for info in self.archive.infolist():
            name = info.filename
            if info.is_dir():
                continue
            if _unsafe(name):
                self.report.add(
                    name, "unsafe_path", _("The file name leaves the package or is not a plain path.")
                )
                continue
            if name in self.members:
                self.report.add(name, "duplicate", _("The package holds two files of this name."))
                continue
            self.members[name] = info
        self.report.summary["files"] = len(self.members)

    def _check_tags(self) -> None:
        version = self._read_small(bagit.BAGIT_TXT)
        if version is not None and version.decode("utf-8", "replace") != bagit.VERSION:
            self.report.add(bagit.BAGIT_TXT, "malformed", _("It does not declare BagIt 1.0 in UTF-8."))
        text = self._text(bagit.TAG_MANIFEST)
        listed: dict[str, str] = {}
        if text is not None:
            listed, bad = bagit.read_manifest(text)
            for line in bad:
                self.report.add(
                    bagit.TAG_MANIFEST, "malformed", _("Malformed line: %(line)s") % {"line": line}
                )
        for name in bagit.TAG_FILES:
            if name not in listed and text is not None:
                self.report.add(
                    bagit.TAG_MANIFEST,
                    "not_listed",
                    _("The tag manifest does not list %(name)s.") % {"name": name},
                )
        for name, wanted in listed.items():
            if name not in bagit.TAG_FILES:
                self.report.add(
                    bagit.TAG_MANIFEST,
                    "extra",
                    _("The tag manifest lists %(name)s, which the package format does not have.")
                    % {"name": name},
                )
                continue
            if name not in self.members:
                continue  # reported as missing when read
            got = self._digests(name, sm3=False)
            if got is not None and got.sha256 != wanted:
                self._differs(name, got.sha256, wanted, bagit.TAG_MANIFEST)
                self.tag_mismatches.append(name)
        for name in self.members:
            top_level = "/" not in name
            if (top_level and name not in (*bagit.TAG_FILES, bagit.TAG_MANIFEST)) or (
                not top_level and not name.startswith("data/")
            ):
                self.report.add(name, "extra", _("The package format has no such file."))

    def _differs(self, name: str, got: str, wanted: str, manifest: str) -> None:
        self.report.add(
            name,
            "altered",
            _("Its SHA-256 is %(got)s but %(manifest)s says %(wanted)s: the file was altered.")
            % {"got": got, "manifest": manifest, "wanted": wanted},
        )

    def _check_checkpoint(self) -> tuple[str, int, bytes] | None:
        """(hash algorithm, tree size, root) of the checkpoint if its signature verifies."""
        key_text = self._text(layout.VERIFIER_KEY)
        note = self._text(layout.CHECKPOINT)
        if key_text is None or note is None:
            return None
        try:
            packaged = signing.parse_verifier_key(key_text)
        except signing.NoteError as exc:
            self.report.add(
                layout.VERIFIER_KEY, "malformed", _("Not a verifier key: %(error)s") % {"error": exc}
            )
            return None
        self.report.summary["key"] = key_text.strip()
        verified = None
        try:
            verified = signing.parse_checkpoint_body(signing.open_note(note, packaged))
        except signing.InvalidSignature as exc:
            self.report.add(
                layout.CHECKPOINT,
                "bad_signature",
                _("The checkpoint's signature does not verify with the package's key: %(error)s")
                % {"error": exc},
            )
        except signing.NoteError as exc:
            self.report.add(
                layout.CHECKPOINT, "malformed", _("Not a signed checkpoint: %(error)s") % {"error": exc}
            )
        if self.trusted_key is not None:
            self._check_trusted(note, key_text)
        if verified is None:
            return None
        alg = verified.hash_alg or "sha256"
        if alg not in merkle.ALGORITHMS:
            self.report.add(
                layout.CHECKPOINT, "malformed", _("Unknown hash algorithm %(alg)s.") % {"alg": alg}
            )
            return None
        self.hash_alg = alg
        self.report.summary.update(
            origin=verified.origin, tree_size=verified.size, hash_alg=alg, checkpoint_time=verified.time
        )
        return alg, verified.size, verified.root

    def _check_trusted(self, note: str, key_text: str) -> None:
        try:
            trusted = signing.parse_verifier_key(self.trusted_key or "")
        except signing.NoteError as exc:
            self.report.add(
                "", "untrusted_key", _("The key you trust is not a verifier key: %(error)s") % {"error": exc}
            )
            return
        if key_text.strip() != (self.trusted_key or "").strip():
            self.report.add(
                layout.VERIFIER_KEY,
                "untrusted_key",
                _("The package's key is not the key you trust (%(name)s+%(id)s).")
                % {"name": trusted.name, "id": trusted.key_id.hex()},
            )
        try:
            signing.open_note(note, trusted)
        except signing.NoteError as exc:
            self.report.add(
                layout.CHECKPOINT,
                "untrusted_key",
                _("The checkpoint is not signed by the key you trust: %(error)s") % {"error": exc},
            )

    def _check_payload(self) -> dict[str, _Digests]:
        text = self._text(bagit.MANIFEST)
        if text is None:
            return {}
        listed, bad = bagit.read_manifest(text)
        for line in bad:
            self.report.add(bagit.MANIFEST, "malformed", _("Malformed line: %(line)s") % {"line": line})
        payload = [name for name in self.members if name.startswith("data/")]
        digests: dict[str, _Digests] = {}
        sm3 = self.hash_alg == "sm3"
        for name in sorted(payload):
            if name not in listed:
                self.report.add(name, "extra", _("The file is not in the manifest: it was added."))
                continue
            got = self._digests(name, sm3=sm3 and name.startswith(layout.LOGGED_DIRS))
            if got is None:
                continue
            digests[name] = got
            if got.sha256 != listed[name]:
                self._differs(name, got.sha256, listed[name], bagit.MANIFEST)
        for name in sorted(set(listed) - set(payload)):
            self.report.add(
                name, "missing", _("The manifest lists this file but the package does not hold it.")
            )
        self._check_oxum(digests)
        return digests

    def _check_oxum(self, digests: dict[str, _Digests]) -> None:
        text = self._text(bagit.BAG_INFO)
        if text is None:
            return
        info = dict(
            (label.strip(), value.strip())
            for label, sep, value in (line.partition(":") for line in text.splitlines())
            if sep
        )
        self.report.summary["bag_info"] = info
        oxum = info.get("Payload-Oxum")
        present = [name for name in self.members if name.startswith("data/")]
        if len(digests) == len(present):
            actual = f"{sum(d.size for d in digests.values())}.{len(present)}"
            if oxum != actual:
                self.report.add(
                    bagit.BAG_INFO,
                    "oxum",
                    _("Payload-Oxum says %(said)s but the payload is %(actual)s (bytes.files).")
                    % {"said": oxum, "actual": actual},
                )

    def _check_entries(self, log: tuple[str, int, bytes]) -> dict[int, dict[str, Any]]:
        """{seq: parsed entry} for every entry whose inclusion proof verifies."""
        alg, size, root = log
        entry_files = {
            layout.seq_of(n, layout.ENTRIES): n for n in self.members if n.startswith(layout.ENTRIES)
        }
        proof_files = {
            layout.seq_of(n, layout.PROOFS): n for n in self.members if n.startswith(layout.PROOFS)
        }
        for seqs, folder in ((entry_files, layout.ENTRIES), (proof_files, layout.PROOFS)):
            if None in seqs:
                self.report.add(folder, "extra", _("A file here is not named <entry number>.json."))
                seqs.pop(None)
        verified: dict[int, dict[str, Any]] = {}
        for seq in sorted(set(entry_files) | set(proof_files), key=lambda s: s or 0):
            assert seq is not None
            if seq not in proof_files:
                self.report.add(
                    layout.proof_path(seq),
                    "missing",
                    _("Entry %(seq)s has no inclusion proof.") % {"seq": seq},
                )
                continue
            if seq not in entry_files:
                self.report.add(
                    layout.entry_path(seq),
                    "missing",
                    _("The proof names entry %(seq)s but the package does not hold it.") % {"seq": seq},
                )
                continue
            entry = self._read_small(entry_files[seq])
            proof_bytes = self._read_small(proof_files[seq])
            if entry is None or proof_bytes is None:
                continue
            parsed = self._check_one(seq, entry, proof_bytes, alg, size, root)
            if parsed is not None:
                verified[seq] = parsed
        self.report.summary["entries"] = len(verified)
        return verified

    def _check_one(
        self, seq: int, entry: bytes, proof_bytes: bytes, alg: str, size: int, root: bytes
    ) -> dict[str, Any] | None:
        entry_name, proof_name = layout.entry_path(seq), layout.proof_path(seq)
        try:
            proof = json.loads(proof_bytes)
            path = [base64.b64decode(p, validate=True) for p in proof["proof"]]
            if proof.get("format") != layout.PROOF_FORMAT or proof.get("type") != "inclusion":
                raise ValueError("not an inclusion proof of " + layout.PROOF_FORMAT)
            if proof.get("seq") != seq or proof.get("tree_size") != size:
                raise ValueError(
                    f"it is for entry {proof.get('seq')} in a tree of {proof.get('tree_size')}, not {seq} in {size}"
                )
            if "entry" in proof and base64.b64decode(proof["entry"], validate=True) != entry:
                raise ValueError("the entry inside the proof differs from " + entry_name)
        except (ValueError, KeyError, TypeError, binascii.Error) as exc:
            self.report.add(
                proof_name, "malformed", _("Not a usable inclusion proof: %(error)s") % {"error": exc}
            )
            return None
        try:
            merkle.verify_inclusion(merkle.leaf_hash(entry, alg), seq, size, path, root, alg)
        except merkle.InvalidProof as exc:
            self.report.add(
                entry_name,
                "bad_proof",
                _("Entry %(seq)s is not the one the signed checkpoint covers (%(reason)s): it was altered.")
                % {"seq": seq, "reason": exc.reason},
            )
            return None
        try:
            parsed = json.loads(entry)
            if not isinstance(parsed, dict) or parsed.get("seq") != seq:
                raise ValueError("its seq field is not the file's number")
        except ValueError as exc:
            self.report.add(entry_name, "malformed", _("Not a record log entry: %(error)s") % {"error": exc})
            return None
        return parsed

    def _check_logged(self, digests: dict[str, _Digests], entries: dict[int, dict[str, Any]]) -> None:
        logged: dict[str, int] = {}
        for seq, entry in entries.items():
            payload = entry.get("payload")
            if isinstance(payload, dict):
                for key in ("digest", "sha256"):
                    value = payload.get(key)
                    if isinstance(value, str):
                        logged.setdefault(value.lower(), seq)
        self.report.summary["logged_files"] = 0
        for name, got in sorted(digests.items()):
            if not name.startswith(layout.LOGGED_DIRS):
                continue
            if got.sha256 in logged or (got.sm3 is not None and got.sm3 in logged):
                self.report.summary["logged_files"] += 1
                continue
            self.report.add(
                name,
                "not_logged",
                _("No record log entry in the package names this file's SHA-256 %(digest)s.")
                % {"digest": got.sha256},
            )

    def _check_case_json(self, digests: dict[str, _Digests], entries: dict[int, dict[str, Any]]) -> None:
        data = self._read_small(layout.CASE_JSON)
        if data is None:
            return
        try:
            case = json.loads(data)
            if case.get("format") != layout.FORMAT:
                raise ValueError(f"format is {case.get('format')!r}, not {layout.FORMAT}")
            items = {item["path"]: item for item in case["items"]}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            self.report.add(
                layout.CASE_JSON, "malformed", _("Not a case description: %(error)s") % {"error": exc}
            )
            return
        self.report.summary["case"] = {k: case.get("case", {}).get(k) for k in ("number", "title", "state")}
        for name, got in digests.items():
            if name.startswith(layout.LOGGED_DIRS) or name == layout.CATALOGUE:
                item = items.get(name)
                if item is None:
                    self.report.add(name, "not_listed", _("case.json does not list this file."))
                elif item.get("sha256") != got.sha256:
                    self._differs(name, got.sha256, str(item.get("sha256")), layout.CASE_JSON)
        for name in items:
            if name not in self.members:
                self.report.add(
                    name, "missing", _("case.json lists this file but the package does not hold it.")
                )
        self.report.summary["documents"] = sum(1 for n in digests if n.startswith(layout.DOCUMENTS))
        self.report.summary["evidence"] = sum(1 for n in digests if n.startswith(layout.EVIDENCE))
