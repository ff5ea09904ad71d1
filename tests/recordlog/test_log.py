"""Appending, the stored tree, checkpoints and proofs, on the real database."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import stat

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from sanxiang.core.errors import Invalid, NotVisible, WrongState
from sanxiang.recordlog import actions, merkle, queries, signing
from sanxiang.recordlog.canonical import canonical_json
from sanxiang.recordlog.models import Checkpoint, Entry, Node
from sanxiang.recordlog.verify import verify_log


def test_an_entry_is_canonical_json_holding_every_field(append, django_user_model):
    user = django_user_model.objects.create(username="li", display_name="李四")
    entry = append(
        kind="certificate.issued",
        subject=user,
        actor=user,
        payload={"number": "330101000001", "digest": "ab" * 32, "amount": "5000.00"},
        occurred_at=dt.datetime(2026, 3, 1, 17, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))),
        agency_id=12,
    )
    document = json.loads(bytes(entry.canonical))
    assert document == {
        "format": "sanxiang-recordlog/1",
        "hash_alg": "sha256",
        "seq": 0,
        "kind": "certificate.issued",
        "agency_id": 12,
        "subject": {"type": "accounts.user", "id": str(user.pk)},
        "actor": {"id": user.pk, "label": str(user)},
        "occurred_at": "2026-03-01T09:00:00.000000Z",
        "recorded_at": document["recorded_at"],
        "payload": {"number": "330101000001", "digest": "ab" * 32, "amount": "5000.00"},
    }
    assert document["recorded_at"].endswith("Z")
    assert bytes(entry.canonical) == canonical_json(document)
    assert bytes(entry.leaf_hash) == hashlib.sha256(b"\x00" + bytes(entry.canonical)).digest()
    assert entry.digest == "ab" * 32
    assert list(queries.entries_with_digest("AB" * 32)) == [entry]
    assert list(queries.entries_for_subject("accounts.user", user.pk)) == [entry]


def test_the_system_and_a_type_id_pair_are_valid_subjects_and_actors(append):
    entry = append(subject=None, actor=None)
    assert (entry.subject_type, entry.subject_id, entry.actor_id, entry.actor_label) == (
        "",
        "",
        None,
        "system",
    )
    entry = append(subject=("cases.case", 42))
    assert (entry.subject_type, entry.subject_id) == ("cases.case", "42")
    entry = append(actor="token:ab12cd")  # a principal that is not a person, e.g. an API token
    assert (entry.actor_id, entry.actor_label) == (None, "token:ab12cd")
    assert json.loads(bytes(entry.canonical))["actor"] == {"id": None, "label": "token:ab12cd"}
    with pytest.raises(Invalid):
        append(actor="  ")


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"payload": {"amount": 12.5}}, "recordlog_payload"),
        ({"payload": {"when": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)}}, "recordlog_payload"),
        ({"payload": {"big": 2**60}}, "recordlog_payload"),
        ({"payload": ["not", "an", "object"]}, "recordlog_payload"),
        ({"payload": {"digest": "ABCDEF0123456789ABCDEF0123456789"}}, "recordlog_digest"),
        ({"occurred_at": dt.datetime(2026, 1, 1)}, "recordlog_occurred_at"),
        ({"kind": "Has Spaces"}, "recordlog_kind"),
        ({"subject": object()}, "recordlog_subject"),
        ({"agency_id": "12"}, "recordlog_agency"),
    ],
)
def test_what_cannot_be_recorded_exactly_is_refused(append, overrides, code):
    with pytest.raises(Invalid) as refused:
        append(**overrides)
    assert refused.value.code == code
    assert Entry.objects.count() == 0


def test_sequence_numbers_are_gapless_and_every_perfect_subtree_is_stored(append):
    for _ in range(37):
        append()
    assert list(Entry.objects.order_by("seq").values_list("seq", flat=True)) == list(range(37))
    stored = {
        (level, index): bytes(value)
        for level, index, value in Node.objects.values_list("level", "index", "hash")
    }
    assert set(stored) == {(level, index) for level in range(6) for index in range(37 >> level)}
    leaves = [bytes(value) for value in Entry.objects.order_by("seq").values_list("leaf_hash", flat=True)]
    for (level, index), value in stored.items():
        assert value == merkle.root_of(leaves[index << level : (index + 1) << level], "sha256")
    assert queries.tree_size() == 37
    assert queries.root_at(37) == merkle.root_of(leaves, "sha256")
    assert queries.root_at(0) == merkle.empty_root("sha256")


def test_proofs_from_the_database_verify_against_signed_checkpoints(append, django_assert_max_num_queries):
    checkpoints = []
    for grow in (1, 4, 7, 13, 2):
        for _ in range(grow):
            append()
        checkpoints.append(actions.make_checkpoint())
    key = queries.verifier_key_text()
    log = queries.get_log()
    for checkpoint in checkpoints:
        origin, size, root = signing.verify_note(checkpoint.signed_note, key)
        assert (origin, size, root) == (log.origin, checkpoint.tree_size, bytes(checkpoint.root_hash))
        for seq in range(size):
            with django_assert_max_num_queries(2):
                proof = queries.inclusion_proof(seq, size, log=log)
            merkle.verify_inclusion(bytes(queries.entry_at(seq).leaf_hash), seq, size, proof, root, "sha256")
    for old in checkpoints:
        for new in checkpoints:
            if old.tree_size <= new.tree_size:
                proof = queries.consistency_proof(old.tree_size, new.tree_size, log=log)
                merkle.verify_consistency(
                    old.tree_size, new.tree_size, bytes(old.root_hash), bytes(new.root_hash), proof, "sha256"
                )
    with pytest.raises(Invalid):
        queries.inclusion_proof(27, 27)
    with pytest.raises(Invalid):
        queries.consistency_proof(5, 28)
    with pytest.raises(NotVisible):
        queries.entry_at(99)


def test_a_checkpoint_is_made_only_when_the_log_grew(append):
    assert actions.make_checkpoint() is None
    empty = actions.make_checkpoint(force=True)
    assert empty.tree_size == 0 and bytes(empty.root_hash) == hashlib.sha256(b"").digest()
    append()
    first = actions.make_checkpoint()
    assert first.tree_size == 1
    assert actions.make_checkpoint() is None
    assert actions.make_checkpoint(force=True) == first
    assert queries.latest_checkpoint() == first
    assert [c.tree_size for c in queries.checkpoints()] == [0, 1]


def test_the_checkpoint_is_a_c2sp_signed_note(append, signing_key):
    append()
    checkpoint = actions.make_checkpoint()
    body, signature_line = checkpoint.signed_note.split("\n\n")
    origin, size, root, hash_line, time_line = body.split("\n")
    assert origin == queries.get_log().origin == "127.0.0.1/recordlog"
    assert size == "1" and base64.b64decode(root) == bytes(checkpoint.root_hash)
    assert hash_line == "hash sha256" and time_line.startswith("time 20")
    dash, name, blob = signature_line.rstrip("\n").split(" ")
    assert dash == "\u2014" and name == origin == checkpoint.key_name
    raw = base64.b64decode(blob)
    key = signing.load_signing_key()
    public = key.public_key().public_bytes_raw()
    assert raw[:4] == hashlib.sha256(origin.encode() + b"\n\x01" + public).digest()[:4]
    key.public_key().verify(raw[4:], (body + "\n").encode())
    encoded = base64.b64encode(b"\x01" + public).decode()
    assert queries.verifier_key_text() == f"{origin}+{raw[:4].hex()}+{encoded}"


def test_a_note_that_was_altered_or_signed_by_another_key_is_refused(append):
    append()
    note = actions.make_checkpoint().signed_note
    key = queries.verifier_key_text()
    with pytest.raises(signing.InvalidSignature):
        signing.verify_note(note.replace("\n1\n", "\n2\n", 1), key)
    other = signing.sign_note(note.split("\n\n")[0] + "\n", key_name=queries.get_log().origin, key=_new_key())
    with pytest.raises(signing.InvalidSignature, match="no signature by the trusted key"):
        signing.verify_note(other, key)
    with pytest.raises(signing.NoteError):
        signing.verify_note(note, key.replace("+", "-", 1))
    with pytest.raises(signing.NoteError):
        signing.verify_note(note.replace("\n\n", "\n"), key)


def _new_key():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.generate()


def test_an_sm3_log_works_end_to_end(settings, append):
    settings.RECORDLOG_HASH = "sm3"
    entries = [append() for _ in range(11)]
    log = queries.get_log()
    assert log.hash_alg == "sm3"
    assert json.loads(bytes(entries[0].canonical))["hash_alg"] == "sm3"
    assert bytes(entries[3].leaf_hash) == merkle.hash_bytes(b"\x00" + bytes(entries[3].canonical), "sm3")
    checkpoint = actions.make_checkpoint()
    assert "\nhash sm3\n" in checkpoint.signed_note
    _origin, size, root = signing.verify_note(checkpoint.signed_note, queries.verifier_key_text())
    assert root == merkle.root_of([bytes(e.leaf_hash) for e in entries], "sm3")
    for seq in range(size):
        merkle.verify_inclusion(
            bytes(entries[seq].leaf_hash), seq, size, queries.inclusion_proof(seq, size), root, "sm3"
        )
    append()
    later = actions.make_checkpoint()
    merkle.verify_consistency(11, 12, root, bytes(later.root_hash), queries.consistency_proof(11, 12), "sm3")
    assert verify_log().ok


def test_the_hash_algorithm_is_fixed_when_the_log_is_created(settings, append):
    append()
    settings.RECORDLOG_HASH = "sm3"
    settings.RECORDLOG_ORIGIN = "elsewhere.example/log"
    entry = append()
    log = queries.get_log()
    assert (log.hash_alg, log.origin) == ("sha256", "127.0.0.1/recordlog")
    assert json.loads(bytes(entry.canonical))["hash_alg"] == "sha256"


def test_a_missing_key_in_production_says_what_to_run(settings, tmp_path, append):
    append()
    settings.PRODUCTION = True
    settings.RECORDLOG_SIGNING_KEY_FILE = tmp_path / "absent" / "key"
    with pytest.raises(signing.SigningKeyMissing, match="sanxiang recordlog init-key"):
        actions.make_checkpoint()
    with pytest.raises(CommandError, match="sanxiang recordlog init-key"):
        call_command("recordlog", "checkpoint")
    assert not Checkpoint.objects.exists()


def test_in_development_a_missing_key_is_created_once_with_mode_0600(settings, tmp_path, append):
    append()
    settings.RECORDLOG_SIGNING_KEY_FILE = path = tmp_path / "dev" / "key"
    assert actions.make_checkpoint() is not None
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with pytest.raises(FileExistsError):
        signing.write_new_key(path)
    with pytest.raises(CommandError, match=str(path)):
        call_command("recordlog", "init-key")
    assert signing.load_signing_key() is not None


def test_the_log_refuses_to_sign_a_tree_inconsistent_with_its_last_checkpoint(append, triggers_dropped):
    for _ in range(6):
        append()
    actions.make_checkpoint()
    append()
    node = Node.objects.get(level=2, index=0)  # used by every root and proof beyond size 4
    Node.objects.filter(pk=node.pk).update(hash=bytes(32))
    with pytest.raises(WrongState) as refused:
        actions.make_checkpoint()
    assert refused.value.code == "recordlog_damaged"
    assert Checkpoint.objects.count() == 1


def test_users_are_plain_values_in_the_log(append, django_user_model):
    assert get_user_model() is django_user_model
    user = django_user_model.objects.create(username="wang")
    entry = append(actor=user)
    assert entry.actor_id == user.pk
