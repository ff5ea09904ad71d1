"""Reads for the catalog, always scoped. Public functions return only what the portal may show
(current, not retired); ``*_for_user`` functions return what a signed-in user may see."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from django.db import models
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from sanxiang.catalog.enums import CertificateStatus
from sanxiang.catalog.models import (
    Agency,
    BenchmarkGrade,
    CatalogChange,
    Certificate,
    DiscretionBenchmark,
    EnforcementItem,
    LegalBasis,
    Officer,
    RandomInspectionItem,
    Region,
)
from sanxiang.catalog.permissions import can_see_agency_internal, is_staff_user, user_region
from sanxiang.core.roles import AGENCY_ROLES, Role

M = TypeVar("M", bound=models.Model)

# --- public ---------------------------------------------------------------------------------


def public_agencies() -> QuerySet[Agency]:
    return Agency.objects.filter(retired_at__isnull=True).select_related("region", "entrusted_by")


def public_agency(pk: int) -> Agency:
    try:
        return public_agencies().get(pk=pk)
    except Agency.DoesNotExist:
        raise Http404 from None


def public_officers(agency: Agency) -> QuerySet[Officer]:
    return (
        Officer.objects.filter(agency=agency, retired_at__isnull=True)
        .prefetch_related(
            Prefetch("certificates", queryset=Certificate.objects.order_by("-issued_on", "-id"))
        )
        .order_by("name")
    )


def public_items(agency: Agency) -> QuerySet[EnforcementItem]:
    return EnforcementItem.objects.filter(agency=agency, retired_at__isnull=True).prefetch_related("bases")


def public_benchmarks(agency: Agency) -> QuerySet[DiscretionBenchmark]:
    return DiscretionBenchmark.objects.filter(agency=agency, retired_at__isnull=True).prefetch_related(
        "grades"
    )


def public_inspection_items(agency: Agency) -> QuerySet[RandomInspectionItem]:
    return RandomInspectionItem.objects.filter(agency=agency, retired_at__isnull=True)


def certificate_by_number(number: str) -> Certificate | None:
    return (
        Certificate.objects.select_related("officer__agency")
        .filter(number=number.strip().upper(), officer__agency__retired_at__isnull=True)
        .first()
    )


def certificate_by_public_id(public_id: Any) -> Certificate | None:
    return Certificate.objects.select_related("officer__agency").filter(public_id=public_id).first()


def region_tree() -> QuerySet[Region]:
    return Region.objects.order_by("path")


def public_agencies_in(region: Region | None) -> QuerySet[Agency]:
    """Current agencies of ``region``'s subtree (all of them when ``region`` is None)."""
    agencies = public_agencies()
    return agencies if region is None else agencies.filter(region__path__startswith=region.path)


def public_changes(agency: Agency) -> QuerySet[CatalogChange]:
    """The agency's public change log (动态调整), newest first; internal-only lines are left out."""
    return CatalogChange.objects.filter(agency=agency, public=True).order_by("-occurred_at", "-id")


# Search is a plain icontains for now; word segmentation (rjieba) and full-text indexes (SQLite
# FTS5 / PostgreSQL tsvector) come later behind these same functions.


def public_search_agencies(text: str) -> QuerySet[Agency]:
    return public_agencies().filter(
        Q(name__icontains=text) | Q(short_name__icontains=text) | Q(credit_code__icontains=text)
    )


def public_search_officers(text: str) -> QuerySet[Officer]:
    """Officers of current agencies, by name or by (part of) a certificate number."""
    matching = Q(name__icontains=text) | Q(
        pk__in=Certificate.objects.filter(number__icontains=text).values("officer_id")
    )
    return (
        Officer.objects.filter(matching, retired_at__isnull=True, agency__retired_at__isnull=True)
        .select_related("agency")
        .prefetch_related(
            Prefetch("certificates", queryset=Certificate.objects.order_by("-issued_on", "-id"))
        )
        .order_by("name", "pk")
    )


def public_search_items(text: str) -> QuerySet[EnforcementItem]:
    return (
        EnforcementItem.objects.filter(
            Q(name__icontains=text) | Q(code__icontains=text),
            retired_at__isnull=True,
            agency__retired_at__isnull=True,
        )
        .select_related("agency")
        .order_by("agency__name", "code")
    )


def public_search_benchmarks(text: str) -> QuerySet[DiscretionBenchmark]:
    return (
        DiscretionBenchmark.objects.filter(
            Q(violation__icontains=text) | Q(code__icontains=text) | Q(violated_provision__icontains=text),
            retired_at__isnull=True,
            agency__retired_at__isnull=True,
        )
        .select_related("agency")
        .order_by("agency__name", "code")
    )


def public_search_inspection_items(text: str) -> QuerySet[RandomInspectionItem]:
    return (
        RandomInspectionItem.objects.filter(
            Q(name__icontains=text) | Q(code__icontains=text) | Q(object_type__icontains=text),
            retired_at__isnull=True,
            agency__retired_at__isnull=True,
        )
        .select_related("agency")
        .order_by("agency__name", "code")
    )


# --- signed-in users -------------------------------------------------------------------------


