"""``flush`` that knows the record log is append-only.

Django's ``flush`` (and the test runner, which calls it after every transactional test) empties every
table; the append-only triggers (the record log's and those registered with it: case acts, evidence
items) rightly refuse that. In development and tests this command lifts them all for the purge only,
in the same transaction, and puts them back (``triggers.suspended``). In production it refuses
while the log holds anything: erasing the legal record is not a maintenance task.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands.flush import Command as DjangoFlush
from django.db import connections
from django.utils.translation import gettext as _

from sanxiang.recordlog import triggers

TABLES = ("recordlog_checkpoint", "recordlog_node", "recordlog_entry", "recordlog_log")


class Command(DjangoFlush):
    help = DjangoFlush.help + " Refuses in production while the record log holds anything."

    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        present = [table for table in TABLES if table in connection.introspection.table_names()]
        if not present:
            return super().handle(**options)
        if getattr(settings, "PRODUCTION", False):
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT 1 FROM {present[-1]} LIMIT 1")  # noqa: S608 (a fixed name)
                if cursor.fetchone():
                    raise CommandError(_("flush would erase the record log, which is append-only; refused."))
            return super().handle(**options)
        ops = connection.ops
        execute = ops.execute_sql_flush

        def execute_with_log_purged(sql_list: list[str]) -> None:
            # only reached after the user confirmed (or with --no-input)
            with triggers.suspended(connection):
                execute(sql_list)

        ops.execute_sql_flush = execute_with_log_purged  # type: ignore[method-assign,assignment]
        try:
            return super().handle(**options)
        finally:
            del ops.execute_sql_flush
