"""Ed25519 signed checkpoints in the C2SP signed-note and tlog-checkpoint formats.

A note is ``<text>\\n<signature lines>``; the text of a checkpoint is ``<origin>\\n<size>\\n<base64
root>\\n`` followed by our extension lines ``hash <alg>`` and ``time <ISO-8601 UTC>``. A signature
line is ``— <key name> <base64(key id || Ed25519 signature)>``, the key id being the first four bytes
of SHA-256(key name || 0x0A || 0x01 || public key). The verifier key that outsiders keep is
``<name>+<hex key id>+<base64(0x01 || public key)>`` (the Go ``golang.org/x/mod/sumdb/note`` form).

The private key lives in a file (PKCS#8 PEM, mode 0600) named by ``RECORDLOG_SIGNING_KEY_FILE``;
``sanxiang recordlog init-key`` writes it. In development a missing key is created on first use;
in production it is an error that says what to run.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature as _CryptoInvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils.translation import gettext as _

from sanxiang.recordlog.merkle import HASH_SIZE

ED25519 = b"\x01"  # the signature type byte of C2SP signed-note
EM_DASH = "\u2014"


class SigningKeyMissing(Exception):
    """The signing key file does not exist (or cannot be read)."""


class NoteError(ValueError):
    """A note or verifier key is malformed, or no trusted signature on it verifies."""


class InvalidSignature(NoteError):
    """A signature by the trusted key is present but does not verify: the note was altered or forged."""


# --- the key -------------------------------------------------------------------------------------


def key_path() -> Path:
    return Path(settings.RECORDLOG_SIGNING_KEY_FILE)


def write_new_key(path: Path | str | None = None) -> Path:
    """Create a new Ed25519 key at ``path`` (default: the setting). Never overwrites a key: a new key
    would orphan every checkpoint that outsiders verified with the old one."""
    target = Path(path) if path is not None else key_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise FileExistsError(
            _("The signing key %(path)s already exists; it is not overwritten.") % {"path": target}
        ) from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    return target


def ensure_dev_key() -> Path | None:
    """In development, create the key if it is missing (so ``make demo`` and tests just work).
    In production do nothing: a missing key must be noticed, not silently replaced."""
    if getattr(settings, "PRODUCTION", False):
        return None
    path = key_path()
    if not path.exists():
        with contextlib.suppress(FileExistsError):  # created by a concurrent process meanwhile
            write_new_key(path)
    return path


def load_signing_key() -> Ed25519PrivateKey:
    path = key_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SigningKeyMissing(
            _(
                "The record log signing key %(path)s is missing. Run `sanxiang recordlog init-key` to "
                "create it (and publish the verifier key it prints), or set RECORDLOG_SIGNING_KEY_FILE."
            )
            % {"path": path}
        ) from None
    except OSError as exc:
        raise SigningKeyMissing(
            _("The record log signing key %(path)s cannot be read: %(error)s")
            % {"path": path, "error": exc.strerror}
        ) from exc
    key = serialization.load_pem_private_key(data, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyMissing(
            _("The record log signing key %(path)s is not an Ed25519 key.") % {"path": path}
        )
    return key


def _public_bytes(public: Ed25519PublicKey) -> bytes:
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(name: str, public_key: bytes) -> bytes:
    return hashlib.sha256(name.encode("utf-8") + b"\n" + ED25519 + public_key).digest()[:4]


def check_key_name(name: str) -> None:
    if not name or any(ch.isspace() or ch == "+" for ch in name):
        raise NoteError(f"key name {name!r} must be non-empty, without spaces or '+'")


def default_key_name() -> str:
    """The key name is the log's origin, as tlog-checkpoint recommends."""
    from sanxiang.recordlog.queries import get_log

    return get_log().origin


def verifier_key(name: str | None = None, key: Ed25519PrivateKey | None = None) -> str:
    """``<name>+<hex key id>+<base64(0x01 || public key)>`` for the signing key: what to publish."""
    name = name or default_key_name()
    check_key_name(name)
    public = _public_bytes((key or load_signing_key()).public_key())
    return f"{name}+{key_id(name, public).hex()}+{base64.b64encode(ED25519 + public).decode()}"


@dataclass(frozen=True)
class Verifier:
    name: str
    key_id: bytes
    public_key: Ed25519PublicKey


def parse_verifier_key(text: str) -> Verifier:
    parts = text.strip().split("+", 2)
    if len(parts) != 3:
        raise NoteError("a verifier key is <name>+<hex key id>+<base64 key>")
    name, hex_id, encoded = parts
    check_key_name(name)
    try:
        raw = base64.b64decode(encoded, validate=True)
        wanted_id = bytes.fromhex(hex_id)
    except (binascii.Error, ValueError) as exc:
        raise NoteError(f"verifier key is not valid base64/hex: {exc}") from exc
    if len(raw) != 33 or raw[:1] != ED25519:
        raise NoteError("verifier key is not an Ed25519 (type 0x01) key")
    if len(wanted_id) != 4 or key_id(name, raw[1:]) != wanted_id:
        raise NoteError("verifier key id does not match its name and public key")
    return Verifier(name, wanted_id, Ed25519PublicKey.from_public_bytes(raw[1:]))