def agencies_for_user(user: Any) -> QuerySet[Agency]:
    """Deny by default: an agency role sees its agency, a supervisor or admin the agencies of its
    region's subtree, anyone else nothing."""
    if not is_staff_user(user):
        return Agency.objects.none()
    base = Agency.objects.select_related("region")
    if user.role in AGENCY_ROLES:
        return base.filter(pk=user.agency_id)
    region = user_region(user)
    if user.role == Role.ADMIN and region is None:
        return base.all()
    if region is None:
        return base.none()
    return base.filter(region__path__startswith=region.path)


def agency_for_user(user: Any, pk: int) -> Agency:
    try:
        agency = Agency.objects.select_related("region").get(pk=pk)
    except Agency.DoesNotExist:
        raise Http404 from None
    if not can_see_agency_internal(user, agency):
        raise Http404
    return agency


def officers_for_user(user: Any) -> QuerySet[Officer]:
    return Officer.objects.filter(agency__in=agencies_for_user(user)).select_related("agency")


def officer_for_user(user: Any, pk: int) -> Officer:
    try:
        return officers_for_user(user).get(pk=pk)
    except Officer.DoesNotExist:
        raise Http404 from None


def certificate_for_user(user: Any, pk: int) -> Certificate:
    try:
        return Certificate.objects.select_related("officer__agency").get(
            pk=pk, officer__agency__in=agencies_for_user(user)
        )
    except Certificate.DoesNotExist:
        raise Http404 from None


def regions_for_user(user: Any) -> QuerySet[Region]:
    if not is_staff_user(user):
        return Region.objects.none()
    region = user_region(user)
    if user.role == Role.ADMIN and region is None:
        return Region.objects.all()
    if region is None:
        agency = user.agency
        return Region.objects.filter(pk=agency.region_id) if agency else Region.objects.none()
    return Region.objects.filter(path__startswith=region.path)


def officers_with_valid_certificate(agency: Agency, on: dt.date) -> QuerySet[Officer]:
    """Officers who may enforce on ``on`` (处罚法 Art. 42): a certificate neither suspended nor
    revoked, issued on or before and expiring on or after that day."""
    valid = Q(
        certificates__status=CertificateStatus.ACTIVE,
        certificates__issued_on__lte=on,
        certificates__expires_on__gte=on,
    )
    return Officer.objects.filter(valid, agency=agency, retired_at__isnull=True).distinct()


# --- API ---------------------------------------------------------------------------------------


def _listed_for_user(model: type[M], user: Any, pk: int) -> M:
    """A list entry of an agency the user may see internally (retired ones included); 404 otherwise."""
    try:
        return model._default_manager.select_related("agency__region").get(
            pk=pk, agency__in=agencies_for_user(user)
        )
    except model.DoesNotExist:  # type: ignore[attr-defined]
        raise Http404 from None


def enforcement_item_for_user(user: Any, pk: int) -> EnforcementItem:
    return _listed_for_user(EnforcementItem, user, pk)


def benchmark_for_user(user: Any, pk: int) -> DiscretionBenchmark:
    return _listed_for_user(DiscretionBenchmark, user, pk)


def inspection_item_for_user(user: Any, pk: int) -> RandomInspectionItem:
    return _listed_for_user(RandomInspectionItem, user, pk)


def internal_officers(agency: Agency) -> QuerySet[Officer]:
    """Every officer of an agency the caller already may see, including those who left."""
    return (
        Officer.objects.filter(agency=agency).prefetch_related("certificates").order_by("retired_at", "name")
    )


def internal_changes(agency: Agency, limit: int = 200) -> QuerySet[CatalogChange]:
    """The full change log of an agency the caller may see, non-public lines included."""
    return CatalogChange.objects.filter(agency=agency).select_related("actor")[:limit]


def legal_bases_by_ids(ids: list[int]) -> QuerySet[LegalBasis]:
    """Legal bases are shared by every agency (laws and rules are public), so not scoped."""
    return LegalBasis.objects.filter(pk__in=ids)


# --- choosers on the case forms ----------------------------------------------------------------


def current_items(agency: Agency, text: str = "") -> QuerySet[EnforcementItem]:
    """The agency's current (not retired) enforcement items, by category then code; ``text``
    narrows them to items whose name or code contains it (the case form's server-side search)."""
    items = EnforcementItem.objects.filter(agency=agency, retired_at__isnull=True)
    text = text.strip()
    if text:
        items = items.filter(Q(name__icontains=text) | Q(code__icontains=text))
    return items.order_by("category", "code", "pk")


def current_grades(item: EnforcementItem) -> QuerySet[BenchmarkGrade]:
    """The grades of the item's current discretion benchmarks (处罚法 Art. 34), in benchmark order."""
    return (
        BenchmarkGrade.objects.filter(
            benchmark__item=item, benchmark__agency_id=item.agency_id, benchmark__retired_at__isnull=True
        )
        .select_related("benchmark")
        .order_by("benchmark__code", "position", "pk")
    )


def current_officers_with_certificates(agency: Agency) -> QuerySet[Officer]:
    """The agency's serving officers with every certificate, newest first, to tell on a given day
    which of them may enforce and why the others may not (``Certificate.effective_status``)."""
    return (
        Officer.objects.filter(agency=agency, retired_at__isnull=True)
        .prefetch_related(
            Prefetch("certificates", queryset=Certificate.objects.order_by("-issued_on", "-id"))
        )
        .order_by("name", "pk")
    )
