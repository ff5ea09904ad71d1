"""The redacted copy of a case file, for readers who may see the case but not its parties' personal
data (``cases.permissions.can_see_personal_data``: a supervisor of the region, an administrator).

A BagIt bag of the same format as the sealed package (``export``), built on request and never
stored, with its own manifests so that it verifies as a bag, and marked as a redacted copy in
``bag-info.txt`` and ``case.json``:

- the issued documents as redacted renditions (``documents.redaction``), under ``data/redacted/``
  (they are not the logged originals, so they are not under ``data/documents/``);
- the evidence files withheld: a photo, scan or recording cannot be masked reliably;
- the record log entries that hold a personal value of the parties withheld with their proofs; the
  others kept with their proofs against the signed checkpoint, which still verify;
- ``case.json`` with the parties' personal fields empty and the free texts masked, and a
  ``redaction`` section listing everything withheld and why.

The catalogue (卷内目录) of the sealed package is not included: it describes the originals."""

from __future__ import annotations

import json
import zipfile
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from sanxiang.casefiles import bagit, layout
from sanxiang.casefiles.contents import case_entries, items_of
from sanxiang.casefiles.export import SOFTWARE, case_json, covering_checkpoint, write_entry_with_proof
from sanxiang.cases.models import Case
from sanxiang.core import clock
from sanxiang.core.errors import Invalid
from sanxiang.documents import redaction
from sanxiang.documents.models import Document
from sanxiang.recordlog import queries as log_queries

REDACTED = "data/redacted/"
REDACTED_DOCUMENTS = REDACTED + "documents/"


def _masked(value: Any, secrets: list[str]) -> Any:
    """Every string inside ``value`` masked (``documents.redaction.mask_text``)."""
    if isinstance(value, str):
        return redaction.mask_text(value, secrets)
    if isinstance(value, list):
        return [_masked(v, secrets) for v in value]
    if isinstance(value, dict):
        return {k: _masked(v, secrets) for k, v in value.items()}
    return value


def _entry_text(canonical: bytes) -> str:
    # Canonical JSON may escape non-ASCII: compare against the decoded text.
    try:
        return json.dumps(json.loads(canonical), ensure_ascii=False)
    except ValueError:
        return canonical.decode("utf-8", "replace")


def write_redacted_package(case: Case, target: IO[bytes]) -> dict[str, Any]:
    """Write the redacted copy of ``case``'s file into ``target``; return its ``redaction`` section."""
    items = items_of(case)
    entries = case_entries(case, items)
    if not entries:
        raise Invalid("casefile_no_entries", _("The case has no record log entry to export."), field="case")
    secrets = redaction.personal_values(case)
    checkpoint = covering_checkpoint(entries[-1].seq)
    log = log_queries.get_log()
    size = checkpoint.tree_size
    documents = {d.pk: d for d in Document.objects.filter(case=case).select_related("case", "log_entry")}
    kept_items = []
    withheld_files: list[dict[str, Any]] = []
    kept_entries = []
    withheld_entries: list[dict[str, Any]] = []
    with zipfile.ZipFile(target, "w", allowZip64=True) as archive:
        writer = bagit.BagWriter(archive)
        for item in items:
            document = documents.get(item.extra.get("document_id", 0))
            if item.kind != "document" or document is None:
                withheld_files.append(
                    {
                        "path": "data/" + item.path,
                        "kind": item.kind,
                        "number": item.number,
                        "title": item.title,
                        "reason": str(_("An evidence file cannot be de-identified reliably: withheld.")),
                    }
                )
                continue
            fmt = item.extra["format"]
            data = redaction.redacted_bytes(document, fmt)
            path = REDACTED_DOCUMENTS.removeprefix("data/") + item.path.removeprefix("documents/")
            digest, length = writer.add_bytes(path, data, compress=False)
            item.extra = {**item.extra, "redacted_copy_of_sha256": item.sha256}
            item.path, item.sha256, item.size = path, digest, length
            item.pages = None
            kept_items.append(item)
        for entry in entries:
            canonical = bytes(entry.canonical)
            if redaction.reveals(_entry_text(canonical), secrets):
                withheld_entries.append(
                    {
                        "seq": entry.seq,
                        "kind": entry.kind,
                        "reason": str(_("The entry holds a party's personal data: withheld with its proof.")),
                    }
                )
                continue
            kept_entries.append(entry)
            write_entry_with_proof(writer, entry, log=log, size=size, checkpoint=checkpoint)
        writer.add_bytes(layout.CHECKPOINT.removeprefix("data/"), checkpoint.signed_note.encode("utf-8"))
        writer.add_bytes(
            layout.VERIFIER_KEY.removeprefix("data/"),
            (log_queries.verifier_key_text() + "\n").encode("utf-8"),
        )
        redaction_section = {
            "mark": redaction.mark(),
            "copy_of_sha256": case.archive_digest or None,
            "withheld_files": withheld_files,
            "withheld_entries": withheld_entries,
        }
        description = case_json(case, kept_items, kept_entries, checkpoint)
        body = description["case"]
        for party in body["parties"]:
            party.update(id_number=None, address=None, phone=None)
        for name in ("facts", "title", "legal_basis"):
            body[name] = _masked(body.get(name), secrets)
        description["acts"] = _masked(description["acts"], secrets)
        description["records"] = _masked(description["records"], secrets)
        description["redaction"] = redaction_section
        writer.add_bytes(
            layout.CASE_JSON.removeprefix("data/"),
            json.dumps(description, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"),
        )
        writer.finish(
            [
                ("Source-Organization", case.agency.name),
                ("Bagging-Date", timezone.localdate(clock.now()).isoformat()),
                ("External-Identifier", case.number or f"case-{case.pk}"),
                (
                    "External-Description",
                    f"{_('Electronic case file')}: {redaction.mask_text(case.title, secrets)}",
                ),
                ("Bag-Software-Agent", SOFTWARE),
                ("Sanxiang-Casefile-Format", layout.FORMAT),
                ("Sanxiang-Recordlog-Checkpoint-Size", str(size)),
                ("Sanxiang-Redacted-Copy", redaction.mark()),
                ("Sanxiang-Redacted-Copy-Of", case.archive_digest or "-"),
                ("Sanxiang-Withheld-Files", str(len(withheld_files))),
                ("Sanxiang-Withheld-Entries", str(len(withheld_entries))),
            ]
        )
    return redaction_section
