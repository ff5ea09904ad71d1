"""Delete Excel uploads left waiting for a decision (MEDIA_ROOT/imports/); run it daily from cron or
a job. An upload lives there between the report and the user's choice, which takes minutes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from sanxiang.catalog.excel import imports
from sanxiang.core import clock


class Command(BaseCommand):
    help = "Delete abandoned Excel uploads under MEDIA_ROOT/imports/ older than the given number of hours."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than-hours",
            type=int,
            default=24,
            help="Delete uploads whose file is older than this many hours (at least 1; default 24).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(settings.LANGUAGE_CODE)
        hours = options["older_than_hours"]
        # A user may be reading the report of an upload right now: never clean the last hour.
        if hours < 1:
            raise CommandError(_("--older-than-hours must be at least 1."))
        removed = imports.remove_abandoned(dt.timedelta(hours=hours))
        for path, modified in removed:
            self.stdout.write(
                _("Removed %(path)s (uploaded %(time)s)")
                % {"path": path, "time": clock.localtime_str(modified)}
            )
        self.stdout.write(
            _("Removed %(n)d abandoned uploads older than %(hours)d hours.")
            % {"n": len(removed), "hours": hours}
        )
