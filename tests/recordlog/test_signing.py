"""Our signed notes are byte-for-byte those of golang.org/x/mod/sumdb/note (the reference
implementation of C2SP signed-note), so standard tools read our checkpoints."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sanxiang.recordlog import signing

# The known-answer example of golang.org/x/mod/sumdb/note (Ed25519 is deterministic).
GO_SIGNER = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_VERIFIER = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
)
GO_NOTE = (
    GO_TEXT
    + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
)
# transparency-dev/formats: a verifier key whose base64 contains '+'.
PLUS_KEY = "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6"


def go_key() -> Ed25519PrivateKey:
    seed = base64.b64decode(GO_SIGNER.split("+", 4)[4])
    assert seed[:1] == b"\x01"
    return Ed25519PrivateKey.from_private_bytes(seed[1:])


def test_we_sign_exactly_as_the_go_reference_does():
    key = go_key()
    assert signing.sign_note(GO_TEXT, key_name="PeterNeumann", key=key) == GO_NOTE
    assert signing.verifier_key("PeterNeumann", key) == GO_VERIFIER
    assert signing.open_note(GO_NOTE, GO_VERIFIER) == GO_TEXT


def test_a_changed_letter_or_a_foreign_key_is_refused():
    with pytest.raises(signing.InvalidSignature):
        signing.open_note(GO_NOTE.replace("cryptography", "cryptographY"), GO_VERIFIER)
    with pytest.raises(signing.InvalidSignature, match="no signature by the trusted key"):
        signing.open_note(GO_NOTE, PLUS_KEY)


def test_verifier_keys_with_a_plus_in_their_base64_parse():
    verifier = signing.parse_verifier_key(PLUS_KEY)
    assert (verifier.name, verifier.key_id.hex()) == ("TEST", "7997405c")


@pytest.mark.parametrize(
    "bad",
    [
        "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # wrong id
        "PeterNeumann+c74f20a3+AhpC2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # wrong type
        "PeterNeumann+c74f20a3",
        "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
    ],
)
def test_malformed_verifier_keys_are_refused(bad):
    with pytest.raises(signing.NoteError):
        signing.parse_verifier_key(bad)


@pytest.mark.parametrize(
    "body",
    [
        "o\n1\n",  # too few lines
        "o\n01\n" + base64.b64encode(bytes(32)).decode() + "\n",  # leading zero
        "o\n1\n" + base64.b64encode(bytes(31)).decode() + "\n",  # short root
        "\n1\n" + base64.b64encode(bytes(32)).decode() + "\n",  # empty origin
    ],
)
def test_malformed_checkpoint_bodies_are_refused(body):
    with pytest.raises(signing.NoteError):
        signing.parse_checkpoint_body(body)


def test_a_checkpoint_body_round_trips():
    import datetime as dt

    text = signing.checkpoint_body(
        "example.org/recordlog", 42, bytes(range(32)), "sm3", dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    )
    body = signing.parse_checkpoint_body(text)
    assert (body.origin, body.size, body.root, body.hash_alg, body.time) == (
        "example.org/recordlog",
        42,
        bytes(range(32)),
        "sm3",
        "2026-01-02T03:04:05.000000Z",
    )
