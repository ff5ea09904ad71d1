"""Database triggers that make the case timeline (``cases_act``) append-only, like the record log's
own tables (ARCHITECTURE rule 5): an act, once written, is never changed nor removed.

The triggers are active exactly while the record log's triggers are installed. The log's rows are
referenced by the acts (``Act.log_entry``, PROTECT), so the only lawful way to remove an act is the
deliberate purge that lifts the log's triggers (``recordlog.triggers.remove``: the development and
test ``flush``, or a documented repair by a database owner); tying the two keeps that one switch.
On PostgreSQL, TRUNCATE is left to the record log's own TRUNCATE trigger: ``cases_act`` cannot be
truncated without ``recordlog_entry`` (the foreign key), which refuses while it holds rows.

Installed by migration 0005 on SQLite and PostgreSQL. Changing this SQL needs a new migration.
"""

from __future__ import annotations

from typing import Any

TABLE = "cases_act"
MESSAGE = "cases_act is append-only"
# The record log trigger whose presence switches these on (see recordlog.triggers).
SQLITE_SWITCH = "recordlog_entry_no_delete"
PG_SWITCH = "recordlog_entry_append_only"

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION cases_act_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'recordlog_entry_append_only') THEN
        RAISE EXCEPTION 'cases_act is append-only: % refused', TG_OP;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$
"""


def _statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {TABLE}_no_{op.lower()} BEFORE {op} ON {TABLE} "  # noqa: S608
            f"WHEN EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = '{SQLITE_SWITCH}') "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            for op in ("UPDATE", "DELETE")
        ]
    if vendor == "postgresql":
        return [
            _PG_FUNCTION,
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION cases_act_refuse_change()",
        ]
    raise NotImplementedError(f"append-only triggers for {vendor} are not written; use SQLite or PostgreSQL")


def _drop_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {TABLE}_no_{op}" for op in ("update", "delete")]
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
            "DROP FUNCTION IF EXISTS cases_act_refuse_change()",
        ]
    raise NotImplementedError(vendor)


def install(connection: Any) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection.vendor):
            cursor.execute(statement)


def remove(connection: Any) -> None:
    with connection.cursor() as cursor:
        for statement in _drop_statements(connection.vendor):
            cursor.execute(statement)
