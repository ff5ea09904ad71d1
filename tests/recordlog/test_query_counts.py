"""The record log's cost per operation, fixed by tests so that it cannot creep back up.

An append is three statements inside its savepoint: (PostgreSQL) the lock on the log row, the tree
size with the left siblings (and, on SQLite, the log row), and the inserts (one statement on
PostgreSQL, entry then nodes on SQLite). A proof is one statement. Full verification takes the fast
path (rebuild an entry's bytes from its columns and compare) for every well-formed entry.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.core.errors import Invalid
from sanxiang.recordlog import actions, merkle, queries, verify
from sanxiang.recordlog.models import Entry, Node

# SAVEPOINT, 3 statements, RELEASE SAVEPOINT (the test runs inside a transaction).
APPEND_QUERIES = 5


def test_an_append_makes_at_most_five_queries(append, django_assert_max_num_queries):
    append()  # the first append creates the log row; count the usual ones
    for _ in range(40):  # odd and even sequence numbers, up to 5 levels of completed subtrees
        with django_assert_max_num_queries(APPEND_QUERIES):
            entry = append()
    assert entry.pk is not None and Entry.objects.get(pk=entry.pk).seq == entry.seq == 40
    assert Node.objects.count() == sum(41 >> level for level in range(7))


def test_the_first_append_creates_the_log(append):
    entry = append()
    assert (entry.seq, queries.get_log().hash_alg) == (0, "sha256")
    assert bytes(Node.objects.get(level=0, index=0).hash) == bytes(entry.leaf_hash)


def test_a_missing_left_sibling_stops_the_append(append, triggers_dropped):
    for _ in range(3):
        append()
    Node.objects.filter(level=0, index=2).delete()
    with pytest.raises(queries.TreeDamaged):
        append()


def test_a_proof_is_one_query(append, django_assert_num_queries):
    for _ in range(37):
        append()
    log = queries.get_log()
    root = queries.root_at(37, log=log)
    for seq in (0, 17, 36):
        with django_assert_num_queries(1):
            proof = queries.inclusion_proof(seq, 37, log=log)
        leaf = bytes(queries.entry_at(seq).leaf_hash)
        merkle.verify_inclusion(leaf, seq, 37, proof, root, "sha256")
    with django_assert_num_queries(1):
        proof = queries.consistency_proof(13, 37, log=log)
    merkle.verify_consistency(13, 37, queries.root_at(13, log=log), root, proof, "sha256")
    with django_assert_num_queries(1):
        assert queries.root_at(37, log=log) == root


def test_sizes_beyond_the_log_are_refused(append):
    for _ in range(5):
        append()
    log = queries.get_log()
    for call in (
        lambda: queries.inclusion_proof(2, 6, log=log),
        lambda: queries.inclusion_proof(2, 2**80, log=log),
        lambda: queries.inclusion_proof(7, 6, log=log),
        lambda: queries.root_at(6, log=log),
        lambda: queries.root_at(-1, log=log),
        lambda: queries.consistency_proof(2, 6, log=log),
        lambda: queries.consistency_proof(4, 3, log=log),
    ):
        with pytest.raises(Invalid):
            call()


@pytest.mark.parametrize("alg", ["sha256", "sm3"])
def test_verification_takes_the_fast_path_for_every_well_formed_entry(settings, append, monkeypatch, alg):
    settings.RECORDLOG_HASH = alg
    user_like = type("Person", (), {"pk": 12, "__str__": lambda self: '王"五\\ \u2028'})()
    shapes = [
        {},
        {"digest": "ab" * 32, "n": 2**53 - 1, "neg": -(2**53 - 1)},
        {"nested": {"b": [1, True, None, {"z": "é", "a": ""}], "a": False}, "amount": "0.10"},
        {"tab\t": "line\nbreak \u0001 \U0001f600 中文", "\u00e9": "key order"},
    ]
    for payload in shapes:
        append(payload=payload)
        append(payload=payload, subject=None, actor=user_like, agency_id=None)
    append(actor="token:ab12", occurred_at=dt.datetime(2026, 3, 1, 9, 30, 0, 0, tzinfo=dt.UTC))
    append(occurred_at=dt.datetime(2026, 3, 1, 17, 30, 0, 5, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    actions.make_checkpoint()
    slow = []
    real_entry = verify._Verifier.entry

    def counted(self, row):
        slow.append(row[0])
        return real_entry(self, row)

    monkeypatch.setattr(verify._Verifier, "entry", counted)
    report = verify.verify_log()
    assert report.ok, report.problems
    assert report.entries == len(shapes) * 2 + 2
    assert slow == []
