"""事前公开 catalog: regions, agencies, officers and certificates, legal bases, enforcement items,
discretion benchmarks and random-inspection items.

Rows are never deleted: an item that leaves a list is *retired* (``retired_at``), so the public
change log and the case records that cite it stay whole. Every change goes through
``catalog.actions`` which saves a ``simple_history`` snapshot and a readable ``CatalogChange``.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sanxiang.catalog.enums import (
    AgencyKind,
    CertificateEventKind,
    CertificateStatus,
    ChangeKind,
    EffectiveStatus,
    ItemCategory,
    LegalBasisKind,
    RegionLevel,
    SeverityGrade,
)


class Region(models.Model):
    """行政区划. ``code`` is the GB/T 2260 code (6 digits) or, for townships, the 9-digit
    statistical code. ``path`` holds the ancestors' codes so that a region's subtree is one
    ``startswith`` query (used by every supervisor-scoped list)."""

    code = models.CharField(_("division code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=50)
    level = models.CharField(_("level"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    path = models.CharField(max_length=200, db_index=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("region")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def policy_scopes(self) -> list[str]:
        """Most specific first: this region, then its ancestors."""
        codes = [code for code in self.path.strip("/").split("/") if code]
        return [f"region:{code}" for code in reversed(codes)]

    def full_name(self) -> str:
        names = []
        region: Region | None = self
        while region is not None:
            names.append(region.name)
            region = region.parent
        return "".join(reversed(names))


class Agency(models.Model):
    """执法主体."""

    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("region")
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=AgencyKind.choices, default=AgencyKind.STATUTORY
    )
    entrusted_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entrusted",
        verbose_name=_("entrusting agency"),
    )
    # 处罚法 Art. 20: the entrustment letter must be published; its text is shown on the portal.
    entrustment_letter = models.TextField(_("entrustment letter"), blank=True)
    powers_basis = models.TextField(_("legal basis of powers"), blank=True)
    duties = models.TextField(_("duties and powers"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    website = models.CharField(_("website"), max_length=200, blank=True)
    complaint_phone = models.CharField(_("complaint telephone"), max_length=40, blank=True)
    complaint_email = models.CharField(_("complaint e-mail"), max_length=100, blank=True)
    complaint_address = models.CharField(_("complaint address"), max_length=200, blank=True)
    reconsideration_body = models.CharField(
        _("administrative reconsideration body"), max_length=200, blank=True
    )
    litigation_body = models.CharField(_("court for administrative litigation"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"))
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agency")
        ordering = ["region__code", "name"]
        constraints = [
            models.CheckConstraint(
                name="entrusted_agency_has_entruster",
                condition=~Q(kind="entrusted") | Q(entrusted_by__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def policy_scopes(self) -> list[str]:
        return [f"agency:{self.pk}", *self.region.policy_scopes()]


class Officer(models.Model):
    """执法人员. Personal data (photo, phone) is internal; the portal shows only name, post,
    certificate number, categories and status (legal-rules A-07)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="officers", verbose_name=_("agency")
    )
    name = models.CharField(_("name"), max_length=50)
    post = models.CharField(_("post"), max_length=50, blank=True)
    unit = models.CharField(_("department"), max_length=100, blank=True)
    phone = models.CharField(_("internal telephone"), max_length=40, blank=True)
    photo = models.ImageField(_("photo"), upload_to="officer-photos/", blank=True)
    created_at = models.DateTimeField(_("created at"))
    retired_at = models.DateTimeField(_("left enforcement post at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["photo"])

    class Meta:
        verbose_name = _("officer")
        ordering = ["agency", "name"]

    def __str__(self) -> str:
        return self.name

    def current_certificate(self) -> Certificate | None:
        return self.certificates.order_by("-issued_on", "-id").first()


def _new_public_id() -> uuid.UUID:
    return uuid.uuid4()


class Certificate(models.Model):
    """执法证. ``status`` stores only what an act decided (valid, suspended, revoked); whether it has
    expired is computed from ``expires_on`` on the day asked, so it is never stale."""

    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="certificates")
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    categories = models.CharField(_("enforcement categories"), max_length=200)
    areas = models.CharField(_("enforcement area"), max_length=200, blank=True)
    issuing_authority = models.CharField(_("issuing authority"), max_length=100)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    status = models.CharField(
        _("status"), max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.ACTIVE
    )
    # Random and never shown except inside the signed verification URL printed as a QR code.
    public_id = models.UUIDField(default=_new_public_id, unique=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                name="certificate_expires_after_issue", condition=Q(expires_on__gt=models.F("issued_on"))
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def effective_status(self, on: dt.date) -> EffectiveStatus:
        if self.status == CertificateStatus.REVOKED:
            return EffectiveStatus.REVOKED
        if self.status == CertificateStatus.SUSPENDED:
            return EffectiveStatus.SUSPENDED
        if on < self.issued_on:
            return EffectiveStatus.NOT_YET_VALID
        if on > self.expires_on:
            return EffectiveStatus.EXPIRED
        return EffectiveStatus.VALID


class CertificateEvent(models.Model):
    """One act on a certificate (issued, renewed, suspended, reinstated, revoked), with its reason and
    actor. Append-only; the recordlog will carry the same acts tamper-evidently."""

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("act"), max_length=12, choices=CertificateEventKind.choices)
    reason = models.CharField(_("reason"), max_length=500)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    occurred_at = models.DateTimeField(_("time"))
    expires_on = models.DateField(_("expiry after the act"), null=True, blank=True)

    class Meta:
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.kind}"


