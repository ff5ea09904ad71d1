"""The append-only domain tables of this installation, described for ``crosscheck``: which entries
record their rows and which facts of a row its entry's payload holds.

These descriptions follow what each app writes with ``recordlog.append`` (``cases.procedures.engine``
and ``cases.actions`` for acts, ``evidence.actions``, ``documents.actions``, ``publication.actions``);
a change there that moves a fact needs the same change here, or ``verify`` reports every new row.
Models are named by label, not imported (recordlog imports no other app).
"""

from __future__ import annotations

import hashlib
from typing import Any

from sanxiang.recordlog.crosscheck import Facts, Logged, RowCheck, register

SYSTEM = "system"


def _actor(row_actor_id: Any, row_label: Any, logged: Logged) -> Facts:
    facts: Facts = [("actor", row_actor_id, logged.actor_id)]
    # A non-person principal (an API token) is logged as the system by the engine while the row keeps
    # the token's name; the name is compared whenever the entry names someone.
    if row_label is not None and (logged.actor_id is not None or logged.actor_label != SYSTEM):
        facts.append(("actor_label", row_label, logged.actor_label))
    return facts


def _payload(pairs: list[tuple[str, Any, str]], logged: Logged) -> Facts:
    payload = logged.payload
    return [(field, value, payload.get(key)) for field, value, key in pairs]


# --- case acts (cases_act) -------------------------------------------------------------------------


def _is_act(logged: Logged) -> bool:
    """An act of the procedure engine (one ``cases_act`` row each), or a case's opening."""
    if logged.kind == "case.opened":
        return True
    payload = logged.payload
    return logged.kind == f"case.{payload.get('act')}" and {"procedure", "before", "after"} <= payload.keys()


def _act_facts(row: dict[str, Any], logged: Logged) -> Facts:
    facts = [
        ("case", row["case_id"], logged.payload.get("case_id")),
        ("occurred_at", row["occurred_at"], logged.document.get("occurred_at")),
        *_actor(row["actor_id"], row["actor_label"], logged),
    ]
    if logged.kind == "case.opened":
        opened = {k: v for k, v in logged.payload.items() if k not in ("case_id", "number")}
        return [
            *facts,
            ("act", row["act"], "open"),
            ("to_state", row["to_state"], opened.get("state")),
            ("data", row["data"], opened),
        ]
    return (
        facts
        + _payload(
            [
                ("act", row["act"], "act"),
                ("from_state", row["from_state"], "before"),
                ("to_state", row["to_state"], "after"),
                ("data", row["data"], "data"),
                ("officers", row["officers"], "officers"),
                ("warnings", row["warnings"], "warnings"),
            ],
            logged,
        )
        + [("act", f"case.{row['act']}", logged.kind)]
    )


ACTS = register(
    RowCheck(
        label="cases.Act",
        fields=(
            "case_id",
            "act",
            "from_state",
            "to_state",
            "actor_id",
            "actor_label",
            "officers",
            "data",
            "warnings",
            "occurred_at",
            "log_entry_id",
        ),
        kinds=("case.",),
        facts=_act_facts,
        owns=_is_act,
        # The opening act is written beside its "case.opened" entry without a link to it.
        key=lambda row: str(row["case_id"]) if row["act"] == "open" else None,
        index=lambda logged: logged.subject_id if logged.kind == "case.opened" else None,
    )
)


# --- evidence items, their withdrawals, audio-video exemptions --------------------------------------


def _evidence_facts(row: dict[str, Any], logged: Logged) -> Facts:
    return [
        ("kind of entry", "evidence.added", logged.kind),
        ("uploaded_at", row["uploaded_at"], logged.document.get("occurred_at")),
        *_payload(
            [
                ("case", row["case_id"], "case_id"),
                ("kind", row["kind"], "kind"),
                ("step", row["step"], "step"),
                ("title", row["title"], "title"),
                ("original_name", row["original_name"], "file_name"),
                ("blob", row["blob__sha256"], "digest"),
                ("size", row["size"], "size"),
                ("mime", row["mime"], "mime"),
                ("captured_raw", row["captured_raw"], "captured_raw"),
                ("collected_by", row["collected_by_id"], "collected_by"),
                ("device", row["device__device_id"] or "", "device"),
                ("media_unreadable", row["media_unreadable"], "media_unreadable"),
            ],
            logged,
        ),
    ]


EVIDENCE = register(
    RowCheck(
        label="evidence.Evidence",
        fields=(
            "case_id",
            "kind",
            "step",
            "title",
            "original_name",
            "blob__sha256",
            "size",
            "mime",
            "captured_raw",
            "collected_by_id",
            "device__device_id",
            "media_unreadable",
            "uploaded_at",
            "log_entry_id",
        ),
        kinds=("evidence.added",),
        facts=_evidence_facts,
    )
)


def _withdrawal_facts(row: dict[str, Any], logged: Logged) -> Facts:
    return [
        ("withdrawn_at", row["withdrawn_at"], logged.document.get("occurred_at")),
        *_payload([("withdrawn_reason", row["withdrawn_reason"], "reason")], logged),
    ]


