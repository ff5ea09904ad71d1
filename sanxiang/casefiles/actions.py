"""Sealing and archiving a case file (归档). The only writes of the casefiles app.

``archive_case`` checks the file is complete, builds the package outside any transaction (it may be
GiBs; the record log's append lock is never held meanwhile), stores it in the blob store under its
SHA-256, and in one short transaction checks that nothing was added to the case since, and calls
``cases.actions.mark_archived`` with the package's SHA-256 (which logs ``case.archived``). From then
``refuse_if_archived`` makes the case, its evidence and its documents read-only.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sanxiang.casefiles import citations, completeness
from sanxiang.casefiles.export import Exported, export_to
from sanxiang.cases import permissions
from sanxiang.cases.actions import mark_archived, refuse_if_archived
from sanxiang.cases.models import Case
from sanxiang.core.errors import Conflict, NotAllowed, WrongState
from sanxiang.evidence import blobs
from sanxiang.recordlog import queries as log_queries


@dataclass
class Archived:
    case: Case
    sha256: str
    size: int
    exported: Exported


def check_archivable(actor: Any, case: Case) -> None:
    """Raise the coded reason a case cannot be sealed now (nothing is written)."""
    if not permissions.can_work_on_case(actor, case):
        raise NotAllowed(
            "not_allowed", _("Only the officers and head of the case's agency archive its file.")
        )
    refuse_if_archived(case)
    if not completeness.is_final(case):
        raise WrongState(
            "case_not_finished", completeness.NOT_FINAL, field="state", citation=citations.ARCHIVE
        )
    missing = completeness.missing_items(case)
    if missing:
        raise WrongState(
            "casefile_incomplete",
            _("The case file is incomplete; it lacks: %(missing)s.")
            % {"missing": "、".join(str(m.label) for m in missing)},
            field="records",
            citation=citations.ARCHIVE,
        )


def _latest_case_seq(case: Case) -> int:
    last = (
        log_queries.entries_for_subject("cases.case", case.pk).order_by("-seq").values_list("seq", flat=True)
    )
    return next(iter(last), -1)


def archive_case(*, actor: Any, case: Case, expected_version: int | None = None) -> Archived:
    check_archivable(actor, case)
    if expected_version is not None and expected_version != case.version:
        raise Conflict(
            "case_changed",
            _("The case was changed since you read it (version %(now)s, not %(read)s): read it again.")
            % {"now": case.version, "read": expected_version},
            field="version",
        )
    version = case.version
    # Beside the blob store, so storing the package is a copy on the same disk.
    work = blobs.root() / "tmp"
    work.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work, prefix="casefile-") as folder:
        package = Path(folder) / "package.zip"
        exported = export_to(case, package)
        with transaction.atomic():
            locked = Case.objects.select_for_update().get(pk=case.pk)
            if locked.version != version or _latest_case_seq(locked) != exported.max_case_seq:
                raise Conflict(
                    "casefile_changed",
                    _("The case changed while its file was being packed: archive it again."),
                )
            blob = blobs.put_file(package)
            mark_archived(
                actor=actor,
                case=locked,
                digest=exported.sha256,
                payload={
                    "package_size": exported.size,
                    "files": len(exported.items),
                    "entries": len(exported.entries),
                    "checkpoint_size": exported.tree_size,
                },
            )
    assert blob.sha256 == exported.sha256
    case.archived_at, case.archive_digest, case.version = (
        locked.archived_at,
        locked.archive_digest,
        locked.version,
    )
    return Archived(case=case, sha256=exported.sha256, size=exported.size, exported=exported)
