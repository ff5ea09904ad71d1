"""Catalog shapes. Public shapes list their fields explicitly (never ``fields="__all__"``) so that a
column added to a model later cannot leak through the API; officers' telephones and photos appear
only in ``InternalOfficerOut``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema

from sanxiang.api.schemas.common import AgencyRef, Id
from sanxiang.catalog.enums import (
    AgencyKind,
    CertificateStatus,
    ChangeKind,
    EffectiveStatus,
    ItemCategory,
    RegionLevel,
    SeverityGrade,
)
from sanxiang.catalog.models import (
    Agency,
    BenchmarkGrade,
    CatalogChange,
    Certificate,
    DiscretionBenchmark,
    EnforcementItem,
    Officer,
    Region,
)
from sanxiang.core import clock

# --- public -----------------------------------------------------------------------------------


class RegionOut(Schema):
    code: str
    name: str
    level: str
    level_label: str
    parent_code: str | None

    @staticmethod
    def resolve_level_label(obj: Region) -> str:
        return str(RegionLevel(obj.level).label)

    @staticmethod
    def resolve_parent_code(obj: Region) -> str | None:
        return obj.parent.code if obj.parent_id else None  # type: ignore[union-attr]


class AgencyOut(Schema):
    id: int
    name: str
    short_name: str
    credit_code: str
    kind: str
    kind_label: str
    region_code: str
    region_name: str

    @staticmethod
    def resolve_kind_label(obj: Agency) -> str:
        return str(AgencyKind(obj.kind).label)

    @staticmethod
    def resolve_region_code(obj: Agency) -> str:
        return obj.region.code

    @staticmethod
    def resolve_region_name(obj: Agency) -> str:
        return obj.region.full_name()


class AgencyPage(Schema):
    count: int
    items: list[AgencyOut]


class AgencyDetailOut(AgencyOut):
    entrusted_by: AgencyRef | None
    entrustment_letter: str
    powers_basis: str
    duties: str
    address: str
    phone: str
    website: str
    complaint_phone: str
    complaint_email: str
    complaint_address: str
    reconsideration_body: str
    litigation_body: str


def _current_certificate(officer: Officer) -> Certificate | None:
    # Prefetched newest first (see queries.public_officers): the first is the current certificate.
    certificates = list(officer.certificates.all())
    return certificates[0] if certificates else None


class PublicOfficerOut(Schema):
    """What the portal shows of an officer (legal-rules A-07): nothing private."""

    name: str
    post: str
    certificate_number: str | None
    categories: str | None
    status: str | None
    status_label: str | None

    @staticmethod
    def resolve_certificate_number(obj: Officer) -> str | None:
        cert = _current_certificate(obj)
        return cert.number if cert else None

    @staticmethod
    def resolve_categories(obj: Officer) -> str | None:
        cert = _current_certificate(obj)
        return cert.categories if cert else None

    @staticmethod
    def resolve_status(obj: Officer) -> str | None:
        cert = _current_certificate(obj)
        return str(cert.effective_status(clock.today()).value) if cert else None

    @staticmethod
    def resolve_status_label(obj: Officer) -> str | None:
        cert = _current_certificate(obj)
        return str(cert.effective_status(clock.today()).label) if cert else None


class LegalBasisRef(Schema):
    id: int
    title: str
    document_number: str


class ItemOut(Schema):
    id: int
    agency_id: int
    code: str
    name: str
    category: str
    category_label: str

    @staticmethod
    def resolve_category_label(obj: EnforcementItem) -> str:
        return str(ItemCategory(obj.category).label)


class ItemDetailOut(ItemOut):
    basis_text: str
    bases: list[LegalBasisRef]
    responsible_unit: str
    procedure: str
    time_limit: str
    remedies: str
    accepting_body: str
    approving_body: str
    conditions: str
    materials: str
    fees: str
    consultation: str
    office_info: str

    @staticmethod
    def resolve_bases(obj: EnforcementItem) -> list:
        return list(obj.bases.all())


class InternalItemOut(ItemDetailOut):
    created_at: dt.datetime
    retired_at: dt.datetime | None


class GradeOut(Schema):
    grade: str
    grade_label: str
    circumstances: str
    penalty: str
    fine_min: Decimal | None
    fine_max: Decimal | None
    warning: bool
    confiscation: bool

    @staticmethod
    def resolve_grade_label(obj: BenchmarkGrade) -> str:
        return str(SeverityGrade(obj.grade).label)


class BenchmarkOut(Schema):
    id: int
    agency_id: int
    item_id: int | None
    code: str
    violation: str
    violated_provision: str
    penalty_provision: str
    grades: list[GradeOut]

    @staticmethod
    def resolve_grades(obj: DiscretionBenchmark) -> list:
        return list(obj.grades.all())


class InternalBenchmarkOut(BenchmarkOut):
    created_at: dt.datetime
    retired_at: dt.datetime | None


class InspectionItemOut(Schema):
    id: int
    code: str
    name: str
    basis: str
    inspecting_body: str
    object_type: str
    content: str
    method: str
    ratio: str
    frequency: str


class ChangeOut(Schema):
    """One line of the public change log; the actor is not published."""

    occurred_at: dt.datetime
    kind: str
    kind_label: str
    subject_type: str
    subject_label: str
    summary: str
    reason: str

    @staticmethod
    def resolve_kind_label(obj: CatalogChange) -> str:
        return str(ChangeKind(obj.kind).label)


class ChangePage(Schema):
    count: int
    items: list[ChangeOut]


class CertificateVerifyOut(Schema):
    """The answer to "is this officer's certificate valid today?" (亮证执法)."""

    number: str
    officer_name: str
    officer_post: str
    agency: AgencyRef
    categories: str
    areas: str
    issuing_authority: str
    issued_on: dt.date
    expires_on: dt.date
    status: str
    status_label: str
    checked_on: dt.date

    @staticmethod
    def resolve_officer_name(obj: Certificate) -> str:
        return obj.officer.name

    @staticmethod
    def resolve_officer_post(obj: Certificate) -> str:
        return obj.officer.post

    @staticmethod
    def resolve_agency(obj: Certificate) -> Agency:
        return obj.officer.agency

    @staticmethod
    def resolve_status(obj: Certificate) -> str:
        return str(obj.effective_status(clock.today()).value)

    @staticmethod
    def resolve_status_label(obj: Certificate) -> str:
        return str(obj.effective_status(clock.today()).label)

    @staticmethod
    def resolve_checked_on(obj: Certificate) -> dt.date:
        return clock.today()


# --- internal ---------------------------------------------------------------------------------


class InternalAgencyOut(AgencyOut):
    created_at: dt.datetime
    retired_at: dt.datetime | None


class InternalAgencyPage(Schema):
    count: int
    items: list[InternalAgencyOut]


class CertificateOut(Schema):
    id: int
    number: str
    categories: str
    areas: str
    issuing_authority: str
    issued_on: dt.date
    expires_on: dt.date
    status: str
    status_label: str
    effective_status: str
    effective_status_label: str

    @staticmethod
    def resolve_status_label(obj: Certificate) -> str:
        return str(CertificateStatus(obj.status).label)

    @staticmethod
    def resolve_effective_status(obj: Certificate) -> str:
        return str(obj.effective_status(clock.today()).value)

    @staticmethod
    def resolve_effective_status_label(obj: Certificate) -> str:
        return str(EffectiveStatus(obj.effective_status(clock.today())).label)


class InternalOfficerOut(Schema):
    id: int
    name: str
    post: str
    unit: str
    phone: str
    has_photo: bool
    created_at: dt.datetime
    retired_at: dt.datetime | None
    certificates: list[CertificateOut]

    @staticmethod
    def resolve_has_photo(obj: Officer) -> bool:
        return bool(obj.photo)

    @staticmethod
    def resolve_certificates(obj: Officer) -> list:
        return list(obj.certificates.all())


# --- input ------------------------------------------------------------------------------------
# Text fields are plain ``str`` here: lengths, markup and required values are checked by the domain's
# cleaning (``core.cleaning``), which gives the same coded, per-field errors as the pages and Excel.


class ItemIn(Schema):
    reason: str
    code: str
    name: str
    category: str
    basis_text: str
    basis_ids: list[Id] | None = None
    responsible_unit: str = ""
    procedure: str = ""
    time_limit: str = ""
    remedies: str = ""
    accepting_body: str = ""
    approving_body: str = ""
    conditions: str = ""
    materials: str = ""
    fees: str = ""
    consultation: str = ""
    office_info: str = ""


class ItemPatch(Schema):
    """Only the fields present are changed."""

    reason: str
    code: str | None = None
    name: str | None = None
    category: str | None = None
    basis_text: str | None = None
    basis_ids: list[Id] | None = None
    responsible_unit: str | None = None
    procedure: str | None = None
    time_limit: str | None = None
    remedies: str | None = None
    accepting_body: str | None = None
    approving_body: str | None = None
    conditions: str | None = None
    materials: str | None = None
    fees: str | None = None
    consultation: str | None = None
    office_info: str | None = None


class GradeIn(Schema):
    grade: str
    circumstances: str
    penalty: str
    fine_min: Decimal | None = None
    fine_max: Decimal | None = None
    warning: bool = False
    confiscation: bool = False


class BenchmarkIn(Schema):
    reason: str
    code: str
    violation: str
    violated_provision: str
    penalty_provision: str
    item_id: int | None = None
    grades: list[GradeIn]
