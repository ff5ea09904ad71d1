"""Reads of case files, scoped like the cases they belong to (``cases.queries``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO, Any

from sanxiang.casefiles import completeness
from sanxiang.casefiles.completeness import Missing
from sanxiang.cases import permissions
from sanxiang.cases.models import Case
from sanxiang.core.errors import WrongState
from sanxiang.evidence import blobs
from sanxiang.evidence.models import Blob


@dataclass
class FileStatus:
    archived: bool
    final: bool
    missing: list[Missing] = field(default_factory=list)
    size: int | None = None

    @property
    def complete(self) -> bool:
        return self.final and not self.missing


def status(case: Case) -> FileStatus:
    final = completeness.is_final(case)
    if case.archived_at is not None:
        blob = Blob.objects.filter(sha256=case.archive_digest).first()
        return FileStatus(archived=True, final=final, size=blob.size if blob else None)
    return FileStatus(archived=False, final=final, missing=completeness.missing_items(case))


def can_archive(user: Any, case: Case) -> bool:
    return permissions.can_work_on_case(user, case)


def open_package(case: Case) -> IO[bytes]:
    """The sealed package's bytes (the caller checked the user may see the case)."""
    if case.archived_at is None:
        raise WrongState("casefile_not_archived", completeness.NOT_ARCHIVED)
    return blobs.open_blob(case.archive_digest)


def package_name(case: Case) -> str:
    return f"casefile-{case.pk}-{case.archive_digest[:12]}.zip"
