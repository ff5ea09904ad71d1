from __future__ import annotations

import secrets
import tempfile
import warnings
from typing import IO, Any

import magic
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from sanxiang.catalog.actions._common import (
    changed_fields,
    clean_reason,
    labels,
    record_change,
    require,
    save_with_history,
)
from sanxiang.catalog.enums import ChangeKind
from sanxiang.catalog.models import Agency, Officer
from sanxiang.catalog.permissions import can_manage_officers
from sanxiang.core import clock
from sanxiang.core.cleaning import Spec, clean
from sanxiang.core.errors import FieldError, Invalid, WrongState

SPECS = [
    Spec("name", _("Name"), max_length=50),
    Spec("post", _("Post"), max_length=50, required=False),
    Spec("unit", _("Department"), max_length=100, required=False),
    Spec("phone", _("Internal telephone"), max_length=40, required=False),
]


@transaction.atomic
def create_officer(*, actor: Any, agency: Agency, data: dict[str, Any], reason: str) -> Officer:
    if actor is not None:
        require(can_manage_officers(actor, agency))
    cleaned = clean(data, SPECS)
    reason = clean_reason(reason)
    officer = Officer(agency=agency, created_at=clock.now(), **cleaned)
    save_with_history(officer, actor=actor, reason=reason)
    record_change(
        agency=agency,
        subject=officer,
        kind=ChangeKind.CREATED,
        summary=str(_("Officer added: %(name)s") % {"name": officer.name}),
        reason=reason,
        actor=actor,
    )
    return officer


@transaction.atomic
def update_officer(*, actor: Any, officer: Officer, data: dict[str, Any], reason: str) -> Officer:
    officer = Officer.objects.select_for_update().get(pk=officer.pk)
    require(can_manage_officers(actor, officer.agency))
    cleaned = clean(data, SPECS, partial=True)
    reason = clean_reason(reason)
    changed = changed_fields(officer, cleaned)
    if changed:
        save_with_history(officer, actor=actor, reason=reason)
        # Phone numbers are internal: a change to them alone is not shown in the public log.
        public = any(name in {"name", "post", "unit"} for name in changed)
        record_change(
            agency=officer.agency,
            subject=officer,
            kind=ChangeKind.CHANGED,
            summary=str(_("Changed: %(fields)s") % {"fields": labels(Officer, changed)}),
            reason=reason,
            actor=actor,
            public=public,
        )
    return officer


@transaction.atomic
def retire_officer(*, actor: Any, officer: Officer, reason: str) -> Officer:
    """The officer leaves enforcement: off the public list, kept internally with history."""
    officer = Officer.objects.select_for_update().get(pk=officer.pk)
    require(can_manage_officers(actor, officer.agency))
    reason = clean_reason(reason)
    if officer.retired_at is not None:
        raise WrongState("already_retired", _("This officer has already left the enforcement post."))
    officer.retired_at = clock.now()
    save_with_history(officer, actor=actor, reason=reason)
    record_change(
        agency=officer.agency,
        subject=officer,
        kind=ChangeKind.REMOVED,
        summary=str(_("Officer left the enforcement post: %(name)s") % {"name": officer.name}),
        reason=reason,
        actor=actor,
    )
    return officer


# --- photo ------------------------------------------------------------------------------------

# An officer's photo is personal data (个人信息保护法) shown only inside the platform. 5 MB is ample for
# a portrait from a phone or a scanner; a fixed technical limit, not a local policy setting.
PHOTO_MAX_BYTES = 5 * 1024 * 1024
# Decoded pixels at most (any phone camera is below): a small file may still decode to a huge
# image (a decompression bomb), so the size on disk alone does not bound the memory used.
PHOTO_MAX_PIXELS = 40_000_000
# Stored size: enough for a staff card or a printed certificate, small enough to serve cheaply.
PHOTO_BOX = (600, 800)
# What libmagic says about the first bytes -> the only Pillow decoder allowed to read the file.
PHOTO_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG"}
SNIFF_BYTES = 2048


def _photo_refused(code: str, message: Any) -> Invalid:
    return Invalid(code, message, field="photo")


