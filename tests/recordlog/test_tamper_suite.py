"""The tamper suite of the security review 2026-12 (test 5, finding 5): every variant, on a real
database with the triggers dropped inside the test's transaction, must fail ``recordlog verify``
with the problem named, and never crash it. T1–T5b and T10 work on a bare log; T6 and the domain
rows on a world with a case (acts, evidence, an issued decision, a published record)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from sanxiang.cases.models import Act
from sanxiang.core import clock
from sanxiang.documents.models import Document
from sanxiang.evidence.models import Evidence
from sanxiang.publication import actions as publication
from sanxiang.publication.models import Record, Version
from sanxiang.recordlog import actions, merkle, queries, triggers
from sanxiang.recordlog.canonical import canonical_json
from sanxiang.recordlog.coverage import TrustedRoot
from sanxiang.recordlog.models import Checkpoint, Entry, Node
from sanxiang.recordlog.verify import verify_log
from tests.casefiles.conftest import run_general_case

LATE = dt.timedelta(hours=3)  # beyond the checkpoint interval (10 min) plus the default margin (60 min)
SQLITE_ONLY = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's typeless columns")


def codes(report: Any) -> set[str]:
    return {p.code for p in report.problems}


def verify(**kw: Any) -> Any:
    """verify_log, with the dropped triggers' own problems left aside (tested on their own below)."""
    report = verify_log(**kw)
    report.problems = [p for p in report.problems if not p.code.startswith("trigger_")]
    report.problem_count = len(report.problems)
    return report


def run_cli(*args: str) -> tuple[int, str]:
    """``sanxiang recordlog verify`` with its exit code and output, through the real command."""
    from io import StringIO

    out = StringIO()
    try:
        call_command("recordlog", "verify", *args, stdout=out)
    except CommandError as failed:
        return failed.returncode, out.getvalue()
    return 0, out.getvalue()


def rebuild_tree() -> None:
    """What a careful forger does after changing entries: recompute every stored node."""
    Node.objects.all().delete()
    log = queries.get_log()
    tree = merkle.CompactRange(log.hash_alg)
    for canonical in Entry.objects.order_by("seq").values_list("canonical", flat=True):
        for level, index, value in tree.append(merkle.leaf_hash(bytes(canonical), log.hash_alg)):
            Node.objects.create(log=log, level=level, index=index, hash=value)


def rewrite(seq: int, change: Any, *, new_seq: int | None = None) -> None:
    """Rewrite entry ``seq`` consistently: bytes, leaf hash and every column agree with each other."""
    entry = Entry.objects.get(seq=seq)
    document = json.loads(bytes(entry.canonical))
    change(document)
    if new_seq is not None:
        document["seq"] = new_seq
    forged = canonical_json(document)
    Entry.objects.filter(pk=entry.pk).update(
        seq=document["seq"],
        canonical=forged,
        leaf_hash=merkle.leaf_hash(forged, "sha256"),
        payload=document["payload"],
        actor_label=document["actor"]["label"],
    )


def set_amount(document: dict[str, Any]) -> None:
    document["payload"]["amount"] = "1.00"


@pytest.fixture
def log(append: Any) -> SimpleNamespace:
    """20 entries, signed at 5 and 12: entries 12–19 are the unsigned tail. ``root20`` is the root of
    all 20 as it would have been published (a witness, the portal)."""
    for size in (5, 12, 20):
        while queries.tree_size() < size:
            append()
        if size < 20:
            actions.make_checkpoint()
    report = verify_log()
    assert report.ok, report.problems
    assert (report.unsigned_entries, report.latest_checkpoint_size) == (8, 12)
    return SimpleNamespace(root20=queries.root_at(20), root12=queries.root_at(12))


def later() -> Any:
    return time_machine.travel(clock.now() + LATE, tick=False)


# --- T1, T2, T2b, T3: entries covered by a checkpoint --------------------------------------------------


def test_t1_an_edited_payload_column(log: Any, triggers_dropped: Any) -> None:
    Entry.objects.filter(seq=5).update(payload={"n": 999})
    assert codes(verify()) == {"entry_column"}
    assert run_cli()[0] == 1


