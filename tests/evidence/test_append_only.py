"""Evidence items are append-only in the database itself (sanxiang.evidence.triggers): raw SQL or the
ORM cannot change or delete a recorded item; only the one withdrawal goes through, once."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from sanxiang.evidence import actions, demo, triggers
from sanxiang.evidence.models import Evidence
from sanxiang.recordlog import triggers as log_triggers

DATA = {"kind": "physical", "title": "仓库现场照片", "place": "仓库"}


@pytest.fixture
def item(world, case, upload):
    return actions.add_evidence(
        actor=world.user("officer"), case=case, upload=upload(demo.photo_bytes(), "仓库.jpg"), data=DATA
    )


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE evidence_evidence SET title = 'replaced' WHERE id = %s",
        "UPDATE evidence_evidence SET size = size + 1 WHERE id = %s",
        "UPDATE evidence_evidence SET blob_id = blob_id WHERE id = %s AND 1 = 0",  # matches no row: allowed
        "DELETE FROM evidence_evidence WHERE id = %s",
    ],
)
def test_raw_sql_cannot_change_or_remove_an_item(item, sql):
    if "1 = 0" in sql:
        with connection.cursor() as cursor:
            cursor.execute(sql, [item.pk])
        return
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [item.pk])
    stored = Evidence.objects.get(pk=item.pk)
    assert stored.title == DATA["title"] and stored.size == item.size


def test_saving_an_unchanged_row_is_harmless(item):
    Evidence.objects.get(pk=item.pk).save()  # every column written with its own value


def test_the_withdrawal_goes_through_once_and_then_stays(world, item):
    withdrawn = actions.withdraw_evidence(actor=world.user("officer"), item=item, reason="拍摄对象错误")
    assert withdrawn.withdrawn_at is not None
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Evidence.objects.filter(pk=item.pk).update(withdrawn_reason="改写的理由")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Evidence.objects.filter(pk=item.pk).update(withdrawn_at=None)
    assert Evidence.objects.get(pk=item.pk).withdrawn_reason == "拍摄对象错误"


def test_lifting_the_log_triggers_is_the_only_way_to_repair(item):
    with transaction.atomic():
        log_triggers.remove(connection)
        Evidence.objects.filter(pk=item.pk).update(title="repaired")
        log_triggers.install(connection)
    assert Evidence.objects.get(pk=item.pk).title == "repaired"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Evidence.objects.filter(pk=item.pk).update(title="again")


def test_the_triggers_exist_after_all_migrations(db):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [triggers.TABLE]
            )
            expected = {f"{triggers.TABLE}_no_update", f"{triggers.TABLE}_no_delete"}
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [triggers.TABLE],
            )
            expected = {f"{triggers.TABLE}_append_only"}
        assert {row[0] for row in cursor.fetchall()} == expected


def test_the_sqlite_column_list_covers_every_column():
    columns = {field.column for field in Evidence._meta.concrete_fields}
    assert columns == set(triggers.FIXED) | set(triggers.WITHDRAWAL)