def _photo_format(upload: File) -> str:
    """The Pillow format name of the upload, from its content: the file name and the browser's
    content type are the sender's claims and are not trusted."""
    if upload.size is not None and upload.size > PHOTO_MAX_BYTES:
        raise _photo_refused(
            "photo_too_large",
            _("The photo is larger than %(mb)d MB.") % {"mb": PHOTO_MAX_BYTES // (1024 * 1024)},
        )
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if not head:
        raise _photo_refused("photo_empty", _("The photo file is empty."))
    mime = magic.from_buffer(head, mime=True)
    if mime not in PHOTO_TYPES:
        raise _photo_refused("photo_type", _("The photo must be a JPEG or PNG image."))
    return PHOTO_TYPES[mime]


def _reencoded_photo(upload: File, fmt: str) -> IO[bytes]:
    """Verify the image, then decode it once and write a fresh JPEG of at most ``PHOTO_BOX``.

    Re-encoding keeps only pixels: EXIF (GPS position, camera serial, time), XMP, ICC and comments
    are all dropped. The orientation from EXIF is applied first so the portrait stays upright.
    Only the small re-encoded result is held, in a spooled temporary file."""
    try:
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that; refuse both.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=[fmt]) as probe:
                if probe.width * probe.height > PHOTO_MAX_PIXELS:
                    raise _photo_refused(
                        "photo_too_many_pixels",
                        _("The photo has too many pixels: at most %(n)d megapixels.")
                        % {"n": PHOTO_MAX_PIXELS // 1_000_000},
                    )
                probe.verify()
            upload.seek(0)
            with Image.open(upload, formats=[fmt]) as source:
                # JPEG: let the decoder scale down while reading (either orientation still fits).
                source.draft("RGB", (max(PHOTO_BOX), max(PHOTO_BOX)))
                image = ImageOps.exif_transpose(source)
                if "A" in image.mode or "transparency" in image.info:
                    rgba = image.convert("RGBA")
                    image = Image.new("RGB", rgba.size, "white")
                    image.paste(rgba, mask=rgba.getchannel("A"))
                else:
                    image = image.convert("RGB")
                image.thumbnail(PHOTO_BOX)
                result = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115 returned open
                # No exif=, icc_profile= or comment=: nothing but the pixels is written.
                image.save(result, "JPEG", quality=85, optimize=True)
    except Invalid:
        raise
    except Exception:  # any failure to decode means the same thing to the person uploading
        raise _photo_refused("photo_invalid", _("The photo is damaged or not a readable image.")) from None
    finally:
        upload.seek(0)
    result.seek(0)
    return result


@transaction.atomic
def set_officer_photo(*, actor: Any, officer: Officer, upload: File | None, reason: str) -> Officer:
    """Store a new, cleaned photo under a random name. The previous file is kept (it is named in the
    internal change line), so that what a staff card showed at a given time can still be found."""
    officer = Officer.objects.select_for_update().get(pk=officer.pk)
    require(can_manage_officers(actor, officer.agency))
    if officer.retired_at is not None:
        raise WrongState("already_retired", _("This officer has already left the enforcement post."))
    errors: list[FieldError] = []
    try:
        reason = clean_reason(reason)
    except Invalid as exc:
        errors += exc.errors
    fmt = ""
    if upload is None:
        errors.append(FieldError("photo", "required", _("Choose the photo to upload.")))
    else:
        try:
            fmt = _photo_format(upload)
        except Invalid as exc:
            errors += exc.errors
    if errors:
        raise Invalid.many(errors)
    assert upload is not None
    cleaned = _reencoded_photo(upload, fmt)
    previous = officer.photo.name or ""
    try:
        # FieldFile.save puts it under upload_to ("officer-photos/") in the default storage.
        officer.photo.save(f"{secrets.token_hex(16)}.jpg", File(cleaned), save=False)
    finally:
        cleaned.close()
    stored = officer.photo.name or ""
    try:
        save_with_history(officer, actor=actor, reason=reason)
        summary: Any
        if previous:
            summary = _("Photo replaced; the previous file %(name)s is kept.") % {"name": previous}
        else:
            summary = _("Photo added.")
        # Internal only: the public change log must not even say that a photo exists.
        record_change(
            agency=officer.agency,
            subject=officer,
            kind=ChangeKind.CHANGED,
            summary=str(summary),
            reason=reason,
            actor=actor,
            public=False,
        )
    except BaseException:
        if stored:
            default_storage.delete(stored)  # a refused or failed change leaves no file behind
        raise
    return officer