# A withdrawal has no link column: the entry names the item (``evidence_id``) and the row is found by it.
WITHDRAWALS = register(
    RowCheck(
        label="evidence.Evidence",
        fields=("withdrawn_at", "withdrawn_reason"),
        kinds=("evidence.withdrawn",),
        facts=_withdrawal_facts,
        link=None,
        where=(("withdrawn_at__isnull", False),),
        key=lambda row: str(row["pk"]),
        index=lambda logged: str(logged.payload.get("evidence_id")),
    )
)


def _exemption_facts(row: dict[str, Any], logged: Logged) -> Facts:
    return [
        ("kind of entry", "evidence.av_exemption_requested", logged.kind),
        ("requested_at", row["requested_at"], logged.document.get("occurred_at")),
        *_payload(
            [
                ("case", row["case_id"], "case_id"),
                ("step", row["step"], "step"),
                ("reason", row["reason"], "reason"),
            ],
            logged,
        ),
    ]


EXEMPTIONS = register(
    RowCheck(
        label="evidence.AVExemption",
        fields=("case_id", "step", "reason", "requested_at", "log_entry_id"),
        kinds=("evidence.av_exemption_requested",),
        facts=_exemption_facts,
    )
)


# --- issued documents and templates ----------------------------------------------------------------


def _document_facts(row: dict[str, Any], logged: Logged) -> Facts:
    return [
        ("kind of entry", "document.issued", logged.kind),
        ("issued_at", row["issued_at"], logged.document.get("occurred_at")),
        ("issued_by", row["issued_by_id"], logged.actor_id),
        *_payload(
            [
                ("case", row["case_id"], "case_id"),
                ("kind", row["kind"], "kind"),
                ("number", row["number"], "number"),
                ("version", row["version"], "version"),
                ("pdf", row["pdf__sha256"], "digest"),
                ("docx", row["docx__sha256"], "docx_sha256"),
                ("reason", row["reason"], "reason"),
            ],
            logged,
        ),
    ]


DOCUMENTS = register(
    RowCheck(
        label="documents.Document",
        fields=(
            "case_id",
            "kind",
            "number",
            "version",
            "pdf__sha256",
            "docx__sha256",
            "reason",
            "issued_at",
            "issued_by_id",
            "log_entry_id",
        ),
        kinds=("document.issued",),
        facts=_document_facts,
    )
)


def _template_facts(row: dict[str, Any], logged: Logged) -> Facts:
    return [
        ("kind of entry", "document.template_uploaded", logged.kind),
        ("uploaded_at", row["uploaded_at"], logged.document.get("occurred_at")),
        ("uploaded_by", row["uploaded_by_id"], logged.actor_id),
        *_payload(
            [
                ("kind", row["kind"], "kind"),
                ("format", row["format"], "format"),
                ("sha256", row["sha256"], "digest"),
                ("note", row["note"], "note"),
            ],
            logged,
        ),
    ]


TEMPLATES = register(
    RowCheck(
        label="documents.DocumentTemplate",
        fields=("kind", "format", "sha256", "note", "uploaded_at", "uploaded_by_id", "log_entry_id"),
        kinds=("document.template_uploaded",),
        facts=_template_facts,
    )
)


# --- published versions (publication_version) ------------------------------------------------------
# A version has no link column; its entry (published, or an accepted correction) names its record as
# subject and the published text's digest: the pair finds it.

PUBLISHED = ("publication.published", "publication.corrected")


def _text_digest(text: Any) -> str:
    """The published text's SHA-256, as ``publication.actions`` records it."""
    return hashlib.sha256(str(text).encode("utf-8", "surrogateescape")).hexdigest()


def _version_facts(row: dict[str, Any], logged: Logged) -> Facts:
    return [
        ("record", str(row["record_id"]), logged.subject_id),
        ("digest", row["digest"], logged.payload.get("digest")),
        ("text", _text_digest(row["text"]), logged.payload.get("digest")),
    ]


VERSIONS = register(
    RowCheck(
        label="publication.Version",
        fields=("record_id", "digest", "text"),
        kinds=PUBLISHED,
        facts=_version_facts,
        owns=lambda logged: bool(logged.payload.get("digest")),
        link=None,
        key=lambda row: (str(row["record_id"]), row["digest"]),
        index=lambda logged: (
            (logged.subject_id, logged.payload.get("digest")) if logged.payload.get("digest") else None
        ),
    )
)


def _record_facts(row: dict[str, Any], logged: Logged) -> Facts:
    return [("published_text", _text_digest(row["published_text"]), logged.payload.get("digest"))]


# The text on the portal now: its digest must be one a published or corrected entry recorded for it.
RECORDS = register(
    RowCheck(
        label="publication.Record",
        fields=("published_digest", "published_text"),
        kinds=PUBLISHED,
        facts=_record_facts,
        owns=lambda logged: False,  # an earlier version's entry has no current text
        link=None,
        where=(("published_digest__gt", ""),),
        key=lambda row: (str(row["pk"]), row["published_digest"]),
        index=VERSIONS.index,
    )
)

CHECKS = (ACTS, EVIDENCE, WITHDRAWALS, EXEMPTIONS, DOCUMENTS, TEMPLATES, VERSIONS, RECORDS)
