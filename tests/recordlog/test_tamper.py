"""Tamper tests: with the triggers dropped (inside the test's transaction), every kind of change to
the stored log is found by the verifier, which names the entry, node or checkpoint and what differs."""

from __future__ import annotations

import base64
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from sanxiang.recordlog import actions, merkle, queries, signing, triggers
from sanxiang.recordlog.models import Checkpoint, Entry, Node
from sanxiang.recordlog.verify import verify_log


@pytest.fixture
def log(append):
    """20 entries with checkpoints at sizes 5, 12 and 20."""
    for size in (5, 12, 20):
        while queries.tree_size() < size:
            append()
        actions.make_checkpoint()
    report = verify_log()
    assert report.ok, report.problems
    assert (report.entries, report.checkpoints, report.tree_size) == (20, 3, 20)
    assert report.nodes == Node.objects.count() == 20 + 10 + 5 + 2 + 1
    return report


def problems():
    """The problems other than the dropped triggers (every test here drops them to tamper; that
    they are reported is tested in test_tamper_suite)."""
    report = verify_log()
    assert not report.ok
    report.problems = [p for p in report.problems if not p.code.startswith("trigger_")]
    return [(p.code, p.seq, p.size, p.node) for p in report.problems], report


def test_an_edited_payload_column(log, triggers_dropped):
    Entry.objects.filter(seq=7).update(payload={"n": 999, "amount": "1.00", "note": "篡改"})
    found, report = problems()
    assert found == [("entry_column", 7, None, None)]
    assert "payload" in report.problems[0].message and "999" in report.problems[0].message


def test_edited_canonical_bytes(log, triggers_dropped):
    entry = Entry.objects.get(seq=7)
    forged = bytes(entry.canonical).replace(b'"amount":"100.00"', b'"amount":"1.00"')
    assert forged != bytes(entry.canonical)
    Entry.objects.filter(seq=7).update(canonical=forged)
    found, _report = problems()
    assert ("entry_leaf_hash", 7, None, None) in found
    assert ("entry_column", 7, None, None) in found  # the payload column still says 100.00
    # the signed roots after entry 7 no longer match what the entries give
    assert {size for code, _seq, size, _node in found if code == "checkpoint_root"} == {12, 20}
    assert not [f for f in found if f[0] == "node_hash"]  # explained by the entry, not repeated


def test_edited_bytes_with_a_matching_leaf_hash_and_columns(log, triggers_dropped):
    entry = Entry.objects.get(seq=7)
    document = json.loads(bytes(entry.canonical))
    document["payload"]["amount"] = "1.00"
    from sanxiang.recordlog.canonical import canonical_json

    forged = canonical_json(document)
    Entry.objects.filter(seq=7).update(
        canonical=forged, leaf_hash=merkle.leaf_hash(forged, "sha256"), payload=document["payload"]
    )
    found, _report = problems()
    assert ("node_hash", None, None, (0, 7)) in found
    assert [f for f in found if f[0] == "node_hash"] == [("node_hash", None, None, (0, 7))]
    assert {size for code, _seq, size, _node in found if code == "checkpoint_root"} == {12, 20}


def test_a_deleted_entry(log, triggers_dropped):
    Entry.objects.filter(seq=9).delete()
    found, _report = problems()
    assert found == [("entry_missing", 9, None, None)]


def test_the_last_entries_deleted(log, triggers_dropped):
    Entry.objects.filter(seq__gte=18).delete()
    found, _report = problems()
    assert ("checkpoint_beyond_log", None, 20, None) in found
    assert ("node_extra", None, None, (0, 18)) in found and ("node_extra", None, None, (0, 19)) in found


def test_two_entries_swapped(log, triggers_dropped):
    Entry.objects.filter(seq=3).update(seq=-1)
    Entry.objects.filter(seq=4).update(seq=3)
    Entry.objects.filter(seq=-1).update(seq=4)
    found, report = problems()
    seq_problems = [p for p in report.problems if p.code == "entry_column" and "seq" in p.message]
    assert [p.seq for p in seq_problems] == [3, 4]
    assert {size for code, _seq, size, _node in found if code == "checkpoint_root"} == {5, 12, 20}


