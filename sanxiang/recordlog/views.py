"""The public record log pages (全过程记录核验): no login, Chinese, usable on a phone.

Anyone can read the signed checkpoints and the verifier key, keep copies, and check whether an
exact file was recorded, with an inclusion proof verified here and downloadable for an offline check
(``sanxiang recordlog verify-proof``). Payloads are never shown: they may concern private data.

Uploads are hashed as they arrive (``DigestUploadHandler``): the file is never stored, never held
whole in memory, and refused beyond ``MAX_UPLOAD_BYTES``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import condition, require_GET, require_http_methods, require_safe

from sanxiang.core import ratelimit
from sanxiang.recordlog import public_queries, queries
from sanxiang.recordlog.management.commands.recordlog import PROOF_FORMAT
from sanxiang.recordlog.models import Checkpoint

MAX_UPLOAD_BYTES = 200 * 1024 * 1024
MULTIPART_SLACK = 64 * 1024  # boundaries, headers and the other fields around the file
CHECKS_PER_MINUTE = 30
PER_PAGE = 20
SHA256_HEX = re.compile(r"[0-9a-f]{64}")
CHECKPOINT_MAX_AGE = 60


# --- uploads ------------------------------------------------------------------------------------


class HashedUpload(UploadedFile):
    """What the form's file becomes: its SHA-256 and size, without its bytes."""

    def __init__(self, name: str, size: int, sha256: str) -> None:
        super().__init__(file=None, name=name, size=size)
        self.sha256 = sha256