# --- notes ---------------------------------------------------------------------------------------


def sign_note(body: str, *, key_name: str | None = None, key: Ed25519PrivateKey | None = None) -> str:
    """The full signed note: ``body`` (ending in a newline), a blank line, one signature line."""
    if not body.endswith("\n") or "\n\n" in body:
        raise NoteError("a note text ends in a newline and has no empty line")
    name = key_name or default_key_name()
    check_key_name(name)
    key = key or load_signing_key()
    signature = key.sign(body.encode("utf-8"))
    kid = key_id(name, _public_bytes(key.public_key()))
    return f"{body}\n{EM_DASH} {name} {base64.b64encode(kid + signature).decode()}\n"


def split_note(note: str) -> tuple[str, list[tuple[str, bytes]]]:
    """(text, [(key name, key id || signature)]); the text is separated at the last blank line."""
    if not note.endswith("\n"):
        raise NoteError("a signed note ends in a newline")
    if any(ord(ch) < 0x20 and ch != "\n" for ch in note):
        raise NoteError("a signed note contains a control character")
    cut = note.rfind("\n\n")
    if cut < 0:
        raise NoteError("no blank line separates the note text from its signatures")
    text, lines = note[: cut + 1], note[cut + 2 :].splitlines()
    signatures = []
    for line in lines:
        prefix = f"{EM_DASH} "
        parts = line[len(prefix) :].split(" ") if line.startswith(prefix) else []
        if len(parts) != 2:
            raise NoteError(f"malformed signature line {line!r}")
        try:
            blob = base64.b64decode(parts[1], validate=True)
        except binascii.Error as exc:
            raise NoteError(f"signature of {parts[0]} is not base64") from exc
        if len(blob) < 5:
            raise NoteError(f"signature of {parts[0]} is too short")
        signatures.append((parts[0], blob))
    if not signatures:
        raise NoteError("the note has no signature")
    return text, signatures


def open_note(note: str, verifier: str | Verifier) -> str:
    """The verified text of ``note``; ``InvalidSignature`` if the trusted key's signature fails."""
    trusted = parse_verifier_key(verifier) if isinstance(verifier, str) else verifier
    text, signatures = split_note(note)
    verified = False
    for name, blob in signatures:
        if name != trusted.name or blob[:4] != trusted.key_id:
            continue  # C2SP: signatures from unknown keys are ignored
        try:
            trusted.public_key.verify(blob[4:], text.encode("utf-8"))
        except _CryptoInvalidSignature:
            raise InvalidSignature(f"the signature by {name} does not verify: the note was altered") from None
        verified = True
    if not verified:
        raise InvalidSignature(f"the note carries no signature by the trusted key {trusted.name}")
    return text


# --- checkpoints ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckpointBody:
    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    @property
    def hash_alg(self) -> str | None:
        return self._extension("hash")

    @property
    def time(self) -> str | None:
        return self._extension("time")

    def _extension(self, name: str) -> str | None:
        for line in self.extensions:
            if line.startswith(name + " "):
                return line[len(name) + 1 :]
        return None


def format_time(moment: dt.datetime) -> str:
    """ISO-8601 in UTC with a ``Z``, to the microsecond: the one spelling used in entries and notes."""
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is needed")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def checkpoint_body(origin: str, size: int, root: bytes, hash_alg: str, time: dt.datetime) -> str:
    check_key_name(origin)
    return f"{origin}\n{size}\n{base64.b64encode(root).decode()}\nhash {hash_alg}\ntime {format_time(time)}\n"


def parse_checkpoint_body(text: str) -> CheckpointBody:
    lines = text.split("\n")
    if len(lines) < 4 or lines[-1] != "":
        raise NoteError("a checkpoint has at least three lines, each ending in a newline")
    origin, size_text, root_text, *extensions = lines[:-1]
    if not origin:
        raise NoteError("the checkpoint origin is empty")
    if not size_text.isascii() or not size_text.isdigit() or (size_text != "0" and size_text.startswith("0")):
        raise NoteError(f"the checkpoint tree size {size_text!r} is not a decimal number")
    try:
        root = base64.b64decode(root_text, validate=True)
    except binascii.Error as exc:
        raise NoteError("the checkpoint root hash is not base64") from exc
    if len(root) != HASH_SIZE:
        raise NoteError(f"the checkpoint root hash is {len(root)} bytes, not {HASH_SIZE}")
    if any(not line for line in extensions):
        raise NoteError("a checkpoint extension line is empty")
    return CheckpointBody(origin, int(size_text), root, tuple(extensions))


def verify_note(note: str, verifier_key: str | Verifier) -> tuple[str, int, bytes]:
    """Check the signature of a checkpoint note; return its (origin, tree size, root hash)."""
    body = parse_checkpoint_body(open_note(note, verifier_key))
    return body.origin, body.size, body.root
