"""Build the electronic case file (电子案卷) of a case: one BagIt zip holding the catalogue (卷内目录,
PDF), every issued document and evidence file, the case's record log entries as the exact bytes that
were hashed, an inclusion proof for each against one signed checkpoint, that checkpoint, the log's
verifier key and ``case.json``. Layout: ``layout.py`` and ``docs/casefile-format.md``.

Only reads: the one write is a new checkpoint when the latest one does not cover the case's
entries (``recordlog.actions.make_checkpoint``, its own short transaction), so that building a
package of GiBs never holds the log's append lock.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import weasyprint
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.casefiles import bagit, layout
from sanxiang.casefiles.contents import FileItem, case_entries, items_of
from sanxiang.cases.models import Case
from sanxiang.cases.procedures.engine import plain
from sanxiang.core import clock
from sanxiang.core.errors import Invalid, NotVisible, WrongState
from sanxiang.recordlog import actions as log_actions
from sanxiang.recordlog import queries as log_queries
from sanxiang.recordlog.models import Checkpoint, Entry

SOFTWARE = "sanxiang casefiles"


@dataclass
class Exported:
    sha256: str  # of the zip
    size: int
    tree_size: int
    entries: list[int]
    items: list[FileItem]
    max_case_seq: int  # the newest entry about the case when packed (the archive compares it)


def b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


def covering_checkpoint(last_seq: int) -> Checkpoint:
    """The latest checkpoint if it covers entry ``last_seq``, else a new one."""
    latest = log_queries.latest_checkpoint()
    if latest is None or latest.tree_size <= last_seq:
        log_actions.make_checkpoint(force=True)
        latest = log_queries.latest_checkpoint()
    assert latest is not None and latest.tree_size > last_seq
    return latest


def _records(case: Case) -> list[dict[str, Any]]:
    return [
        {"name": r.name, "label": r.label, "date": timezone.localtime(r.added_at).date(), "note": r.note}
        for r in case.records.all().order_by("added_at", "id")
    ]


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    # The catalogue needs no file or URL: titles typed by officers must not make the renderer
    # read a server file or reach the network.
    raise ValueError(f"the catalogue fetches nothing ({url[:60]})")


def render_catalogue(
    case: Case, items: list[FileItem], *, entries: int, checkpoint: Checkpoint
) -> tuple[bytes, int]:
    """The 卷内目录 as PDF (A4, Noto CJK behind the official font names) and its page count."""
    html = render_to_string(
        "casefiles/catalogue.html",
        {
            "case": case,
            "items": items,
            "records": _records(case),
            "compiled_on": timezone.localdate(clock.now()),
            "entries": entries,
            "tree_size": checkpoint.tree_size,
            "origin": checkpoint.key_name,
        },
    )
    document = weasyprint.HTML(string=html, url_fetcher=_no_fetching).render()
    return document.write_pdf(), len(document.pages)


def _item_json(item: FileItem) -> dict[str, Any]:
    return plain(
        {
            "path": "data/" + item.path,
            "kind": item.kind,
            "number": item.number,
            "title": item.title,
            "date": item.date,
            "pages": item.pages,
            "size": item.size,
            "sha256": item.sha256,
            "note": item.note,
            "log_seqs": item.log_seqs,
            **item.extra,
        }
    )


def case_json(
    case: Case, items: list[FileItem], entries: list[Entry], checkpoint: Checkpoint
) -> dict[str, Any]:
    parties = [
        {
            "kind": p.kind,
            "name": p.name,
            "id_number": p.id_number,
            "credit_code": p.credit_code,
            "representative": p.representative,
            "address": p.address,
        }
        for p in case.parties.all()
    ]
    officers = [
        {"officer_id": a.officer_id, "name": str(a.officer), "lead": a.lead} for a in case.assignments.all()
    ]
    acts = [
        {
            "act": a.act,
            "from_state": a.from_state,
            "to_state": a.to_state,
            "occurred_at": a.occurred_at,
            "actor": a.actor_label,
            "officers": a.officers,
            "records": [r.name for r in a.records.all()],
            "log_seq": a.log_entry.seq if a.log_entry is not None else None,
        }
        for a in case.acts.select_related("log_entry").prefetch_related("records")
    ]
    return plain(
        {
            "format": layout.FORMAT,
            "exported_at": clock.now(),
            "case": {
                "id": case.pk,
                "number": case.number,
                "title": case.title,
                "agency": {"id": case.agency_id, "name": case.agency.name},
                "procedure": case.procedure,
                "procedure_label": case.get_procedure_display(),
                "state": case.state,
                "state_label": case.get_state_display(),
                "source": case.source,
                "facts": case.facts,
                "legal_basis": case.legal_basis,
                "filed_on": case.filed_on,
                "decided_on": case.decided_on,
                "served_on": case.served_on,
                "closed_at": case.closed_at,
                "decided_penalty": case.decided_penalty,
                "decided_fine": case.decided_fine,
                "parties": parties,
                "officers": officers,
            },
            "acts": acts,
            "records": [{**r, "date": r["date"]} for r in _records(case)],
            "items": [_item_json(item) for item in items],
            "recordlog": {
                "origin": checkpoint.key_name,
                "hash_alg": checkpoint.log.hash_alg,
                "tree_size": checkpoint.tree_size,
                "checkpoint": layout.CHECKPOINT,
                "verifier_key": layout.VERIFIER_KEY,
                "entries": [e.seq for e in entries],
            },
        }
    )


def write_entry_with_proof(
    writer: bagit.BagWriter, entry: Any, *, log: Any, size: int, checkpoint: Checkpoint
) -> None:
    """One record-log entry in the bag: its canonical bytes and its inclusion proof against the
    package's checkpoint (the sealed and the redacted package write them alike)."""
    canonical = bytes(entry.canonical)
    writer.add_bytes(layout.entry_path(entry.seq).removeprefix("data/"), canonical)
    proof = {
        "format": layout.PROOF_FORMAT,
        "type": "inclusion",
        "origin": log.origin,
        "hash_alg": log.hash_alg,
        "seq": entry.seq,
        "tree_size": size,
        "entry": b64(canonical),
        "leaf_hash": b64(bytes(entry.leaf_hash)),
        "proof": [b64(p) for p in log_queries.inclusion_proof(entry.seq, size, log=log)],
        "root": b64(bytes(checkpoint.root_hash)),
        "checkpoint": None,  # it is data/recordlog/checkpoint.txt
    }
    data = json.dumps(proof, ensure_ascii=False, indent=1).encode("utf-8")
    writer.add_bytes(layout.proof_path(entry.seq).removeprefix("data/"), data)


