"""Database triggers that make the record log's tables append-only (ARCHITECTURE rule 5).

Installed by migration 0002 on SQLite and PostgreSQL. Changing this SQL needs a new migration that
removes and re-installs the triggers. ``remove`` exists for the tamper tests and for a documented,
deliberate repair by a database owner; the application never calls it.

On PostgreSQL a TRUNCATE of an *empty* table is let through: it destroys nothing, and Django's test
runner empties every table with one TRUNCATE after each transactional test.
"""

from __future__ import annotations

from typing import Any

TABLES = ("recordlog_log", "recordlog_entry", "recordlog_node", "recordlog_checkpoint")
MESSAGE = "recordlog is append-only"

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION recordlog_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    has_rows boolean;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I)', TG_TABLE_SCHEMA, TG_TABLE_NAME) INTO has_rows;
        IF NOT has_rows THEN
            RETURN NULL;
        END IF;
    END IF;
    RAISE EXCEPTION 'recordlog is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END;
$$
"""


def _statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            for table in TABLES
            for op in ("UPDATE", "DELETE")
        ]
    if vendor == "postgresql":
        statements = [_PG_FUNCTION]
        for table in TABLES:
            statements.append(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION recordlog_refuse_change()"
            )
            statements.append(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION recordlog_refuse_change()"
            )
        return statements
    raise NotImplementedError(f"append-only triggers for {vendor} are not written; use SQLite or PostgreSQL")


def _drop_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {table}_no_{op}" for table in TABLES for op in ("update", "delete")]
    if vendor == "postgresql":
        statements = []
        for table in TABLES:
            statements.append(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            statements.append(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        statements.append("DROP FUNCTION IF EXISTS recordlog_refuse_change()")
        return statements
    raise NotImplementedError(vendor)


def install(connection: Any) -> None:
    with connection.cursor() as cursor:
        for statement in _statements(connection.vendor):
            cursor.execute(statement)


def remove(connection: Any) -> None:
    with connection.cursor() as cursor:
        for statement in _drop_statements(connection.vendor):
            cursor.execute(statement)
