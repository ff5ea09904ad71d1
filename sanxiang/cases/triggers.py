"""Database triggers that make the case timeline (``cases_act``) append-only, like the record log's
own tables (ARCHITECTURE rule 5): an act, once written, is never changed nor removed.

The triggers are unconditional: dropping one of the record log's triggers no longer lifts them too
(security review 2026-12, F5). They are registered with ``recordlog.triggers``, whose ``remove``/
``install``/``suspended`` lift and restore every append-only trigger at once: the only lawful way
to remove an act is that deliberate purge (the development and test ``flush``, or a documented
repair by a database owner). ``recordlog verify`` reports any of them missing, disabled or altered.
On PostgreSQL, TRUNCATE is left to the record log's own TRUNCATE trigger: ``cases_act`` cannot be
truncated without ``recordlog_entry`` (the foreign key), which refuses while it holds rows.

Installed by migration 0005, made unconditional by 0007. Changing this SQL needs a new migration.
"""

from __future__ import annotations

from typing import Any

from sanxiang.recordlog.triggers import TriggerSet, register

TABLE = "cases_act"
MESSAGE = "cases_act is append-only"

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION cases_act_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'cases_act is append-only: % refused', TG_OP;
END;
$$
"""


def _statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {TABLE}_no_{op.lower()} BEFORE {op} ON {TABLE} "
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


TRIGGERS = register(TriggerSet("cases", _statements, _drop_statements))


def install(connection: Any) -> None:
    """These triggers only (the migrations); at run time use ``recordlog.triggers.suspended``."""
    TRIGGERS.install(connection)


def remove(connection: Any) -> None:
    TRIGGERS.remove(connection)