def _copy_item(writer: bagit.BagWriter, item: FileItem) -> None:
    try:
        source = item.opener()
    except NotVisible:
        raise WrongState(
            "casefile_blob_missing",
            _("The stored file of “%(title)s” is missing: run the fixity check.") % {"title": item.title},
            field="items",
        ) from None
    with source:
        digest, size = writer.add_stream(item.path, source)
    if digest != item.sha256 or size != item.size:
        # The stored bytes no longer hash to what was recorded: never seal an altered file.
        raise WrongState(
            "casefile_blob_altered",
            _("The stored file of “%(title)s” no longer matches its recorded SHA-256: run the fixity check.")
            % {"title": item.title},
            field="items",
        )


def write_package(case: Case, target: IO[bytes]) -> Exported:
    """Write the package of ``case`` into the seekable binary file ``target``."""
    items = items_of(case)
    entries = case_entries(case, items)
    if not entries:
        raise Invalid("casefile_no_entries", _("The case has no record log entry to export."), field="case")
    checkpoint = covering_checkpoint(entries[-1].seq)
    log = log_queries.get_log()
    size = checkpoint.tree_size
    catalogue, pages = render_catalogue(case, items, entries=len(entries), checkpoint=checkpoint)
    catalogue_item = {
        "path": layout.CATALOGUE,
        "kind": "catalogue",
        "title": str(_("Case file catalogue")),
        "pages": pages,
        "size": len(catalogue),
        "sha256": hashlib.sha256(catalogue).hexdigest(),
    }
    with zipfile.ZipFile(target, "w", allowZip64=True) as archive:
        writer = bagit.BagWriter(archive)
        writer.add_bytes(layout.CATALOGUE.removeprefix("data/"), catalogue, compress=False)
        for item in items:
            _copy_item(writer, item)
        for entry in entries:
            write_entry_with_proof(writer, entry, log=log, size=size, checkpoint=checkpoint)
        writer.add_bytes(layout.CHECKPOINT.removeprefix("data/"), checkpoint.signed_note.encode("utf-8"))
        writer.add_bytes(
            layout.VERIFIER_KEY.removeprefix("data/"),
            (log_queries.verifier_key_text() + "\n").encode("utf-8"),
        )
        description = case_json(case, items, entries, checkpoint)
        description["items"].insert(0, catalogue_item)
        writer.add_bytes(
            layout.CASE_JSON.removeprefix("data/"),
            json.dumps(description, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"),
        )
        writer.finish(
            [
                ("Source-Organization", case.agency.name),
                ("Bagging-Date", timezone.localdate(clock.now()).isoformat()),
                ("External-Identifier", case.number or f"case-{case.pk}"),
                ("External-Description", f"{_('Electronic case file')}: {case.title}"),
                ("Bag-Software-Agent", SOFTWARE),
                ("Sanxiang-Casefile-Format", layout.FORMAT),
                ("Sanxiang-Recordlog-Checkpoint-Size", str(size)),
            ]
        )
    case_seqs = [e.seq for e in entries if e.subject_type == "cases.case" and e.subject_id == str(case.pk)]
    return Exported(
        sha256="",
        size=0,
        tree_size=size,
        entries=[e.seq for e in entries],
        items=items,
        max_case_seq=max(case_seqs, default=-1),
    )


def _file_digest(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(bagit.BUFFER):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def export_to(case: Case, out: Path) -> Exported:
    """Write the package to ``out`` (via a temporary file beside it, renamed when complete, so a
    failed export leaves no partial zip) and return it with its SHA-256."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=out.parent, prefix=".casefile-", suffix=".zip.part")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w+b") as handle:
            result = write_package(case, handle)
            handle.flush()
            os.fsync(handle.fileno())
        result.sha256, result.size = _file_digest(tmp)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return result
