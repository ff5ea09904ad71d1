"""Writes of the evidence app: adding and withdrawing evidence, reading it (chain of custody),
the recording-device ledger, and audio-video exemptions.

Each write is one transaction with one record log entry. An evidence file's bytes never enter the
log: its entry carries the SHA-256 (and SM3 when the log uses SM3). Nothing is edited or deleted:
a withdrawn item stays, marked with who, when and why.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sanxiang.cases.actions import refuse_if_archived
from sanxiang.cases.models import Act, Case
from sanxiang.cases.procedures.acts import ACTS
from sanxiang.cases.procedures.engine import plain, procedure_of
from sanxiang.catalog.actions._common import log_actor, token_label
from sanxiang.catalog.actions.access import record_private_read
from sanxiang.catalog.models import Agency, Officer
from sanxiang.core import clock, policy
from sanxiang.core.cleaning import Spec, choices_from, clean
from sanxiang.core.errors import FieldError, Invalid, NotAllowed, WrongState
from sanxiang.evidence import blobs, media, permissions
from sanxiang.evidence.enums import EVIDENCE_KINDS_CITATION, DeviceStatus, EvidenceKind
from sanxiang.evidence.models import AVExemption, Blob, Evidence, RecordingDevice
from sanxiang.evidence.names import safe_name
from sanxiang.recordlog import actions as recordlog

EVIDENCE_SPECS = (
    Spec("kind", _("Evidence type"), kind="choice", choices=choices_from(EvidenceKind)),
    Spec("title", _("Title"), max_length=200, required=False),
    Spec("step", _("Step"), max_length=40, required=False),
    Spec("place", _("Place of collection"), max_length=200, required=False),
    Spec("collected_by", _("Collected by"), kind="custom", required=False, parser=lambda raw: raw),
    Spec("device", _("Recording device"), kind="custom", required=False, parser=lambda raw: raw),
)
DEVICE_SPECS = (
    Spec("device_id", _("Device number"), max_length=60),
    Spec("model", _("Model"), max_length=100, required=False),
    Spec("officer", _("Assigned officer"), kind="custom", required=False, parser=lambda raw: raw),
    Spec("status", _("Status"), kind="choice", choices=choices_from(DeviceStatus)),
)

IMAGES = ("image/",)
VIDEO = ("video/",)
AUDIO = ("audio/",)
DOCS = (
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.",
    "application/vnd.ms-excel",
    "application/vnd.ms-office",
    "application/vnd.oasis.opendocument.",
    "application/ofd",
    "text/plain",
)
ANY = ("",)  # every type (except programs, below)
PROGRAMS = (
    "application/x-executable",
    "application/x-dosexec",
    "application/x-sharedlib",
    "application/x-mach-binary",
    "application/x-pie-executable",
)
# Which file types each of the nine kinds accepts, judged by content. 视听资料 are recordings;
# 电子数据 may be any data the case produced; the written kinds are documents or their scans.
ALLOWED_TYPES: dict[str, tuple[str, ...]] = {
    EvidenceKind.DOCUMENTARY: DOCS + IMAGES,
    EvidenceKind.PHYSICAL: IMAGES + VIDEO,
    EvidenceKind.AUDIOVISUAL: IMAGES + VIDEO + AUDIO,
    EvidenceKind.ELECTRONIC: ANY,
    EvidenceKind.WITNESS: DOCS + IMAGES + AUDIO + VIDEO,
    EvidenceKind.PARTY: DOCS + IMAGES + AUDIO + VIDEO,
    EvidenceKind.EXPERT: DOCS + IMAGES,
    EvidenceKind.INSPECTION: DOCS + IMAGES + VIDEO + AUDIO,
    EvidenceKind.ONSITE: DOCS + IMAGES + VIDEO + AUDIO,
}


def _require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed("not_allowed", _("You are not allowed to do this."))


def _person(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def max_upload_bytes(agency: Agency) -> int:
    return int(policy.value("evidence.max_upload_bytes", agency.policy_scopes()))


def type_allowed(kind: str, mime: str) -> bool:
    if mime.startswith(PROGRAMS):
        return False
    return mime.startswith(ALLOWED_TYPES.get(kind, ()))


def check_file(upload: blobs.HashedUpload, kind: str, limit: int) -> None:
    if upload.truncated or (upload.size or 0) > limit:
        raise blobs.too_large(limit)
    if upload.size == 0:
        raise Invalid("file_empty", _("The file is empty (0 bytes)."), field="file")
    if not type_allowed(kind, upload.mime):
        raise Invalid(
            "file_type",
            _("A file of type %(mime)s cannot be evidence of the type %(kind)s.")
            % {"mime": upload.mime, "kind": EvidenceKind(kind).label},
            field="file",
            citation=EVIDENCE_KINDS_CITATION,
        )


def _lookup(model: Any, raw: Any, field: str, label: Any, **scope: Any) -> Any:
    if raw in (None, ""):
        return None
    try:
        return model.objects.get(pk=int(str(raw)), **scope)
    except (ValueError, model.DoesNotExist):
        raise Invalid(
            "choice_invalid", _("Choose %(label)s from the list.") % {"label": label}, field=field
        ) from None


def _step(case: Case, raw: str) -> tuple[str, Act | None]:
    """The step an item belongs to: the case's current state by default, an act of the
    procedure by name (one about to be done, e.g. the seizure being filmed), or a done act."""
    if not raw:
        return case.state, None
    if raw.isdigit():
        act = Act.objects.filter(case=case, pk=int(raw)).first()
        if act is not None:
            return act.act, act
    names = {t.act for t in procedure_of(case).transitions} | set(ACTS) | {case.state}
    if raw not in names:
        raise Invalid("step_unknown", _("Choose a step of this case's procedure."), field="step")
    return raw, None


def clean_evidence(case: Case, data: Mapping[str, Any]) -> dict[str, Any]:
    errors: list[FieldError] = []
    try:
        cleaned = clean(data, EVIDENCE_SPECS)
    except Invalid as exc:
        raise Invalid.many(exc.errors) from None
    try:
        cleaned["step"], cleaned["act"] = _step(case, cleaned["step"] or "")
    except Invalid as exc:
        errors.extend(exc.errors)
    try:
        cleaned["collected_by"] = _lookup(
            Officer, cleaned["collected_by"], "collected_by", _("the officer"), agency=case.agency
        )
    except Invalid as exc:
        errors.extend(exc.errors)
    try:
        device = _lookup(RecordingDevice, cleaned["device"], "device", _("the device"), agency=case.agency)
        if device is not None and device.status != DeviceStatus.IN_USE:
            raise Invalid(
                "device_not_in_use",
                _("Device %(device)s is %(status)s, not in use.")
                % {"device": device.device_id, "status": device.get_status_display()},
                field="device",
            )
        cleaned["device"] = device
    except Invalid as exc:
        errors.extend(exc.errors)
    if errors:
        raise Invalid.many(errors)
    return cleaned


def _discard_unreferenced(*digests: str) -> None:
    """After a failed write: remove files this call put in place that no committed row names."""
    for digest in digests:
        if digest and not Blob.objects.filter(sha256=digest).exists():
            path = blobs.blob_path(digest)
            with contextlib.suppress(OSError):
                path.chmod(0o600)
                path.unlink()


def add_evidence(
    *, actor: Any, case: Case, upload: blobs.HashedUpload, data: Mapping[str, Any], channel: str = "page"
) -> Evidence:
    """Check, then store the upload as a blob and record the item, all or nothing. Media that
    ffprobe or pillow cannot read is stored but flagged (``media_unreadable``)."""
    refuse_if_archived(case)
    _require(permissions.can_add_evidence(actor, case))
    cleaned = clean_evidence(case, data)
    check_file(upload, cleaned["kind"], max_upload_bytes(case.agency))
    name = safe_name(upload.name)
    facts = media.read_facts(upload.tmp, upload.mime)  # before the transaction: may take seconds
    placed: list[str] = []
    try:
        with transaction.atomic():
            blob = upload.store()
            placed.append(blob.sha256)
            thumbnail = blobs.put_bytes(facts.thumbnail) if facts.thumbnail else None
            if thumbnail is not None:
                placed.append(thumbnail.sha256)
            now = clock.now()
            item = Evidence(
                case=case,
                act=cleaned["act"],
                step=cleaned["step"],
                kind=cleaned["kind"],
                title=cleaned["title"] or name,
                collected_by=cleaned["collected_by"],
                place=cleaned["place"],
                blob=blob,
                original_name=name,
                mime=blob.mime,
                size=blob.size,
                captured_at=facts.captured_at,
                captured_raw=facts.captured_raw,
                capture_source=facts.capture_source,
                uploaded_at=now,
                uploaded_by=_person(actor),
                uploaded_label=str(log_actor(actor) or "system")[:300],
                device=cleaned["device"],
                duration_ms=facts.duration_ms,
                width=facts.width,
                height=facts.height,
                thumbnail=thumbnail,
                media_unreadable=facts.unreadable,
                media_problem=facts.problem[:300],
            )
            payload: dict[str, Any] = {
                "case_id": case.pk,
                "number": case.number,
                "kind": item.kind,
                "step": item.step,
                "title": item.title,
                "file_name": name,
                "digest": blob.sha256,
                "size": blob.size,
                "mime": blob.mime,
                "uploaded_at": plain(now),
                "captured_at": plain(facts.captured_at),
                "captured_raw": facts.captured_raw,
                "device": item.device.device_id if item.device else "",
                "collected_by": item.collected_by_id,
                "media_unreadable": facts.unreadable,
                "channel": channel,
            }
            if blob.sm3:
                payload["sm3"] = blob.sm3
            via = token_label(actor)
            if via:
                payload["via"] = via
            # The item's id is only known after the insert, and the entry must exist first (the
            # foreign key is PROTECTed and not null): the entry's subject is the case.
            item.log_entry = recordlog.append(
                kind="evidence.added",
                subject=case,
                actor=log_actor(actor),
                payload=payload,
                occurred_at=now,
                agency_id=case.agency_id,
            )
            item.save()
    except BaseException:
        _discard_unreferenced(*placed)
        raise
    return item


@transaction.atomic
def withdraw_evidence(*, actor: Any, item: Evidence, reason: Any) -> Evidence:
    """Take an item out of use without removing it: the file, its hash and its log entry stay."""
    case = item.case
    refuse_if_archived(case)
    _require(permissions.can_add_evidence(actor, case))
    text = clean(
        {"reason": reason}, (Spec("reason", _("Reason for withdrawal"), kind="multiline", max_length=300),)
    )["reason"]
    now = clock.now()
    changed = Evidence.objects.filter(pk=item.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=now, withdrawn_reason=text, withdrawn_by=_person(actor)
    )
    if changed != 1:
        raise WrongState("evidence_withdrawn", _("This evidence item is already withdrawn."))
    recordlog.append(
        kind="evidence.withdrawn",
        subject=item,
        actor=log_actor(actor),
        payload={"case_id": case.pk, "evidence_id": item.pk, "digest": item.blob.sha256, "reason": text},
        occurred_at=now,
        agency_id=case.agency_id,
    )
    item.refresh_from_db()
    return item


def files_withheld_error() -> NotAllowed:
    """The refusal for a reader without the right to the parties' personal data (see
    ``permissions.can_open_evidence_files``)."""
    return NotAllowed(
        "personal_data_withheld",
        _(
            "Evidence files may show the parties' personal information and are opened only by the "
            "case's own agency; the description, hash and record-log proof stay visible."
        ),
        citation=_("Personal Information Protection Law, Arts. 6 and 34"),
    )


def record_read(*, actor: Any, item: Evidence, channel: str) -> None:
    """Chain of custody: every download or preview of an evidence file is logged."""
    if not permissions.can_see_evidence(actor, item.case):
        raise NotAllowed("not_allowed", _("You are not allowed to do this."))
    if not permissions.can_open_evidence_files(actor, item.case):
        raise files_withheld_error()
    record_private_read(
        actor=actor, subject=item, agency_id=item.case.agency_id, what="evidence_file", channel=channel
    )


# --- recording devices (执法记录仪台账) ------------------------------------------------------------


def _clean_device(agency: Agency, data: Mapping[str, Any]) -> dict[str, Any]:
    try:
        cleaned = clean(data, DEVICE_SPECS)
    except Invalid as exc:
        raise Invalid.many(exc.errors) from None
    cleaned["officer"] = _lookup(Officer, cleaned["officer"], "officer", _("the officer"), agency=agency)
    return cleaned


def _log_device(device: RecordingDevice, kind: str, actor: Any, at: Any) -> None:
    recordlog.append(
        kind=kind,
        subject=device,
        actor=log_actor(actor),
        payload={
            "device_id": device.device_id,
            "model": device.model,
            "officer_id": device.officer_id,
            "status": device.status,
        },
        occurred_at=at,
        agency_id=device.agency_id,
    )


@transaction.atomic
def register_device(*, actor: Any, agency: Agency, data: Mapping[str, Any]) -> RecordingDevice:
    _require(permissions.can_manage_devices(actor, agency))
    cleaned = _clean_device(agency, data)
    if RecordingDevice.objects.filter(agency=agency, device_id=cleaned["device_id"]).exists():
        raise Invalid(
            "device_duplicate", _("This agency already has a device with that number."), field="device_id"
        )
    now = clock.now()
    device = RecordingDevice.objects.create(agency=agency, created_at=now, updated_at=now, **cleaned)
    _log_device(device, "evidence.device_registered", actor, now)
    return device


@transaction.atomic
def update_device(*, actor: Any, device: RecordingDevice, data: Mapping[str, Any]) -> RecordingDevice:
    """Change the assigned officer or the status (in use, under repair, retired); logged."""
    _require(permissions.can_manage_devices(actor, device.agency))
    cleaned = _clean_device(device.agency, {**data, "device_id": device.device_id})
    if device.status == DeviceStatus.RETIRED and cleaned["status"] != DeviceStatus.RETIRED:
        raise WrongState(
            "device_retired", _("A retired device is not brought back into use."), field="status"
        )
    now = clock.now()
    RecordingDevice.objects.filter(pk=device.pk).update(
        model=cleaned["model"], officer=cleaned["officer"], status=cleaned["status"], updated_at=now
    )
    device.refresh_from_db()
    _log_device(device, "evidence.device_changed", actor, now)
    return device


# --- audio-video exemptions -----------------------------------------------------------------------


@transaction.atomic
def request_exemption(*, actor: Any, case: Case, step: Any, reason: Any) -> AVExemption:
    """An officer writes why a step could not be recorded (state secret, privacy, emergency, the
    recorder failed: legal-rules G-07); the head approves it separately."""
    refuse_if_archived(case)
    _require(permissions.can_add_evidence(actor, case))
    cleaned = clean(
        {"step": step, "reason": reason},
        (
            Spec("step", _("Step"), max_length=40),
            Spec("reason", _("Reason"), kind="multiline", max_length=500),
        ),
    )
    name, _act = _step(case, cleaned["step"])
    now = clock.now()
    entry = recordlog.append(
        kind="evidence.av_exemption_requested",
        subject=case,
        actor=log_actor(actor),
        payload={"case_id": case.pk, "step": name, "reason": cleaned["reason"]},
        occurred_at=now,
        agency_id=case.agency_id,
    )
    return AVExemption.objects.create(
        case=case,
        step=name,
        reason=cleaned["reason"],
        requested_by=_person(actor),
        requested_at=now,
        log_entry=entry,
    )


@transaction.atomic
def approve_exemption(*, actor: Any, exemption: AVExemption) -> AVExemption:
    case = exemption.case
    refuse_if_archived(case)
    if not permissions.can_approve_exemption(actor, case):
        raise NotAllowed(
            "not_allowed", _("Only the agency head approves an exemption from audio-video recording.")
        )
    now = clock.now()
    changed = AVExemption.objects.filter(pk=exemption.pk, approved_at__isnull=True).update(
        approved_by=actor, approved_at=now
    )
    if changed != 1:
        raise WrongState("exemption_approved", _("This exemption is already approved."))
    recordlog.append(
        kind="evidence.av_exemption_approved",
        subject=case,
        actor=log_actor(actor),
        payload={"case_id": case.pk, "exemption_id": exemption.pk, "step": exemption.step},
        occurred_at=now,
        agency_id=case.agency_id,
    )
    exemption.refresh_from_db()
    return exemption
