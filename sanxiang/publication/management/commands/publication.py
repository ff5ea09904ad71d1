"""``sanxiang publication scan FILE``: the leak scan that guards publication, on any text file.
Exits 1 and lists the hits (line, category, text) when personal data is found, 0 when clean.
It runs the detectors that block publication, so it reads the file as they do: invisible characters
removed, every digit system and Chinese numerals read as digits (``publication.normalise``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sanxiang.publication import scan


class Command(BaseCommand):
    help = "Publication tools: `scan FILE` runs the leak scan on a text file."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        scan_parser = sub.add_parser("scan", help="Leak-scan a UTF-8 text file; exit 1 on any hit.")
        scan_parser.add_argument("file")
        scan_parser.add_argument(
            "--known", action="append", default=[], help="a private value to look for (repeatable)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: {exc}") from exc
        hits = scan.scan(text, options["known"])
        for hit in hits:
            line = text.count("\n", 0, hit.start) + 1
            shown = hit.text.replace("\n", "⏎")
            self.stdout.write(f"{path}:{line}: {hit.category} {hit.label}: {shown}")
        if hits:
            raise SystemExit(1)
        self.stdout.write(f"{path}: no personal data found")
