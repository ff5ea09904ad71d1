"""What goes into a case's file: its evidence files and issued documents (with where their bytes
are), and the record log entries that concern the case.

Each file is a ``FileItem`` that opens its bytes from the blob store as a stream; the exporter copies
it into the package and checks that the bytes still hash to the recorded digest (fixity at export)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils import timezone

from sanxiang.casefiles import layout, pdfpages
from sanxiang.cases.models import Case
from sanxiang.documents.models import Document
from sanxiang.evidence import blobs
from sanxiang.evidence.models import Evidence
from sanxiang.recordlog import queries as log_queries
from sanxiang.recordlog.models import Entry


@dataclass
class FileItem:
    kind: str  # "document" or "evidence"
    number: str  # the document number (文号) or the evidence item's number in the file
    title: str
    date: dt.date | None
    path: str  # under data/
    size: int
    sha256: str  # as recorded when stored; the export checks the bytes against it
    opener: Callable[[], IO[bytes]]
    pages: int | None = None
    note: str = ""
    log_seqs: list[int] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment is not None else None


def _extension(name: str, mime: str) -> str:
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix.isalnum() and 0 < len(suffix) <= 5:
        return suffix
    return {"video/mp4": "mp4", "image/jpeg": "jpg", "image/png": "png", "audio/mpeg": "mp3"}.get(mime, "bin")


def _opener(digest: str) -> Callable[[], IO[bytes]]:
    return lambda: blobs.open_blob(digest)


def evidence_items(case: Case) -> list[FileItem]:
    rows = (
        Evidence.objects.filter(case=case)
        .select_related("blob", "log_entry", "collected_by", "device")
        .order_by("uploaded_at", "id")
    )
    items = []
    for index, row in enumerate(rows, start=1):
        number = f"E{index:03d}"
        notes = [str(row.get_kind_display())]
        if row.collected_by is not None:
            notes.append(str(row.collected_by))
        if row.device is not None:
            notes.append(str(row.device))
        if row.withdrawn_at is not None:
            notes.append(f"withdrawn: {row.withdrawn_reason}")
        items.append(
            FileItem(
                kind="evidence",
                number=number,
                title=row.title,
                date=_local_date(row.captured_at or row.uploaded_at),
                path=f"evidence/{number}-{layout.safe_name(row.title)}.{_extension(row.original_name, row.mime)}",
                size=row.blob.size,
                sha256=row.blob.sha256,
                opener=_opener(row.blob.sha256),
                note=" · ".join(notes),
                log_seqs=[row.log_entry.seq],
                extra={
                    "evidence_id": row.pk,
                    "evidence_kind": row.kind,
                    "step": row.step,
                    "mime": row.mime,
                    "original_name": row.original_name,
                    "place": row.place,
                    "captured_at": row.captured_at,
                    "captured_raw": row.captured_raw,
                    "uploaded_at": row.uploaded_at,
                    "duration_ms": row.duration_ms,
                    "device": str(row.device) if row.device else "",
                    "withdrawn_at": row.withdrawn_at,
                },
            )
        )
    return items


def _pdf_pages(digest: str, size: int) -> int | None:
    if size > pdfpages.LIMIT:
        return None
    with blobs.open_blob(digest) as handle:
        return pdfpages.count_pages(handle.read())


def document_items(case: Case) -> list[FileItem]:
    """Issued documents, PDF and Word, every version: a superseded one stays in the file, marked,
    because what was served on the party is part of the record even once replaced."""
    rows = (
        Document.objects.filter(case=case)
        .select_related("log_entry", "superseded_by", "pdf", "docx")
        .order_by("issued_at", "id")
    )
    items = []
    for index, row in enumerate(rows, start=1):
        title = row.kind_title
        stem = f"documents/D{index:03d}-{layout.safe_name(title)}"
        if row.version > 1:
            stem += f"-v{row.version}"
        note = f"v{row.version}"
        if row.superseded_by is not None:
            note += f" · superseded by v{row.superseded_by.version}"
        for blob, fmt, label in ((row.pdf, "pdf", "PDF"), (row.docx, "docx", "Word")):
            items.append(
                FileItem(
                    kind="document",
                    number=row.number,
                    title=title,
                    date=_local_date(row.issued_at),
                    path=f"{stem}.{fmt}",
                    size=blob.size,
                    sha256=blob.sha256,
                    opener=_opener(blob.sha256),
                    pages=_pdf_pages(blob.sha256, blob.size) if fmt == "pdf" else None,
                    note=f"{note} · {label}",
                    log_seqs=[row.log_entry.seq],
                    extra={
                        "document_id": row.pk,
                        "document_kind": row.kind,
                        "version": row.version,
                        "format": fmt,
                        "issued_at": row.issued_at,
                        "superseded_by": row.superseded_by_id,
                    },
                )
            )
    return items


def items_of(case: Case) -> list[FileItem]:
    return document_items(case) + evidence_items(case)


def case_entries(case: Case, items: Iterable[FileItem]) -> list[Entry]:
    """The entries about the case (its subject), the entries that name a file of the file by its
    digest, and the entries the items point at; ordered by ``seq``."""
    seqs = set(log_queries.entries_for_subject("cases.case", case.pk).values_list("seq", flat=True))
    digests = set()
    for item in items:
        seqs.update(item.log_seqs)
        digests.add(item.sha256)
    if digests:
        # The same bytes may be evidence in another case too (stored once): only this case's entries.
        for seq, payload in Entry.objects.filter(log_id=log_queries.LOG_PK, digest__in=digests).values_list(
            "seq", "payload"
        ):
            if isinstance(payload, dict) and payload.get("case_id") == case.pk:
                seqs.add(seq)
    return list(Entry.objects.filter(log_id=log_queries.LOG_PK, seq__in=seqs).order_by("seq"))
