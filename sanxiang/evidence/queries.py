"""Reads of evidence, scoped to what the user may see (deny by default: an item of a case the
user may not see does not exist)."""

from __future__ import annotations

import base64
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sanxiang.cases.models import Case
from sanxiang.cases.queries import cases_for_user
from sanxiang.catalog.models import Agency
from sanxiang.evidence.models import AVExemption, Evidence, RecordingDevice
from sanxiang.recordlog import queries as recordlog

EVIDENCE_RELATED = ("blob", "thumbnail", "device", "collected_by", "log_entry", "case__agency")


def evidence_of_case(case: Case) -> QuerySet[Evidence]:
    """A case already fetched through ``cases_for_user``."""
    return Evidence.objects.filter(case=case).select_related(*EVIDENCE_RELATED).order_by("uploaded_at", "id")


def evidence_for_user(user: Any) -> QuerySet[Evidence]:
    return Evidence.objects.filter(case__in=cases_for_user(user)).select_related(*EVIDENCE_RELATED)


def evidence_item_for_user(user: Any, pk: int) -> Evidence:
    try:
        return evidence_for_user(user).get(pk=pk)
    except Evidence.DoesNotExist:
        raise Http404 from None


def devices_of_agency(agency: Agency) -> QuerySet[RecordingDevice]:
    return RecordingDevice.objects.filter(agency=agency).select_related("officer")


def usable_devices(agency: Agency) -> QuerySet[RecordingDevice]:
    return devices_of_agency(agency).filter(status="in_use")


def exemptions_of_case(case: Case) -> QuerySet[AVExemption]:
    return AVExemption.objects.filter(case=case).select_related("requested_by", "approved_by")


def inclusion(item: Evidence) -> dict[str, Any]:
    """The proof that the item's upload entry is in the log: against the latest signed checkpoint
    that covers it when there is one, else against the current tree (unsigned yet)."""
    seq = item.log_entry.seq
    log = recordlog.get_log()
    checkpoint = recordlog.latest_checkpoint()
    if checkpoint is not None and checkpoint.tree_size > seq:
        size = checkpoint.tree_size
        root = bytes(checkpoint.root_hash)
        note = checkpoint.signed_note
    else:
        size = recordlog.tree_size()
        root = recordlog.root_at(size, log=log)
        note = ""

    def b64(value: bytes) -> str:
        return base64.b64encode(value).decode()

    return {
        "hash_alg": log.hash_alg,
        "seq": seq,
        "tree_size": size,
        "leaf_hash": b64(bytes(item.log_entry.leaf_hash)),
        "proof": [b64(node) for node in recordlog.inclusion_proof(seq, size, log=log)],
        "root": b64(root),
        "checkpoint": note,
    }


def proof_is_public(item: Evidence) -> bool:
    """The portal serves a proof once a signed checkpoint covers the entry."""
    checkpoint = recordlog.latest_checkpoint()
    return checkpoint is not None and checkpoint.tree_size > item.log_entry.seq
