"""``sanxiang cases <subcommand>``: the electronic case file from the shell.

export NUMBER --out FILE.zip [--agency ID]   write the case's package (BagIt zip)
verify-export FILE.zip [--key VERIFIER_KEY]  check a package offline; exit 1 naming each problem

``verify-export`` touches no database: it can run on any machine with sanxiang installed, against a
package received by mail or on a disc, and with ``--key`` against the verifier key the agency
publishes (its record log page) rather than the one inside the package.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from sanxiang.casefiles.export import export_to
from sanxiang.casefiles.verify import verify_package
from sanxiang.cases.enums import PartyKind
from sanxiang.cases.models import Case
from sanxiang.catalog.actions.access import record_private_read
from sanxiang.core.errors import DomainError
from sanxiang.recordlog import signing


def _key_text(key: str) -> str:
    """The verifier key itself, or the contents of the file it names."""
    try:
        is_file = Path(key).is_file()
    except OSError:  # a key text is no file name (too long, or not a path at all)
        is_file = False
    return Path(key).read_text(encoding="utf-8").strip() if is_file else key.strip()


class Command(BaseCommand):
    help = "Electronic case files: export, verify-export."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        export = sub.add_parser("export", help="write a case's electronic case file (BagIt zip)")
        export.add_argument("number", help="the case number, e.g. 东湖县市场监督管理局立〔2026〕1号")
        export.add_argument("--out", required=True, help="the zip file to write")
        export.add_argument("--agency", type=int, help="agency id, when two agencies use the number")
        verify = sub.add_parser("verify-export", help="check a case file package offline")
        verify.add_argument("file", help="the zip file")
        verify.add_argument("--key", help="a verifier key you trust, or a file holding it")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(settings.LANGUAGE_CODE)
        handler = getattr(self, "do_" + options["subcommand"].replace("-", "_"))
        try:
            handler(**options)
        except (DomainError, signing.SigningKeyMissing) as exc:
            raise CommandError(str(exc)) from exc

    def _case(self, number: str, agency: int | None) -> Case:
        found = Case.objects.filter(number=number.strip()).select_related("agency")
        if agency is not None:
            found = found.filter(agency_id=agency)
        cases = list(found[:2])
        if not cases:
            raise CommandError(_("No case has the number %(number)s.") % {"number": number})
        if len(cases) > 1:
            raise CommandError(
                _("Several agencies use the number %(number)s: give --agency.") % {"number": number}
            )
        return cases[0]

    def do_export(self, *, number: str, out: str, agency: int | None, **options: Any) -> None:
        case = self._case(number, agency)
        result = export_to(case, Path(out))
        # A copy of the file leaves the system with the parties' data: the read is recorded, as a
        # download from the case page is (the shell's operator acts as the system).
        record_private_read(
            actor=None,
            subject=case,
            agency_id=case.agency_id,
            what="case_file",
            channel="cli/cases-export",
            party_ids=[p.pk for p in case.parties.all() if p.kind == PartyKind.NATURAL_PERSON],
        )
        self.stdout.write(
            _(
                "Wrote %(path)s: %(items)s document and evidence files, %(entries)s record log entries "
                "proved against the checkpoint at size %(size)s."
            )
            % {
                "path": out,
                "items": len(result.items),
                "entries": len(result.entries),
                "size": result.tree_size,
            }
        )
        self.stdout.write(f"SHA-256 {result.sha256}  {result.size} bytes")

    def do_verify_export(self, *, file: str, key: str | None, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("%(path)s is not a file.") % {"path": file})
        trusted = _key_text(key) if key else None
        report = verify_package(path, trusted_key=trusted)
        summary = report.summary
        case = summary.get("case") or {}
        self.stdout.write(_("Case file %(path)s") % {"path": file})
        if case:
            self.stdout.write(f"  {case.get('number') or '—'} {case.get('title') or ''}")
        self.stdout.write(
            _(
                "  %(files)s files; %(documents)s documents, %(evidence)s evidence files; %(entries)s record log entries; checkpoint %(origin)s at size %(size)s"
            )
            % {
                "files": summary.get("files", 0),
                "documents": summary.get("documents", 0),
                "evidence": summary.get("evidence", 0),
                "entries": summary.get("entries", 0),
                "origin": summary.get("origin", "—"),
                "size": summary.get("tree_size", "—"),
            }
        )
        if trusted:
            self.stdout.write(_("  checked against the key you gave"))
        if report.ok:
            self.stdout.write(self.style.SUCCESS(_("OK: every file, entry, proof and signature verifies.")))
            return
        for problem in report.problems:
            self.stderr.write(str(problem))
        raise CommandError(
            _("The case file does not verify: %(count)s problems.") % {"count": len(report.problems)},
            returncode=1,
        )