class LegalBasis(models.Model):
    """法律依据: a law, regulation or rule that items and benchmarks cite."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=LegalBasisKind.choices)
    issuing_body = models.CharField(_("issuing body"), max_length=100)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    effective_on = models.DateField(_("effective on"), null=True, blank=True)
    repealed_on = models.DateField(_("repealed on"), null=True, blank=True)
    text_url = models.CharField(_("link to the text"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("legal basis")
        ordering = ["kind", "title"]
        constraints = [
            models.UniqueConstraint(fields=["title", "effective_on"], name="unique_legal_basis_version"),
            models.CheckConstraint(
                name="legal_basis_repealed_after_effective",
                condition=Q(repealed_on__isnull=True)
                | Q(effective_on__isnull=True)
                | Q(repealed_on__gt=models.F("effective_on")),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class EnforcementItem(models.Model):
    """执法事项清单 entry, with the service-guide fields (服务指南) the portal shows."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="items", verbose_name=_("agency")
    )
    code = models.CharField(_("item code"), max_length=50)
    name = models.CharField(_("item name"), max_length=200)
    category = models.CharField(_("category"), max_length=15, choices=ItemCategory.choices)
    basis_text = models.TextField(_("legal basis (articles)"))
    bases = models.ManyToManyField(
        LegalBasis, blank=True, related_name="items", verbose_name=_("legal bases")
    )
    responsible_unit = models.CharField(_("responsible unit"), max_length=100, blank=True)
    procedure = models.TextField(_("procedure"), blank=True)
    time_limit = models.CharField(_("time limit"), max_length=200, blank=True)
    remedies = models.TextField(_("remedies"), blank=True)
    accepting_body = models.CharField(_("accepting body"), max_length=100, blank=True)
    approving_body = models.CharField(_("approving body"), max_length=100, blank=True)
    conditions = models.TextField(_("acceptance conditions"), blank=True)
    materials = models.TextField(_("application materials"), blank=True)
    fees = models.CharField(_("fees"), max_length=200, blank=True)
    consultation = models.CharField(_("consultation and complaints"), max_length=200, blank=True)
    office_info = models.CharField(_("office hours, address and telephone"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"))
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[bases])

    class Meta:
        verbose_name = _("enforcement item")
        ordering = ["agency", "code"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="unique_item_code_per_agency")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class DiscretionBenchmark(models.Model):
    """裁量基准 for one violation; must be published (处罚法 Art. 34)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="benchmarks", verbose_name=_("agency")
    )
    item = models.ForeignKey(
        EnforcementItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="benchmarks",
        verbose_name=_("enforcement item"),
    )
    code = models.CharField(_("benchmark code"), max_length=50)
    violation = models.CharField(_("violation"), max_length=300)
    violated_provision = models.TextField(_("provision violated"))
    penalty_provision = models.TextField(_("penalty provision"))
    created_at = models.DateTimeField(_("created at"))
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("discretion benchmark")
        ordering = ["agency", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="unique_benchmark_code_per_agency")
        ]

    def __str__(self) -> str:
        return self.violation


class BenchmarkGrade(models.Model):
    """One severity grade of a benchmark: the circumstances and the range of each penalty kind."""

    benchmark = models.ForeignKey(DiscretionBenchmark, on_delete=models.PROTECT, related_name="grades")
    grade = models.CharField(_("grade"), max_length=10, choices=SeverityGrade.choices)
    circumstances = models.TextField(_("circumstances"))
    penalty = models.TextField(_("penalty"))
    fine_min = models.DecimalField(
        _("minimum fine (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    fine_max = models.DecimalField(
        _("maximum fine (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    warning = models.BooleanField(_("warning"), default=False)
    confiscation = models.BooleanField(_("confiscation of unlawful gains"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["benchmark", "position"]
        constraints = [
            models.UniqueConstraint(fields=["benchmark", "grade"], name="unique_grade_per_benchmark"),
            models.CheckConstraint(
                name="grade_fine_range_ordered",
                condition=Q(fine_min__isnull=True)
                | Q(fine_max__isnull=True)
                | Q(fine_max__gte=models.F("fine_min")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.benchmark_id} {self.grade}"


class RandomInspectionItem(models.Model):
    """随机抽查事项清单 entry (国办发〔2015〕58号; legal-rules A-08)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="inspection_items", verbose_name=_("agency")
    )
    code = models.CharField(_("item code"), max_length=50)
    name = models.CharField(_("inspection item"), max_length=200)
    basis = models.TextField(_("inspection basis"))
    inspecting_body = models.CharField(_("inspecting body"), max_length=100)
    object_type = models.CharField(_("inspected objects"), max_length=200)
    content = models.TextField(_("inspection content"))
    method = models.CharField(_("inspection method"), max_length=200)
    ratio = models.CharField(_("sampling ratio"), max_length=50, blank=True)
    frequency = models.CharField(_("frequency"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("created at"))
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("random-inspection item")
        ordering = ["agency", "code"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="unique_inspection_item_code_per_agency")
        ]

    def __str__(self) -> str:
        return self.name


class CatalogChange(models.Model):
    """The public change log (动态调整): one readable line per change to an agency's published
    lists, with who, when and why. Field-level snapshots are in the simple-history tables."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="changes", null=True)
    subject_type = models.CharField(max_length=40)
    subject_id = models.BigIntegerField()
    subject_label = models.CharField(max_length=300)
    kind = models.CharField(max_length=12, choices=ChangeKind.choices)
    summary = models.CharField(max_length=500)
    reason = models.CharField(max_length=500)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    occurred_at = models.DateTimeField()
    public = models.BooleanField(default=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["agency", "-occurred_at"], name="catalog_change_by_agency")]

    def __str__(self) -> str:
        return self.summary
