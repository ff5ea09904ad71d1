"""Evidence items, the blobs that hold their bytes, recording devices, AV exemptions and fixity
alerts. Nothing here is edited or deleted once recorded: an item taken back is *withdrawn* (reason,
who, when; logged), a device changes status by a logged action, and blobs are immutable."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanxiang.evidence.enums import DeviceStatus, EvidenceKind, FixityProblem


class Blob(models.Model):
    """Bytes stored once under their SHA-256 (see ``blobs``)."""

    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    sm3 = models.CharField("SM3", max_length=64, blank=True)  # when the record log uses SM3
    size = models.BigIntegerField(_("size (bytes)"))
    mime = models.CharField(_("type by content"), max_length=100)
    created_at = models.DateTimeField(_("stored at"))
    # Fixity: when the bytes on disk last hashed to ``sha256`` (None: never checked yet).
    checked_at = models.DateTimeField(_("last fixity check"), null=True, blank=True)

    class Meta:
        verbose_name = _("stored file")
        indexes = [models.Index(fields=["checked_at", "id"], name="evidence_blob_fixity_order")]

    def __str__(self) -> str:
        return self.sha256


class RecordingDevice(models.Model):
    """执法记录仪台账: one row per device of an agency."""

    agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, related_name="+")
    device_id = models.CharField(_("device number"), max_length=60)
    model = models.CharField(_("model"), max_length=100, blank=True)
    officer = models.ForeignKey(
        "catalog.Officer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned officer"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=DeviceStatus.choices, default=DeviceStatus.IN_USE
    )
    created_at = models.DateTimeField(_("registered at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("recording device")
        ordering = ["device_id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "device_id"], name="unique_device_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.device_id} {self.model}".strip()


class Evidence(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="evidence")
    # The act it was collected for when one was chosen; ``step`` always names the procedure step
    # (the act's name, or the case's state when the item was uploaded).
    act = models.ForeignKey("cases.Act", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    step = models.CharField(_("step"), max_length=40)
    kind = models.CharField(_("evidence type"), max_length=16, choices=EvidenceKind.choices)
    title = models.CharField(_("title"), max_length=200)
    collected_by = models.ForeignKey(
        "catalog.Officer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("collected by"),
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="evidence")
    original_name = models.CharField(_("file name"), max_length=255)
    mime = models.CharField(_("type by content"), max_length=100)
    size = models.BigIntegerField(_("size (bytes)"))
    # The device's own clock (EXIF DateTimeOriginal or ffprobe creation_time), raw and parsed:
    # device clocks drift and many write local time, so it is shown beside the upload time, never
    # instead of it.
    captured_at = models.DateTimeField(_("capture time (device)"), null=True, blank=True)
    captured_raw = models.CharField(_("capture time as written by the device"), max_length=60, blank=True)
    capture_source = models.CharField(max_length=12, blank=True)  # "exif" or "ffprobe"
    uploaded_at = models.DateTimeField(_("upload time"))
    # None with ``uploaded_label`` "token:…" when an API token (no person) uploaded it.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_label = models.CharField(_("uploaded by"), max_length=300)
    device = models.ForeignKey(
        RecordingDevice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("recording device"),
    )
    duration_ms = models.PositiveBigIntegerField(_("duration (ms)"), null=True, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    thumbnail = models.ForeignKey(Blob, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    media_unreadable = models.BooleanField(_("media could not be read"), default=False)
    media_problem = models.CharField(max_length=300, blank=True)
    log_entry = models.ForeignKey("recordlog.Entry", on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("reason for withdrawal"), max_length=300, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("evidence item")
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["case", "step"], name="evidence_by_case_step")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_av(self) -> bool:
        return self.mime.startswith(("video/", "audio/"))


class AVExemption(models.Model):
    """A written exemption from the audio-video record of one step of one case, approved by the
    agency head (e.g. the recorder failed on site); the guard accepts it instead of a recording."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    step = models.CharField(_("step"), max_length=40)
    reason = models.CharField(_("reason"), max_length=500)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    log_entry = models.ForeignKey("recordlog.Entry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("audio-video exemption")
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.step}"


class FixityAlert(models.Model):
    """A stored file that no longer hashes to its address, or is gone."""

    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="alerts")
    problem = models.CharField(max_length=12, choices=FixityProblem.choices)
    found_digest = models.CharField(max_length=64, blank=True)
    path = models.CharField(max_length=500)
    detected_at = models.DateTimeField()
    log_entry = models.ForeignKey("recordlog.Entry", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("fixity alert")
        ordering = ["-detected_at", "-id"]

    def __str__(self) -> str:
        return f"{self.problem} {self.path}"