def test_a_flipped_byte_in_a_node(log, triggers_dropped):
    node = Node.objects.get(level=1, index=2)
    flipped = bytes([bytes(node.hash)[0] ^ 0x01]) + bytes(node.hash)[1:]
    Node.objects.filter(pk=node.pk).update(hash=flipped)
    found, report = problems()
    assert found == [("node_hash", None, None, (1, 2))]
    assert flipped.hex() in report.problems[0].message


def test_a_missing_node(log, triggers_dropped):
    Node.objects.filter(level=2, index=1).delete()
    found, _report = problems()
    assert found == [("node_missing", None, None, (2, 1))]


def test_a_forged_checkpoint_signature(log, triggers_dropped):
    checkpoint = Checkpoint.objects.get(tree_size=12)
    body, line = checkpoint.signed_note.split("\n\n")
    dash, name, blob = line.strip().split(" ")
    raw = bytearray(base64.b64decode(blob))
    raw[10] ^= 0xFF
    forged = f"{body}\n\n{dash} {name} {base64.b64encode(bytes(raw)).decode()}\n"
    Checkpoint.objects.filter(pk=checkpoint.pk).update(signed_note=forged)
    found, _report = problems()
    assert found == [("checkpoint_signature", None, 12, None)]


def test_a_checkpoint_signed_by_another_key(log):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    log_row = queries.get_log()
    root = queries.root_at(15)
    body = signing.checkpoint_body(log_row.origin, 15, root, "sha256", Checkpoint.objects.last().created_at)
    note = signing.sign_note(body, key_name=log_row.origin, key=Ed25519PrivateKey.generate())
    Checkpoint.objects.create(
        log=log_row,
        tree_size=15,
        root_hash=root,
        signed_note=note,
        key_name=log_row.origin,
        created_at=log_row.created_at,
    )
    found, report = problems()
    assert found == [("checkpoint_signature", None, 15, None)]
    assert "no signature by the trusted key" in report.problems[0].message


def test_a_forked_tree_signed_with_the_real_key(log):
    # No trigger needs dropping: a fork is *added*, a second history whose root at size 15 differs.
    log_row = queries.get_log()
    fork_root = merkle.hash_bytes(b"another history", "sha256")
    body = signing.checkpoint_body(log_row.origin, 15, fork_root, "sha256", log_row.created_at)
    Checkpoint.objects.create(
        log=log_row,
        tree_size=15,
        root_hash=fork_root,
        signed_note=signing.sign_note(body, key_name=log_row.origin),
        key_name=log_row.origin,
        created_at=log_row.created_at,
    )
    found, report = problems()
    assert found == [("checkpoint_root", None, 15, None)]
    message = report.problems[0].message
    assert fork_root.hex() in message and queries.root_at(15).hex() in message
    # and it cannot be proved consistent with the log's next signed checkpoint
    with pytest.raises(merkle.InvalidProof):
        merkle.verify_consistency(
            15,
            20,
            fork_root,
            bytes(Checkpoint.objects.get(tree_size=20).root_hash),
            queries.consistency_proof(15, 20),
            "sha256",
        )


def test_a_note_that_disagrees_with_its_columns(log, triggers_dropped):
    Checkpoint.objects.filter(tree_size=12).update(root_hash=bytes(32))
    found, report = problems()
    assert found == [("checkpoint_note", None, 12, None)]
    assert "root_hash" in report.problems[0].message


def test_the_command_exits_non_zero_naming_what_differs(log, triggers_dropped, capsys):
    triggers.install(connection)  # a dropped trigger alone fails verification too (test_tamper_suite)
    call_command("recordlog", "verify")
    assert "20" in capsys.readouterr().out
    triggers.remove(connection)
    Entry.objects.filter(seq=9).delete()
    with pytest.raises(CommandError) as failed:
        call_command("recordlog", "verify")
    assert failed.value.returncode == 1
    out = capsys.readouterr().out
    assert "[entry_missing]" in out and "9" in out
