"""``sanxiang workdays <subcommand>``: deadline arithmetic and the calendar's seed.

add DATE N [--calendar] [--explain]   the N-th working day after DATE (with --calendar: DATE + N days,
                                      moved to the next working day when it is a rest day)
between START END                     working days in (START, END]
seed                                  add the days chinesecalendar knows that are not stored yet

Beyond the entered calendar every computation exits non-zero with "<year>年节假日安排尚未录入".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from sanxiang.core.errors import DomainError
from sanxiang.workdays import arithmetic, deadlines, seeding


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("%(value)s is not a date like 2026-09-30.") % {"value": text}) from None


class Command(BaseCommand):
    help = "Working-day calendar: add, between, seed."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        add = sub.add_parser("add", help="the date N working (or calendar) days after DATE")
        add.add_argument("date")
        add.add_argument("days", type=int)
        add.add_argument(
            "--calendar", action="store_true", help="count calendar days; a last day off moves to a workday"
        )
        add.add_argument("--explain", action="store_true", help="also print the sentence explaining it")
        add.add_argument("--event", default="", help="the start event named in the explanation, e.g. 送达")
        between = sub.add_parser("between", help="working days in (START, END]")
        between.add_argument("start")
        between.add_argument("end")
        sub.add_parser("seed", help="store the days chinesecalendar knows that are missing")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(settings.LANGUAGE_CODE)
        handler = getattr(self, "do_" + options["subcommand"])
        try:
            handler(**options)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc

    def do_add(
        self, *, date: str, days: int, calendar: bool, explain: bool, event: str, **options: Any
    ) -> None:
        start = _date(date)
        mode = deadlines.CALENDAR_DAYS if calendar else deadlines.WORKING_DAYS
        if not explain:
            due = (arithmetic.add_calendar_days if calendar else arithmetic.add_working_days)(start, days)
            self.stdout.write(due.isoformat())
            return
        deadline = deadlines.compute(
            rule_id="", citation="", start_event=event, start_date=start, days=days, mode=mode
        )
        self.stdout.write(deadline.due.isoformat())
        self.stdout.write(deadline.explanation)

    def do_between(self, *, start: str, end: str, **options: Any) -> None:
        self.stdout.write(str(arithmetic.working_days_between(_date(start), _date(end))))

    def do_seed(self, **options: Any) -> None:
        years = seeding.library_years()
        added = seeding.seed(years=years)
        self.stdout.write(
            _("%(added)d days added; %(first)d–%(last)d are complete.")
            % {"added": added, "first": years[0], "last": years[-1]}
        )
