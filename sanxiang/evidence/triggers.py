"""Database triggers that keep evidence items as they were recorded (ARCHITECTURE rule 5, like the
case timeline in ``cases.triggers``): an item is never deleted, and the only change ever made to it
is its withdrawal (``actions.withdraw_evidence``), once. The actions already behave so; the triggers
make a direct SQL edit of the table fail too, so a changed row cannot hide behind its still-valid
record log entry.

Unconditional since migration 0003 (security review 2026-12, F5: dropping one record log trigger
used to lift these too). Registered with ``recordlog.triggers``, whose ``suspended`` lifts every
append-only trigger for the test and development purge; ``recordlog verify`` reports them if missing.

On PostgreSQL the function compares whole rows (``to_jsonb``), so a column added later is covered
without a change here; on SQLite the columns are listed, and a new column of ``Evidence`` needs a
migration that re-installs these triggers with it added to ``FIXED``.

Installed by migration 0002, re-installed by 0003. Changing this SQL needs a new migration.
"""

from __future__ import annotations

from typing import Any

from sanxiang.recordlog.triggers import TriggerSet, register

TABLE = "evidence_evidence"
MESSAGE = "evidence items are append-only"
# Set once, by the withdrawal; never changed after.
WITHDRAWAL = ("withdrawn_at", "withdrawn_reason", "withdrawn_by_id")
# Every other column: fixed at the insert.
FIXED = (
    "id",
    "case_id",
    "act_id",
    "step",
    "kind",
    "title",
    "collected_by_id",
    "place",
    "blob_id",
    "original_name",
    "mime",
    "size",
    "captured_at",
    "captured_raw",
    "capture_source",
    "uploaded_at",
    "uploaded_by_id",
    "uploaded_label",
    "device_id",
    "duration_ms",
    "width",
    "height",
    "thumbnail_id",
    "media_unreadable",
    "media_problem",
    "log_entry_id",
)

_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION evidence_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION '{MESSAGE}: DELETE refused';
    END IF;
    IF (to_jsonb(NEW) - '{{{",".join(WITHDRAWAL)}}}'::text[])
            IS DISTINCT FROM (to_jsonb(OLD) - '{{{",".join(WITHDRAWAL)}}}'::text[])
        OR (OLD.withdrawn_at IS NOT NULL
            AND (NEW.withdrawn_at, NEW.withdrawn_reason, NEW.withdrawn_by_id)
                IS DISTINCT FROM (OLD.withdrawn_at, OLD.withdrawn_reason, OLD.withdrawn_by_id)) THEN
        RAISE EXCEPTION '{MESSAGE}: UPDATE refused';
    END IF;
    RETURN NEW;
END;
$$
"""


def _sqlite_update_condition() -> str:
    fixed = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in FIXED)
    withdrawal = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in WITHDRAWAL)
    return f"({fixed}) OR (OLD.withdrawn_at IS NOT NULL AND ({withdrawal}))"


def _statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
            f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
            f"WHEN {_sqlite_update_condition()} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
        ]
    if vendor == "postgresql":
        return [
            _PG_FUNCTION,
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION evidence_refuse_change()",
        ]
    raise NotImplementedError(f"evidence triggers for {vendor} are not written; use SQLite or PostgreSQL")


def _drop_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {TABLE}_no_{op}" for op in ("update", "delete")]
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
            "DROP FUNCTION IF EXISTS evidence_refuse_change()",
        ]
    raise NotImplementedError(vendor)


TRIGGERS = register(TriggerSet("evidence", _statements, _drop_statements))


def install(connection: Any) -> None:
    """These triggers only (the migrations); at run time use ``recordlog.triggers.suspended``."""
    TRIGGERS.install(connection)


def remove(connection: Any) -> None:
    TRIGGERS.remove(connection)
