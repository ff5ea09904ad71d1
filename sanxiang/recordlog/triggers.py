"""Database triggers that make the record log's tables append-only (ARCHITECTURE rule 5), and the one
switch for every append-only trigger of the installation.

The record log's own triggers (``OWN``) are installed by migration 0002 on SQLite and PostgreSQL.
Changing their SQL needs a new migration that removes and re-installs them. Other apps keep their
own append-only tables (``cases_act``, ``evidence_evidence``) with unconditional triggers of their own
and ``register`` them here, so that:

* ``install``/``remove``/``suspended`` act on every registered set at once: the development and test
  purge (``flush``) and a documented, deliberate repair by a database owner lift them all together,
  and the application never calls them;
* ``verify`` checks that every registered trigger is installed, enabled and unaltered (``check``),
  so dropping one trigger by hand is reported by name rather than silently lifting others.

On PostgreSQL a TRUNCATE of an *empty* table is let through: it destroys nothing, and Django's test
runner empties every table with one TRUNCATE after each transactional test.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
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


# --- one set of triggers, and the registry of all sets ---------------------------------------------

_TRIGGER = re.compile(r"CREATE TRIGGER (\w+) .*? ON (\w+) ", re.DOTALL)
_EXECUTES = re.compile(r"EXECUTE FUNCTION (\w+)\(\)")
_FUNCTION = re.compile(r"CREATE OR REPLACE FUNCTION (\w+)\(\).*?\$\$(.*)\$\$", re.DOTALL)


@dataclass(frozen=True)
class TriggerSet:
    """The append-only triggers of one app: the statements that create them and those that drop them,
    per database vendor. What must be installed is read from the create statements themselves."""

    name: str
    statements: Callable[[str], list[str]]
    drop_statements: Callable[[str], list[str]]

    def install(self, connection: Any) -> None:
        with connection.cursor() as cursor:
            for statement in self.statements(connection.vendor):
                cursor.execute(statement)

    def remove(self, connection: Any) -> None:
        with connection.cursor() as cursor:
            for statement in self.drop_statements(connection.vendor):
                cursor.execute(statement)

    def expected(self, vendor: str) -> tuple[dict[str, tuple[str, str]], dict[str, str]]:
        """``{trigger: (table, create statement)}`` and, on PostgreSQL, ``{function: body}``."""
        triggers: dict[str, tuple[str, str]] = {}
        functions: dict[str, str] = {}
        for statement in self.statements(vendor):
            function = _FUNCTION.search(statement)
            if function:
                functions[function.group(1)] = function.group(2)
                continue
            trigger = _TRIGGER.search(statement)
            if trigger:
                triggers[trigger.group(1)] = (trigger.group(2), statement)
        return triggers, functions


OWN = TriggerSet("recordlog", _statements, _drop_statements)
REGISTRY: list[TriggerSet] = [OWN]


def register(trigger_set: TriggerSet) -> TriggerSet:
    """Add an app's append-only triggers to the one switch and to verify's check (at import)."""
    if all(known.name != trigger_set.name for known in REGISTRY):
        REGISTRY.append(trigger_set)
    return trigger_set


def install(connection: Any) -> None:
    """Install every registered set (the record log's first: the others' tables refer to it)."""
    for trigger_set in REGISTRY:
        trigger_set.install(connection)


def remove(connection: Any) -> None:
    """Remove every registered set: the only way to change or delete a protected row."""
    for trigger_set in reversed(REGISTRY):
        trigger_set.remove(connection)


@contextlib.contextmanager
def suspended(connection: Any) -> Iterator[None]:
    """Every append-only trigger lifted for the body only, in one transaction: the test and
    development purge, or a documented repair. Nothing of the application calls it."""
    from django.db import transaction

    with transaction.atomic(using=connection.alias):
        remove(connection)
        yield
        install(connection)


# --- is everything installed? ----------------------------------------------------------------------


@dataclass(frozen=True)
class TriggerProblem:
    code: str  # "trigger_missing", "trigger_altered" or "trigger_disabled"
    name: str  # the trigger (or PostgreSQL function) concerned
    table: str


def check(connection: Any) -> list[TriggerProblem]:
    """Every registered trigger, as this code would install it: present, on its table, enabled, with
    its SQL (SQLite) or its function's body (PostgreSQL) unchanged."""
    found: list[TriggerProblem] = []
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
            installed = {name: (table, sql) for name, table, sql in cursor.fetchall()}
            for trigger_set in REGISTRY:
                for name, (table, statement) in trigger_set.expected(vendor)[0].items():
                    if name not in installed:
                        found.append(TriggerProblem("trigger_missing", name, table))
                    elif installed[name] != (table, statement):
                        found.append(TriggerProblem("trigger_altered", name, table))
            return found
        cursor.execute(
            "SELECT t.tgname, c.relname, t.tgenabled, p.proname, p.prosrc FROM pg_trigger t "
            "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid "
            "WHERE NOT t.tgisinternal"
        )
        rows = {name: (table, enabled, function, body) for name, table, enabled, function, body in cursor}
    for trigger_set in REGISTRY:
        triggers, functions = trigger_set.expected(vendor)
        for name, (table, statement) in triggers.items():
            row = rows.get(name)
            if row is None or row[0] != table:
                found.append(TriggerProblem("trigger_missing", name, table))
                continue
            # 'D' is disabled (ALTER TABLE … DISABLE TRIGGER), 'R' fires only on replicas.
            enabled = row[1] if isinstance(row[1], str) else bytes(row[1]).decode()
            if enabled in ("D", "R"):
                found.append(TriggerProblem("trigger_disabled", name, table))
            wanted = _EXECUTES.search(statement)
            if (wanted and row[2] != wanted.group(1)) or (
                row[2] in functions and row[3] != functions[row[2]]
            ):
                found.append(TriggerProblem("trigger_altered", f"{name} ({row[2]})", table))
    return found
