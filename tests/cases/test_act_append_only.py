"""The case timeline is append-only in the database itself: raw SQL cannot change or remove an act
(SQLite and PostgreSQL), while the record log's triggers are installed."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from sanxiang.cases import triggers
from sanxiang.cases.models import Act
from sanxiang.recordlog import triggers as log_triggers


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE cases_act SET act = 'decide' WHERE id = %s",
        "UPDATE cases_act SET data = '{}' WHERE id = %s",
        "DELETE FROM cases_act WHERE id = %s",
    ],
)
def test_raw_sql_cannot_change_or_remove_an_act(world, open_case, act, sql):
    case = open_case()
    filed = act(case, "file", who="head")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [filed.pk])
    stored = Act.objects.get(pk=filed.pk)
    assert stored.act == "file" and stored.data == filed.data


def test_the_orm_cannot_edit_an_act_either(world, open_case, act):
    case = open_case()
    filed = act(case, "file", who="head")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Act.objects.filter(pk=filed.pk).update(actor_label="someone else")
    assert Act.objects.get(pk=filed.pk).actor_label == filed.actor_label


def test_lifting_the_log_triggers_is_the_only_way_to_repair(world, open_case, act):
    case = open_case()
    act(case, "file", who="head")
    with transaction.atomic():
        log_triggers.remove(connection)
        with connection.cursor() as cursor:
            cursor.execute("UPDATE cases_act SET actor_label = 'repaired' WHERE case_id = %s", [case.pk])
        log_triggers.install(connection)
    assert set(Act.objects.filter(case=case).values_list("actor_label", flat=True)) == {"repaired"}
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Act.objects.filter(case=case).update(actor_label="again")


def test_the_triggers_exist_after_all_migrations(db):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'cases_act'")
            expected = {f"{triggers.TABLE}_no_update", f"{triggers.TABLE}_no_delete"}
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'cases_act'::regclass AND NOT tgisinternal"
            )
            expected = {f"{triggers.TABLE}_append_only"}
        assert {row[0] for row in cursor.fetchall()} == expected
