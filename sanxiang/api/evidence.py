"""Evidence endpoints: a case's evidence list, upload (multipart, several files), an item with its
hashes and the inclusion proof of its record log entry, and the logged download.

Reads are scoped like the case pages: an API token reads its agency's evidence with ``cases:read``.
An upload is an act of a person (who collected and uploaded it), so tokens are refused. The bytes are
hashed while they arrive (``evidence.blobs.HashingUploadHandler``, installed before anything reads the
body) and the temporary file becomes the blob by a rename; every download appends a read entry to the
record log (chain of custody)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from sanxiang.api.auth import require_person, require_scope, session_auth, token_auth
from sanxiang.api.errors import AUTH_ERRORS
from sanxiang.api.schemas.common import binary_200
from sanxiang.cases.queries import case_for_user
from sanxiang.core.errors import Invalid, NotAllowed
from sanxiang.core.policy import get as policy_definition
from sanxiang.evidence import actions, blobs, permissions, queries
from sanxiang.evidence.enums import EvidenceKind
from sanxiang.evidence.models import Evidence

READ_CASES = "cases:read"


class PrepareUpload:
    """Not an authenticator: it installs the hashing upload handler before the authenticators (the
    session's CSRF check reads the body) and always answers "not me".

    It runs before anyone is authenticated, so it reads nothing about the case (its id is not even
    checked yet): the stream is capped at the largest limit any agency may set, and the upload view
    checks the case's own limit once the caller is known."""

    def __call__(self, request: HttpRequest) -> None:
        if request.method != "POST" or hasattr(request, "_files"):
            return None
        signed_in = request.user.is_authenticated or request.headers.get("Authorization")
        if not signed_in:
            return None  # refused before a byte is stored
        limit = int(policy_definition("evidence.max_upload_bytes").maximum or 0) or None
        request.upload_handlers = [blobs.HashingUploadHandler(request, max_size=limit)]
        return None


router = Router(tags=["证据 evidence"], auth=[token_auth, session_auth])


class EvidenceOut(Schema):
    id: int
    case_id: int
    kind: str
    kind_label: str
    step: str
    title: str
    file_name: str
    mime: str
    size: int
    sha256: str
    sm3: str
    captured_at: dt.datetime | None
    captured_raw: str
    capture_source: str
    uploaded_at: dt.datetime
    uploaded_by: str
    collected_by: str | None
    place: str
    device: str | None
    duration_ms: int | None
    width: int | None
    height: int | None
    media_unreadable: bool
    media_problem: str
    withdrawn_at: dt.datetime | None
    withdrawn_reason: str
    log_seq: int


class EvidenceInclusionOut(Schema):
    hash_alg: str
    seq: int
    tree_size: int
    leaf_hash: str
    proof: list[str]
    root: str
    checkpoint: str


class EvidenceDetailOut(EvidenceOut):
    inclusion: EvidenceInclusionOut


class EvidenceListOut(Schema):
    case_id: int
    items: list[EvidenceOut]


class UploadIn(Schema):
    kind: str
    title: str = ""
    step: str = ""
    place: str = ""
    collected_by: int | None = None
    device: int | None = None


class UploadOut(Schema):
    items: list[EvidenceOut]


def _item(item: Evidence) -> dict[str, Any]:
    return {
        "id": item.pk,
        "case_id": item.case_id,
        "kind": item.kind,
        "kind_label": str(EvidenceKind(item.kind).label),
        "step": item.step,
        "title": item.title,
        "file_name": item.original_name,
        "mime": item.mime,
        "size": item.size,
        "sha256": item.blob.sha256,
        "sm3": item.blob.sm3,
        "captured_at": item.captured_at,
        "captured_raw": item.captured_raw,
        "capture_source": item.capture_source,
        "uploaded_at": item.uploaded_at,
        "uploaded_by": item.uploaded_label,
        "collected_by": item.collected_by.name if item.collected_by else None,
        "place": item.place,
        "device": item.device.device_id if item.device else None,
        "duration_ms": item.duration_ms,
        "width": item.width,
        "height": item.height,
        "media_unreadable": item.media_unreadable,
        "media_problem": item.media_problem,
        "withdrawn_at": item.withdrawn_at,
        "withdrawn_reason": item.withdrawn_reason,
        "log_seq": item.log_entry.seq,
    }


@router.get(
    "/cases/{case_id}/items",
    response={200: EvidenceListOut, **AUTH_ERRORS},
    summary="案件的证据清单（含 SHA-256 与记录日志序号）",
)
def case_evidence(request: HttpRequest, case_id: int) -> Any:
    actor = require_scope(request, READ_CASES)
    case = case_for_user(actor, case_id)
    return {"case_id": case.pk, "items": [_item(item) for item in queries.evidence_of_case(case)]}


@router.post(
    "/cases/{case_id}/items",
    auth=[PrepareUpload(), token_auth, session_auth],
    response={201: UploadOut, **AUTH_ERRORS},
    summary="上传证据（multipart，可多个文件；边接收边计算 SHA-256）",
)
def upload(request: HttpRequest, case_id: int, data: Form[UploadIn], files: File[list[UploadedFile]]) -> Any:
    actor = require_person(request)
    case = case_for_user(actor, case_id)
    if not permissions.can_add_evidence(actor, case):
        raise NotAllowed("not_allowed", _("You are not allowed to do this."))
    staged = [f for f in files if isinstance(f, blobs.HashedUpload)]
    if not staged or len(staged) != len(files):
        raise Invalid("file_required", _("Choose at least one file."), field="file")
    fields = data.model_dump()
    # Every file and field is checked before the first is stored, so a refused request stores
    # nothing; each stored file is then its own act with its own record log entry.
    cleaned = actions.clean_evidence(case, fields)
    limit = actions.max_upload_bytes(case.agency)
    for upload_file in staged:
        actions.check_file(upload_file, cleaned["kind"], limit)
    stored: list[Evidence] = []
    try:
        for upload_file in staged:
            stored.append(
                actions.add_evidence(actor=actor, case=case, upload=upload_file, data=fields, channel="api")
            )
    finally:
        for upload_file in staged:
            upload_file.close()
    return Status(201, {"items": [_item(queries.evidence_item_for_user(actor, item.pk)) for item in stored]})


@router.get(
    "/items/{evidence_id}",
    response={200: EvidenceDetailOut, **AUTH_ERRORS},
    summary="证据详情（哈希值与记录日志包含证明）",
)
def item_detail(request: HttpRequest, evidence_id: int) -> Any:
    actor = require_scope(request, READ_CASES)
    item = queries.evidence_item_for_user(actor, evidence_id)
    return {**_item(item), "inclusion": queries.inclusion(item)}


@router.get(
    "/items/{evidence_id}/file",
    response={**AUTH_ERRORS},
    summary="下载证据文件（记入记录日志）",
    # The file keeps the type it was uploaded with (photo, video, PDF…), hence any media type.
    openapi_extra=binary_200("*/*", "证据原始文件"),
)
def item_file(request: HttpRequest, evidence_id: int) -> Any:
    actor = require_scope(request, READ_CASES)
    item = queries.evidence_item_for_user(actor, evidence_id)
    actions.record_read(actor=actor, item=item, channel="api/evidence/file")
    response = FileResponse(
        blobs.open_blob(item.blob), as_attachment=True, filename=item.original_name, content_type=item.mime
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-SHA256"] = item.blob.sha256
    return response
