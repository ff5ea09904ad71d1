"""The database itself refuses to change or remove a record log row, whatever the SQL."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from sanxiang.recordlog import actions, triggers
from sanxiang.recordlog.models import Checkpoint, Entry, Log, Node

STATEMENTS = [
    ("recordlog_entry", "UPDATE recordlog_entry SET kind = 'forged' WHERE seq = 1"),
    ("recordlog_entry", "UPDATE recordlog_entry SET seq = seq + 100"),
    ("recordlog_entry", "DELETE FROM recordlog_entry WHERE seq = 1"),
    ("recordlog_entry", "DELETE FROM recordlog_entry"),
    ("recordlog_node", "UPDATE recordlog_node SET level = level WHERE level = 0"),
    ("recordlog_node", "DELETE FROM recordlog_node"),
    ("recordlog_checkpoint", "UPDATE recordlog_checkpoint SET tree_size = 99"),
    ("recordlog_checkpoint", "DELETE FROM recordlog_checkpoint"),
    ("recordlog_log", "UPDATE recordlog_log SET hash_alg = 'sm3'"),
    ("recordlog_log", "DELETE FROM recordlog_log"),
]


@pytest.fixture
def filled(append):
    for _ in range(3):
        append()
    actions.make_checkpoint()


def snapshot():
    return (
        list(Entry.objects.order_by("seq").values_list("seq", "kind", "canonical")),
        list(Node.objects.order_by("level", "index").values_list("level", "index", "hash")),
        list(Checkpoint.objects.values_list("tree_size", "signed_note")),
        list(Log.objects.values_list("origin", "hash_alg")),
    )


@pytest.mark.parametrize(("table", "sql"), STATEMENTS)
def test_raw_sql_cannot_change_a_row(filled, table, sql):
    before = snapshot()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert snapshot() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE exists on PostgreSQL only")
@pytest.mark.parametrize(
    "table", ["recordlog_entry", "recordlog_node", "recordlog_checkpoint", "recordlog_log"]
)
def test_truncate_is_refused_on_postgresql(filled, table):
    before = snapshot()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        # fire the deferred foreign-key checks of the rows inserted in this test's transaction first,
        # or PostgreSQL refuses the TRUNCATE for that reason before our trigger is asked
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {table} CASCADE")
    assert snapshot() == before


def test_the_orm_cannot_change_a_row_either(filled):
    entry = Entry.objects.get(seq=0)
    entry.kind = "forged"
    with pytest.raises(DatabaseError), transaction.atomic():
        entry.save()
    with pytest.raises(DatabaseError), transaction.atomic():
        Node.objects.all().delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        Checkpoint.objects.update(signed_note="")
    assert Entry.objects.get(seq=0).kind == "test.recorded"


def test_appending_is_still_allowed(filled, append):
    append()
    assert Entry.objects.count() == 4


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE exists on PostgreSQL only")
def test_truncating_an_empty_table_destroys_nothing_and_is_let_through(db):
    # Django's test runner empties every table with one TRUNCATE after each transactional test.
    with connection.cursor() as cursor:
        # CASCADE: other apps' tables (e.g. cases_act) refer to entries; in a test they are empty too.
        cursor.execute(
            "TRUNCATE recordlog_checkpoint, recordlog_node, recordlog_entry, recordlog_log CASCADE"
        )


def test_flush_lifts_the_triggers_in_development_only(filled, settings):
    from django.core.management import CommandError, call_command

    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="flush"):
        call_command("flush", interactive=False, verbosity=0)
    assert Entry.objects.count() == 3
    settings.PRODUCTION = False
    if connection.vendor == "postgresql":  # rows inserted in this test's own transaction, see above
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    assert not Entry.objects.exists() and not Log.objects.exists()
    # and the triggers are back
    actions.append(kind="test.after", subject=None, actor=None, payload={}, occurred_at=_now())
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM recordlog_entry")


def _now():
    import datetime as dt

    return dt.datetime.now(dt.UTC)


def test_every_table_has_its_triggers_after_all_migrations(db):
    # A later migration that rebuilds one of these tables on SQLite (most AlterField operations do)
    # silently drops its triggers; this test then fails until the migration re-installs them.
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name LIKE 'recordlog_%'"
            )
            expected = {f"{table}_no_{op}" for table in triggers.TABLES for op in ("update", "delete")}
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgrelid::regclass::text LIKE 'recordlog_%'"
            )
            expected = {
                f"{table}_{kind}" for table in triggers.TABLES for kind in ("append_only", "no_truncate")
            }
        assert {name for (name,) in cursor.fetchall()} == expected
