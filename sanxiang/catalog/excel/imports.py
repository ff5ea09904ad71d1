"""Import an agency's lists from .xlsx through the real actions.

Every row (for benchmarks: every group of rows with the same benchmark code) runs in its own
savepoint, so a bad row is rolled back alone and reported with its row number, the Chinese header of
the column and the action's own message. The same run serves three modes:

- ``check``: run everything, then roll the whole import back — the report the user decides on;
- ``valid_only``: keep the rows that passed, skip the bad ones;
- ``all_or_nothing``: keep everything only if no row failed.

Because the check runs the very actions the import runs, a row the report calls valid is one the
import accepts (unless the database changed in between; the import then reports again).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sanxiang.catalog import actions
from sanxiang.catalog.actions.certificates import SPECS as CERTIFICATE_SPECS
from sanxiang.catalog.excel.columns import SHEETS, Sheet
from sanxiang.catalog.excel.reading import MAX_BYTES, read_rows
from sanxiang.catalog.excel.reading import MAX_ROWS as MAX_ROWS  # the views and tests name it here
from sanxiang.catalog.models import Agency, DiscretionBenchmark, EnforcementItem, RandomInspectionItem
from sanxiang.catalog.validators import clean_certificate_number
from sanxiang.core import clock
from sanxiang.core.cleaning import clean
from sanxiang.core.errors import DomainError, Invalid

CHECK = "check"
VALID_ONLY = "valid_only"
ALL_OR_NOTHING = "all_or_nothing"
MODES = (CHECK, VALID_ONLY, ALL_OR_NOTHING)

IMPORTABLE = ("officers", "items", "benchmarks", "inspections")


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    kind: str
    mode: str
    total_rows: int
    valid_rows: int
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False

    @property
    def bad_rows(self) -> list[int]:
        return sorted({error.row for error in self.errors})


class RowFailed(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(errors)
        self.errors = errors


# --- storing an upload between the report and the user's choice ------------------------------

_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def _folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def store_upload(upload: UploadedFile) -> str:
    """Refuse what is not an .xlsx within the size limit, then keep the file (streamed, never read
    whole into memory) under MEDIA_ROOT/imports/<random>.xlsx; returns the random token."""
    if not (upload.name or "").lower().endswith(".xlsx"):
        raise Invalid("not_xlsx", _("Only Excel workbooks (.xlsx) can be imported."), field="file")
    if upload.size is not None and upload.size > MAX_BYTES:
        raise Invalid(
            "file_too_large",
            _("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)},
            field="file",
        )
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(16)
    with (folder / f"{token}.xlsx").open("wb") as target:
        for chunk in upload.chunks():
            target.write(chunk)
    return token


def stored_path(token: str) -> Path | None:
    if not _TOKEN.match(token or ""):
        return None
    path = _folder() / f"{token}.xlsx"
    return path if path.is_file() else None


def discard(token: str) -> None:
    path = stored_path(token)
    if path is not None:
        path.unlink(missing_ok=True)


def remove_abandoned(older_than: dt.timedelta) -> list[tuple[Path, dt.datetime]]:
    """Delete the uploads nobody decided on (the user closed the report page, or the session
    ended) whose file is older than ``older_than``; returns each removed file with its time.

    Only files named like an upload (``<token>.xlsx``) are touched. A user who comes back to a
    removed upload is told to upload it again (``stored_path`` no longer finds it)."""
    folder = _folder()
    if not folder.is_dir():
        return []
    cutoff = (clock.now() - older_than).timestamp()
    removed = []
    for path in sorted(folder.iterdir()):
        if not (path.suffix == ".xlsx" and _TOKEN.match(path.stem) and path.is_file()):
            continue
        modified = path.stat().st_mtime
        if modified < cutoff:
            path.unlink(missing_ok=True)
            removed.append((path, dt.datetime.fromtimestamp(modified, tz=dt.UTC)))
    return removed


# --- reading ----------------------------------------------------------------------------------


# --- one row (or group) at a time -------------------------------------------------------------


@dataclass
class Run:
    actor: Any
    agency: Agency
    reason: str
    sheet: Sheet
    seen: dict[str, int] = field(default_factory=dict)  # unique key in the file -> first row

    def errors_of(self, exc: DomainError, row: int, rows: Sequence[int] = ()) -> list[RowError]:
        result = []
        for error in exc.errors:
            target = row
            if error.field and error.field.startswith("grades[") and rows:
                position = error.field[len("grades[") :].split("]", 1)[0]
                if position.isdigit() and int(position) < len(rows):
                    target = rows[int(position)]
            result.append(RowError(target, self.sheet.header_for(error.field), str(error.message)))
        return result

    def repeated(self, key: str, row: int, field_name: str) -> RowError | None:
        """A key that must be unique inside the file (certificate number, item code)."""
        if not key:
            return None
        first = self.seen.setdefault(key, row)
        if first == row:
            return None
        return RowError(
            row,
            self.sheet.header_for(field_name),
            str(_("The value %(value)s repeats row %(row)d of this file.") % {"value": key, "row": first}),
        )


OFFICER_FIELDS = ("name", "post", "unit", "phone")


def _officer(run: Run, unit: list[tuple[int, dict[str, Any]]]) -> None:
    row, data = unit[0]
    officer_data = {k: v for k, v in data.items() if k in OFFICER_FIELDS}
    cert_data = {k: v for k, v in data.items() if k not in OFFICER_FIELDS}
    errors: list[RowError] = []
    try:
        key = clean_certificate_number(cert_data.get("number"))
    except Invalid:
        key = ""
    repeated = run.repeated(key, row, "number")
    if repeated:
        errors.append(repeated)
    officer = None
    try:
        officer = actions.create_officer(
            actor=run.actor, agency=run.agency, data=officer_data, reason=run.reason
        )
    except DomainError as exc:
        errors += run.errors_of(exc, row)
    if officer is None or errors:
        # The certificate cannot be issued without the officer; still report its columns' mistakes.
        try:
            clean(cert_data, CERTIFICATE_SPECS)
        except Invalid as exc:
            errors += run.errors_of(exc, row)
    else:
        try:
            actions.issue_certificate(actor=run.actor, officer=officer, data=cert_data, reason=run.reason)
        except DomainError as exc:
            errors += run.errors_of(exc, row)
    if errors:
        raise RowFailed(errors)


def _listed(model: type[Any], save: Callable[..., Any], keyword: str) -> Callable[[Run, Any], None]:
    """Items and inspection items: create, or update the entry with the same code."""

    def handle(run: Run, unit: list[tuple[int, dict[str, Any]]]) -> None:
        row, data = unit[0]
        code = str(data.get("code", "")).strip()
        repeated = run.repeated(code, row, "code")
        if repeated:
            raise RowFailed([repeated])
        existing = model.objects.filter(agency=run.agency, code=code).first() if code else None
        try:
            save(actor=run.actor, agency=run.agency, data=data, reason=run.reason, **{keyword: existing})
        except DomainError as exc:
            raise RowFailed(run.errors_of(exc, row)) from None

    return handle


BENCHMARK_FIELDS = ("code", "violation", "violated_provision", "penalty_provision")
GRADE_FIELDS = ("grade", "circumstances", "penalty", "fine_min", "fine_max", "warning", "confiscation")


def _benchmark(run: Run, unit: list[tuple[int, dict[str, Any]]]) -> None:
    rows = [row for row, _data in unit]
    first = rows[0]
    data: dict[str, Any] = {}
    for name in (*BENCHMARK_FIELDS, "item_code"):
        present = [values[name] for _row, values in unit if name in values]
        if present:
            data[name] = next((v for v in present if v not in ("", None)), "")
    errors: list[RowError] = []
    item = None
    if data.get("item_code"):
        item = EnforcementItem.objects.filter(
            agency=run.agency, code=str(data["item_code"]), retired_at__isnull=True
        ).first()
        if item is None:
            errors.append(
                RowError(
                    first,
                    run.sheet.header_for("item_code"),
                    str(
                        _("No current enforcement item of this agency has the code %(code)s.")
                        % {"code": data["item_code"]}
                    ),
                )
            )
    grades = [{k: v for k, v in values.items() if k in GRADE_FIELDS} for _row, values in unit]
    existing = (
        DiscretionBenchmark.objects.filter(agency=run.agency, code=data.get("code", "")).first()
        if data.get("code")
        else None
    )
    if not errors:
        try:
            actions.save_benchmark(
                actor=run.actor,
                agency=run.agency,
                benchmark=existing,
                item=item,
                grades=grades,
                data={k: v for k, v in data.items() if k in BENCHMARK_FIELDS},
                reason=run.reason,
            )
        except DomainError as exc:
            errors += run.errors_of(exc, first, rows)
    if errors:
        failed = {error.row for error in errors}
        for row in rows:
            if row not in failed:
                errors.append(
                    RowError(
                        row,
                        "—",
                        str(
                            _("Not imported with its benchmark %(code)s, which has errors in row %(rows)s.")
                            % {
                                "code": data.get("code", ""),
                                "rows": "、".join(str(r) for r in sorted(failed)),
                            }
                        ),
                    )
                )
        raise RowFailed(errors)


def _units(kind: str, rows: list[tuple[int, dict[str, Any]]]) -> list[list[tuple[int, dict[str, Any]]]]:
    if kind != "benchmarks":
        return [[row] for row in rows]
    groups: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for row, data in rows:
        code = str(data.get("code", "")).strip()
        groups.setdefault(code or f"#row{row}", []).append((row, data))
    return list(groups.values())


HANDLERS: dict[str, Callable[[Run, Any], None]] = {
    "officers": _officer,
    "items": _listed(EnforcementItem, actions.save_item, "item"),
    "benchmarks": _benchmark,
    "inspections": _listed(RandomInspectionItem, actions.save_inspection_item, "inspection_item"),
}


def run_import(*, actor: Any, agency: Agency, kind: str, path: Path, reason: str, mode: str) -> ImportReport:
    """Read the sheet (refusing wrong files and headers up front), then run every row through the
    actions; keep or roll back according to ``mode``."""
    if mode not in MODES or kind not in HANDLERS:
        raise ValueError(mode)
    sheet = SHEETS[kind]
    rows = read_rows(path, sheet)
    run = Run(actor=actor, agency=agency, reason=reason, sheet=sheet)
    report = ImportReport(kind=kind, mode=mode, total_rows=len(rows), valid_rows=0)
    handler = HANDLERS[kind]
    with transaction.atomic():
        for unit in _units(kind, rows):
            try:
                with transaction.atomic():
                    handler(run, unit)
            except RowFailed as exc:
                report.errors.extend(exc.errors)
            else:
                report.valid_rows += len(unit)
        report.committed = mode == VALID_ONLY or (mode == ALL_OR_NOTHING and not report.errors)
        if not report.committed:
            transaction.set_rollback(True)
    report.errors.sort(key=lambda e: e.row)
    if mode == VALID_ONLY and report.valid_rows == 0:
        report.committed = False
    return report