class DigestUploadHandler(FileUploadHandler):
    """Hash each uploaded file chunk by chunk as it arrives; store nothing; stop beyond the limit."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.hasher = hashlib.sha256()
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.received > MAX_UPLOAD_BYTES:
            self.request.recordlog_upload_too_big = True  # type: ignore[union-attr]
            raise StopUpload(connection_reset=False)
        self.hasher.update(raw_data)

    def file_complete(self, file_size: int) -> HashedUpload:
        return HashedUpload(self.file_name or "", file_size, self.hasher.hexdigest())


def _sha256_of(upload: UploadedFile) -> str:
    if isinstance(upload, HashedUpload):
        return upload.sha256
    digest = hashlib.sha256()  # another handler stored it: still never read it whole
    for chunk in upload.chunks():
        digest.update(chunk)
    return digest.hexdigest()


# --- helpers ------------------------------------------------------------------------------------


def _text(body: str, status: int = 200, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(body, content_type="text/plain; charset=utf-8", status=status)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _latest() -> Checkpoint | None:
    return queries.latest_checkpoint()


def _checkpoint_etag(request: HttpRequest) -> str | None:
    latest = _latest()
    if latest is None:
        return None
    return hashlib.sha256(latest.signed_note.encode("utf-8")).hexdigest()[:32]


def _hex(value: Any) -> str:
    return bytes(value).hex()


# --- pages --------------------------------------------------------------------------------------


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "recordlog/overview.html",
        {
            "tab": "overview",
            "latest": _latest(),
            "checkpoint_count": public_queries.checkpoint_count(),
            "origin": public_queries.origin(),
            "hash_alg": public_queries.hash_alg(),
        },
    )


@require_GET
def checkpoint(request: HttpRequest) -> HttpResponse:
    latest = _latest()
    return render(
        request,
        "recordlog/checkpoint.html",
        {
            "tab": "checkpoint",
            "latest": latest,
            "root_hex": _hex(latest.root_hash) if latest else "",
            "max_age": CHECKPOINT_MAX_AGE,
        },
    )


@require_safe
@condition(etag_func=_checkpoint_etag)
def checkpoint_txt(request: HttpRequest) -> HttpResponse:
    """The latest signed note, as C2SP tools fetch it; cheap and cacheable for a minute."""
    latest = _latest()
    if latest is None:
        response = _text(_("No checkpoint has been signed yet.") + "\n", status=404)
    else:
        response = _text(latest.signed_note)
    patch_cache_control(response, public=True, max_age=CHECKPOINT_MAX_AGE)
    return response


@require_GET
def checkpoints(request: HttpRequest) -> HttpResponse:
    page = Paginator(public_queries.checkpoint_history(), PER_PAGE).get_page(request.GET.get("page"))
    page.prev_query = f"?page={page.previous_page_number()}" if page.has_previous() else ""  # type: ignore[attr-defined]
    page.next_query = f"?page={page.next_page_number()}" if page.has_next() else ""  # type: ignore[attr-defined]
    rows = [(cp, _hex(cp.root_hash)) for cp in page.object_list]
    return render(request, "recordlog/checkpoints.html", {"tab": "checkpoints", "page": page, "rows": rows})


@require_safe
def checkpoint_note(request: HttpRequest, size: int) -> HttpResponse:
    found = queries.checkpoint_at(size)
    if found is None:
        raise Http404(_("There is no checkpoint of this size."))
    response = _text(found.signed_note, filename=f"checkpoint-{size}.txt")
    patch_cache_control(response, public=True, max_age=86400)  # a signed note never changes
    return response


@require_GET
def key(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "recordlog/key.html",
        {"tab": "key", "key": public_queries.verifier_key(), "origin": public_queries.origin()},
    )


@require_safe
def key_txt(request: HttpRequest) -> HttpResponse:
    text = public_queries.verifier_key()
    if text is None:
        raise Http404(_("The signing key of this record log has not been created yet."))
    response = _text(text + "\n", filename="recordlog-verifier-key.txt")
    patch_cache_control(response, public=True, max_age=3600)
    return response


# --- file check ---------------------------------------------------------------------------------


@csrf_exempt
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """Install the hashing upload handler before anything (the CSRF check included) reads the
    body, then check the CSRF token as usual."""
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_UPLOAD_BYTES + MULTIPART_SLACK:
            return _check_page(request, status=413, error=_too_big(), field="file")
        request.upload_handlers = [DigestUploadHandler(request)]
    return _check(request)


def _too_big() -> str:
    return _("The file is larger than %(limit)s MB; a file this large cannot be checked here.") % {
        "limit": MAX_UPLOAD_BYTES // (1024 * 1024)
    }


@csrf_protect
def _check(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _check_page(request)
    if not ratelimit.hit(
        "recordlog_check", ratelimit.client_ip(request), limit=CHECKS_PER_MINUTE, window_seconds=60
    ):
        return _check_page(
            request, status=429, error=_("Too many checks from your address; wait a minute and try again.")
        )
    upload = request.FILES.get("file")
    if getattr(request, "recordlog_upload_too_big", False):
        return _check_page(request, status=413, error=_too_big(), field="file")
    typed = request.POST.get("sha256", "").strip().lower()
    if upload is not None and typed:
        return _check_page(
            request,
            status=400,
            error=_("Give either a file or a SHA-256 value, not both."),
            field="sha256",
            typed=typed,
        )
    if upload is not None:
        digest, source = _sha256_of(upload), "file"
    elif typed:
        if not SHA256_HEX.fullmatch(typed):
            return _check_page(
                request,
                status=400,
                error=_("SHA-256 value: give 64 hexadecimal characters (0-9, a-f)."),
                field="sha256",
                typed=typed[:200],
            )
        digest, source = typed, "sha256"
    else:
        return _check_page(
            request, status=400, error=_("Choose a file, or paste its SHA-256 value."), field="file"
        )
    latest = _latest()
    matches = public_queries.matches_for_digest(digest, latest, public_queries.verifier_key())
    return _check_page(
        request,
        digest=digest,
        source=source,
        file_name=upload.name if upload is not None else "",
        file_size=upload.size if upload is not None else None,
        matches=[(m, [item.hex() for item in m.proof]) for m in matches],
        latest=latest,
        checked=True,
    )


def _check_page(request: HttpRequest, status: int = 200, **context: Any) -> HttpResponse:
    context.setdefault("tab", "check")
    context.setdefault("max_mb", MAX_UPLOAD_BYTES // (1024 * 1024))
    return render(request, "recordlog/check.html", context, status=status)


@require_GET
def proof_json(request: HttpRequest, digest: str, seq: int) -> HttpResponse:
    """The inclusion proof of entry ``seq`` (which recorded ``digest``) against the latest
    checkpoint, in the format of ``sanxiang recordlog prove-inclusion`` but without the entry's
    bytes (they hold the payload): ``sanxiang recordlog verify-proof FILE --key KEY`` checks it."""
    if not SHA256_HEX.fullmatch(digest):
        raise Http404(_("No such proof."))
    latest = _latest()
    entry = queries.entries_with_digest(digest).filter(seq=seq).only("seq", "leaf_hash").first()
    log = public_queries.existing_log()
    if entry is None or latest is None or log is None or seq >= latest.tree_size:
        raise Http404(_("No such proof."))
    proof = queries.inclusion_proof(seq, latest.tree_size, log=log)

    def b64(value: bytes) -> str:
        return base64.b64encode(value).decode()

    data = {
        "format": PROOF_FORMAT,
        "type": "inclusion",
        "origin": log.origin,
        "hash_alg": log.hash_alg,
        "seq": seq,
        "tree_size": latest.tree_size,
        "leaf_hash": b64(bytes(entry.leaf_hash)),
        "proof": [b64(item) for item in proof],
        "root": b64(bytes(latest.root_hash)),
        "checkpoint": latest.signed_note,
        "file_sha256": digest,
        "note": "The entry's bytes are withheld (they may concern private data); the proof shows "
        "that entry seq, whose digest is file_sha256, is in the signed tree.",
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2) + "\n", content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="recordlog-proof-{seq}-{latest.tree_size}.json"'
    return response