@SQLITE_ONLY
def test_t2_canonical_turned_into_text_is_reported_not_a_crash(log: Any, triggers_dropped: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE recordlog_entry SET canonical = replace(canonical, '100.00', '1.00') WHERE seq = 5"
        )
        cursor.execute("SELECT typeof(canonical) FROM recordlog_entry WHERE seq = 5")
        assert cursor.fetchone()[0] == "text"
    report = verify()
    assert "entry_column_type" in codes(report)
    assert {"entry_leaf_hash", "checkpoint_root"} <= codes(report)
    status, out = run_cli()
    assert status == 1 and "[entry_column_type]" in out and "canonical" in out


@SQLITE_ONLY
def test_t2_other_wrongly_typed_columns_are_reported(log: Any, triggers_dropped: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE recordlog_entry SET leaf_hash = 'not bytes' WHERE seq = 3")
        cursor.execute("UPDATE recordlog_entry SET actor_label = CAST(X'FFFE41' AS TEXT) WHERE seq = 4")
        cursor.execute("UPDATE recordlog_entry SET seq = 'seven' WHERE seq = 7")
    report = verify()
    assert {"entry_column_type", "entry_column", "entry_unreadable", "entry_missing"} <= codes(report)
    assert run_cli()[0] == 1


def test_t2b_edited_canonical_bytes(log: Any, triggers_dropped: Any) -> None:
    entry = Entry.objects.get(seq=5)
    Entry.objects.filter(seq=5).update(canonical=bytes(entry.canonical).replace(b"100.00", b"1.00"))
    report = verify()
    assert {"entry_leaf_hash", "entry_column", "checkpoint_root"} <= codes(report)
    assert {p.size for p in report.problems if p.code == "checkpoint_root"} == {12}


def test_t3_a_consistent_rewrite_under_a_checkpoint(log: Any, triggers_dropped: Any) -> None:
    rewrite(5, set_amount)
    rebuild_tree()
    report = verify()
    assert codes(report) == {"checkpoint_root"}
    assert run_cli()[0] == 1


# --- T4, T5, T5b: the unsigned tail ----------------------------------------------------------------


def test_the_unsigned_tail_is_reported_and_fails_once_old(log: Any) -> None:
    status, out = run_cli()
    assert status == 0 and "8" in out
    with later():
        report = verify_log()
        assert codes(report) == {"unsigned_tail"}
        assert report.problems[0].seq == 12
        status, out = run_cli()
    assert status == 1 and "[unsigned_tail]" in out


def test_the_margin_is_a_policy_setting(log: Any, world: Any, settings: Any) -> None:
    from sanxiang.core.models import PolicyValue

    with later():
        assert not verify_log().ok
        PolicyValue.objects.create(
            key="recordlog.unsigned_tail_margin_minutes",
            scope=f"region:{world.province.code}",
            value=240,
            reason="worker restarted nightly",
            set_by=world.user("head"),
            set_at=clock.now(),
        )
        assert verify_log().ok  # 3 hours is within 10 + 240 minutes
    settings.RECORDLOG_CHECKPOINT_MINUTES = 24 * 60  # the interval counts too
    with time_machine.travel(clock.now() + dt.timedelta(hours=20), tick=False):
        assert verify_log().ok


def test_t4_tail_truncated_fails_when_older_than_the_margin(log: Any, triggers_dropped: Any) -> None:
    Entry.objects.filter(seq__gte=15).delete()
    rebuild_tree()
    assert verify().ok  # young: a truncation looks like a log that simply stopped
    with later():
        report = verify()
    assert codes(report) == {"unsigned_tail"}


def test_t4_tail_truncated_fails_against_a_trusted_checkpoint(log: Any, triggers_dropped: Any) -> None:
    Entry.objects.filter(seq__gte=12).delete()  # the whole unsigned tail: what is left is all signed
    rebuild_tree()
    assert verify().ok
    report = verify(trusted=[TrustedRoot(20, log.root20, "--trusted-root")])
    assert codes(report) == {"trusted_beyond_log"}
    status, out = run_cli("--trusted-root", f"20:{log.root20.hex()}")
    assert status == 1 and "[trusted_beyond_log]" in out


def test_t5_a_consistent_rewrite_in_the_tail(log: Any, triggers_dropped: Any) -> None:
    rewrite(15, set_amount)
    rebuild_tree()
    assert verify().ok
    report = verify(trusted=[TrustedRoot(20, log.root20, "--trusted-root")])
    assert codes(report) == {"trusted_root"}
    with later():
        assert codes(verify()) == {"unsigned_tail"}


def test_t5b_an_entry_removed_and_the_rest_renumbered(log: Any, triggers_dropped: Any) -> None:
    Entry.objects.filter(seq=15).delete()
    for seq in range(16, 20):
        rewrite(seq, lambda document: None, new_seq=seq - 1)
    rebuild_tree()
    assert verify().ok  # consistent renumbering: only an outside root or the tail's age shows it
    report = verify(trusted=[TrustedRoot(20, log.root20, "--trusted-root")])
    assert codes(report) == {"trusted_beyond_log"}
    report = verify(trusted=[TrustedRoot(19, queries.root_at(19), "now"), TrustedRoot(12, log.root12, "x")])
    assert report.ok  # the roots of the log as it now is, and of the signed part, agree


# --- T10: no checkpoints ---------------------------------------------------------------------------


def test_t10_no_checkpoints_and_a_rewrite(log: Any, triggers_dropped: Any, tmp_path: Path) -> None:
    note = tmp_path / "checkpoint-12.txt"
    note.write_text(Checkpoint.objects.get(tree_size=12).signed_note, encoding="utf-8")
    Checkpoint.objects.all().delete()
    rewrite(5, set_amount)
    rebuild_tree()
    assert verify().ok  # young and unsigned: nothing inside the database can tell
    with later():
        report = verify()
        assert codes(report) == {"no_checkpoint"}
        assert run_cli()[0] == 1
    status, out = run_cli("--checkpoint", str(note))
    assert status == 1 and "[trusted_root]" in out


def test_a_tree_size_handed_out_must_still_be_there(log: Any, append: Any) -> None:
    append(kind="case.archived", payload={"digest": "ab" * 32, "checkpoint_size": 12})
    assert verify_log().ok
    append(kind="case.archived", payload={"digest": "cd" * 32, "checkpoint_size": 30})
    report = verify_log()
    assert codes(report) == {"handed_out_size"} and report.problems[0].size == 30


def test_a_bad_trusted_root_is_refused_in_chinese(log: Any) -> None:
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(CommandError) as refused:
        call_command("recordlog", "verify", "--trusted-root", "20:xyz")
    assert "可信" in str(refused.value)


# --- triggers --------------------------------------------------------------------------------------


def test_a_dropped_trigger_is_reported_by_name_and_lifts_no_other(log: Any) -> None:
    name = "recordlog_entry_no_delete" if connection.vendor == "sqlite" else "recordlog_entry_append_only"
    on = "" if connection.vendor == "sqlite" else " ON recordlog_entry"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {name}{on}")
    report = verify_log()
    assert [(p.code, name in p.message) for p in report.problems] == [("trigger_missing", True)]
    status, out = run_cli()
    assert status == 1 and name in out


def test_the_acts_and_items_triggers_stand_without_the_logs(world_log: Any) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER recordlog_entry_no_delete")
        else:
            cursor.execute("DROP TRIGGER recordlog_entry_append_only ON recordlog_entry")
    for sql in ("DELETE FROM cases_act", "UPDATE evidence_evidence SET title = 'x'"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)


def test_a_disabled_or_replaced_trigger_is_reported(log: Any) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER cases_act_no_delete")
            cursor.execute(
                "CREATE TRIGGER cases_act_no_delete BEFORE DELETE ON cases_act BEGIN SELECT 1; END"
            )
            expected = {"trigger_altered"}
        else:
            cursor.execute("ALTER TABLE cases_act DISABLE TRIGGER cases_act_append_only")
            cursor.execute(
                "CREATE OR REPLACE FUNCTION evidence_refuse_change() RETURNS trigger LANGUAGE plpgsql "
                "AS $$ BEGIN RETURN NEW; END; $$"
            )
            expected = {"trigger_disabled", "trigger_altered"}
    assert codes(verify_log()) == expected


def test_suspended_lifts_every_append_only_trigger_and_puts_them_back(log: Any) -> None:
    with triggers.suspended(connection):
        assert {p.code for p in triggers.check(connection)} == {"trigger_missing"}
    assert triggers.check(connection) == []


# --- T6 and the domain rows ------------------------------------------------------------------------


@pytest.fixture
def world_log(world: Any, settings: Any, tmp_path: Path) -> SimpleNamespace:
    """A general case decided (acts, a photo, audio and video, the issued decision), its decision
    published, and the log signed."""
    settings.BLOB_ROOT = tmp_path / "blobs"
    monday = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with time_machine.travel(monday, tick=False) as traveller:
        case = run_general_case(world, traveller, close=False, full=True)
        record = case.publication
        record = publication.submit(actor=world.user("officer"), record=record)
        record = publication.review(actor=world.user("publisher"), record=record)
        record = publication.approve(actor=world.user("head"), record=record)
        actions.make_checkpoint()
        report = verify_log()
        assert report.ok, report.problems
        assert report.rows >= Act.objects.count() + Evidence.objects.count() + 2
        yield SimpleNamespace(case=case, record=record)


def test_a_clean_world_verifies_clean(world_log: Any) -> None:
    status, out = run_cli()
    assert status == 0 and "[" not in out


def test_t6_an_act_edited(world_log: Any, triggers_dropped: Any) -> None:
    act = Act.objects.filter(case=world_log.case, act="decide").get()
    Act.objects.filter(pk=act.pk).update(
        actor_label="某某", occurred_at=act.occurred_at + dt.timedelta(days=1)
    )
    report = verify()
    assert codes(report) == {"row_differs"}
    assert {m for p in report.problems for m in ("actor_label", "occurred_at") if m in p.message} == {
        "actor_label",
        "occurred_at",
    }
    assert run_cli()[0] == 1


def test_t6_an_act_deleted(world_log: Any, triggers_dropped: Any) -> None:
    act = Act.objects.filter(case=world_log.case, act="serve_prior_notice").get()
    opening = Act.objects.get(case=world_log.case, act="open")
    _delete_raw(act, instead=opening)
    report = verify()
    assert "row_missing" in codes(report)
    assert any(p.code == "row_missing" and "case.serve_prior_notice" in p.message for p in report.problems)


def test_the_opening_act_edited(world_log: Any, triggers_dropped: Any) -> None:
    Act.objects.filter(case=world_log.case, act="open").update(to_state="closed")
    assert codes(verify()) == {"row_differs"}


def test_an_evidence_item_edited_or_deleted(world_log: Any, triggers_dropped: Any) -> None:
    item = Evidence.objects.filter(case=world_log.case).first()
    Evidence.objects.filter(pk=item.pk).update(title="另一张照片")
    report = verify()
    assert codes(report) == {"row_differs"} and "title" in report.problems[0].message
    _delete_raw(item)
    assert "row_missing" in codes(verify())


def test_a_withdrawal_edited(world: Any, world_log: Any) -> None:
    from sanxiang.evidence.actions import withdraw_evidence

    item = Evidence.objects.filter(case=world_log.case).first()
    withdraw_evidence(actor=world.user("officer"), item=item, reason="拍摄对象错误")
    assert verify_log().ok
    with triggers.suspended(connection):
        Evidence.objects.filter(pk=item.pk).update(withdrawn_reason="另一个理由")
    report = verify_log()
    assert codes(report) == {"row_differs"} and "withdrawn_reason" in report.problems[0].message


def test_an_issued_document_edited(world_log: Any, triggers_dropped: Any) -> None:
    Document.objects.filter(case=world_log.case).update(number="东市监罚〔2026〕999号")
    report = verify()
    assert codes(report) == {"row_differs"} and "number" in report.problems[0].message
    assert run_cli()[0] == 1


def test_a_published_version_edited(world_log: Any, triggers_dropped: Any) -> None:
    Version.objects.filter(record=world_log.record).update(digest="0" * 64)
    assert codes(verify()) == {"row_unlogged", "row_missing"}


def test_the_published_text_edited(world_log: Any) -> None:
    Version.objects.filter(record=world_log.record).update(text="改写的公示内容")
    Record.objects.filter(pk=world_log.record.pk).update(published_text="改写的公示内容")
    report = verify()
    assert codes(report) == {"row_differs"}
    # one problem on the version's text, one on the record's published text
    assert {
        ("publication_version" in p.message, "publication_record" in p.message) for p in report.problems
    } == {
        (True, False),
        (False, True),
    }


def _delete_raw(row: Any, instead: Any = None) -> None:
    """A row deleted behind the application's back, as a forger who owns the database file would:
    the rows that point at it are pointed at ``instead`` (or emptied) first."""
    for relation in type(row)._meta.related_objects:
        name = relation.field.name
        related = relation.related_model._base_manager.filter(**{name: row})
        if instead is not None or relation.field.null:
            related.update(**{name: instead})
        else:
            related.delete()
    type(row)._base_manager.filter(pk=row.pk)._raw_delete(connection.alias)
