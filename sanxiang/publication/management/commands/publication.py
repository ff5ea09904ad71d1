"""``sanxiang publication scan FILE``: the leak scan that guards publication, on any text file.
Exits 1 and lists the hits (line, category, text) when personal data is found, 0 when clean.
It runs the detectors that block publication, so it reads the file as they do: invisible characters
removed, every digit system and Chinese numerals read as digits (``publication.normalise``).

``sanxiang publication correct-numbers``: items published with the case's filing number as 决定书文号
are corrected to the decision document's number (a public new version, ``decision_number``); those
whose case has no decision document are listed. ``migrate`` runs the same correction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sanxiang.publication import scan


class Command(BaseCommand):
    help = (
        "Publication tools: `scan FILE` runs the leak scan on a text file; `correct-numbers` corrects "
        "items published with the filing number."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        scan_parser = sub.add_parser("scan", help="Leak-scan a UTF-8 text file; exit 1 on any hit.")
        scan_parser.add_argument("file")
        scan_parser.add_argument(
            "--known", action="append", default=[], help="a private value to look for (repeatable)"
        )
        sub.add_parser("correct-numbers", help="Correct items published with the case's filing number.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "correct-numbers":
            self._correct_numbers()
            return
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

    def _correct_numbers(self) -> None:
        from sanxiang.publication import decision_number

        report = decision_number.correct_published_numbers()
        for pk, old, new in report.corrected:
            self.stdout.write(f"已更正 公示记录 {pk}：决定书文号 {old} → {new}")
        for pk, case_number in report.without_document:
            self.stdout.write(f"未更正 公示记录 {pk}：案件 {case_number} 尚未出具决定书")
        self.stdout.write(
            f"更正 {len(report.corrected)} 条，待出具决定书 {len(report.without_document)} 条。"
        )
