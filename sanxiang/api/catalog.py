"""Catalog endpoints: the public lists the portal shows (no sign-in), and the internal reads and
writes for signed-in users and API tokens. Every read is scoped through ``catalog.queries``; every
write calls the catalog action the pages call, which checks permission, cleans and records."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from ninja import Query, Router, Schema, Status
from ninja.decorators import decorate_view

from sanxiang.api.auth import READ, WRITE, require_person, require_scope, session_or_token
from sanxiang.api.errors import AUTH_ERRORS, ERRORS, RateLimited
from sanxiang.api.schemas.catalog import (
    AgencyDetailOut,
    AgencyPage,
    BenchmarkIn,
    BenchmarkOut,
    CertificateOut,
    CertificateVerifyOut,
    ChangePage,
    InspectionItemOut,
    InternalAgencyPage,
    InternalBenchmarkOut,
    InternalItemOut,
    InternalOfficerOut,
    ItemDetailOut,
    ItemIn,
    ItemOut,
    ItemPatch,
    PublicOfficerOut,
    RegionOut,
)
from sanxiang.api.schemas.common import ErrorOut, PageIn, ReasonIn
from sanxiang.catalog import actions, queries
from sanxiang.catalog.actions.access import record_private_read
from sanxiang.catalog.models import Certificate, LegalBasis
from sanxiang.catalog.policies import VERIFY_RATE_PER_MINUTE
from sanxiang.core import policy, ratelimit
from sanxiang.core.errors import Invalid, NotVisible

public = Router(tags=["公开目录 public catalog"])
internal = Router(tags=["内部目录 internal catalog"], auth=session_or_token)


def _page(rows: QuerySet[Any], page: PageIn) -> dict[str, Any]:
    return {"count": rows.count(), "items": list(rows[page.offset : page.offset + page.limit])}


# --- public -----------------------------------------------------------------------------------


@public.get("/regions", response=list[RegionOut], summary="行政区划")
def regions(request: HttpRequest) -> Any:
    return queries.region_tree().select_related("parent")


class AgencyFilter(PageIn):
    region: str | None = None


@public.get("/agencies", response={200: AgencyPage, **ERRORS}, summary="执法主体（可按行政区划筛选，分页）")
def agencies(request: HttpRequest, filters: Query[AgencyFilter]) -> Any:
    region = None
    if filters.region:
        region = queries.region_tree().filter(code=filters.region.strip()).first()
        if region is None:
            raise Invalid("unknown_region", _("There is no region with this division code."), field="region")
    return _page(queries.public_agencies_in(region).order_by("region__path", "name"), filters)


@public.get("/agencies/{agency_id}", response={200: AgencyDetailOut, **ERRORS}, summary="执法主体详情")
def agency(request: HttpRequest, agency_id: int) -> Any:
    return queries.public_agency(agency_id)


@public.get(
    "/agencies/{agency_id}/officers", response={200: list[PublicOfficerOut], **ERRORS}, summary="执法人员"
)
def officers(request: HttpRequest, agency_id: int) -> Any:
    return queries.public_officers(queries.public_agency(agency_id))


@public.get("/agencies/{agency_id}/items", response={200: list[ItemOut], **ERRORS}, summary="执法事项清单")
def items(request: HttpRequest, agency_id: int) -> Any:
    return queries.public_items(queries.public_agency(agency_id)).order_by("code")


@public.get(
    "/agencies/{agency_id}/items/{item_id}", response={200: ItemDetailOut, **ERRORS}, summary="执法事项详情"
)
def item(request: HttpRequest, agency_id: int, item_id: int) -> Any:
    return get_object_or_404(queries.public_items(queries.public_agency(agency_id)), pk=item_id)


@public.get(
    "/agencies/{agency_id}/benchmarks",
    response={200: list[BenchmarkOut], **ERRORS},
    summary="行政裁量基准（含裁量阶次）",
)
def benchmarks(request: HttpRequest, agency_id: int) -> Any:
    return queries.public_benchmarks(queries.public_agency(agency_id)).order_by("code")


@public.get(
    "/agencies/{agency_id}/inspection-items",
    response={200: list[InspectionItemOut], **ERRORS},
    summary="随机抽查事项清单",
)
def inspection_items(request: HttpRequest, agency_id: int) -> Any:
    return queries.public_inspection_items(queries.public_agency(agency_id)).order_by("code")


@public.get("/agencies/{agency_id}/changes", response={200: ChangePage, **ERRORS}, summary="清单动态调整记录")
def changes(request: HttpRequest, agency_id: int, page: Query[PageIn]) -> Any:
    return _page(queries.public_changes(queries.public_agency(agency_id)), page)


class VerifyIn(Schema):
    number: str


@public.get(
    "/certificates/verify",
    response={200: CertificateVerifyOut, 429: ErrorOut, **ERRORS},
    summary="执法证核验（按证号）",
)
@decorate_view(never_cache)
def verify_certificate(request: HttpRequest, query: Query[VerifyIn]) -> Any:
    cert = queries.certificate_by_number(query.number[:40])
    _count_lookup(request, cert)
    if cert is None:
        raise NotVisible(
            "certificate_not_found", _("No certificate with this number was found."), field="number"
        )
    return cert


def _count_lookup(request: HttpRequest, cert: Certificate | None) -> None:
    # The same bucket and policy as the portal's look-up page, so that the API is no side door for
    # scraping the officer register; misses count too, so that guessing numbers is slow.
    scopes = cert.officer.agency.policy_scopes() if cert is not None else []
    resolved = policy.resolve(VERIFY_RATE_PER_MINUTE.key, scopes)
    if not ratelimit.hit(
        "catalog.verify", ratelimit.client_ip(request), limit=int(resolved.value), window_seconds=60
    ):
        raise RateLimited(
            "rate_limited",
            _("Too many look-ups from this address; try again in a minute."),
            citation=resolved.citation,
        )


# --- internal reads ---------------------------------------------------------------------------


@internal.get(
    "/agencies", response={200: InternalAgencyPage, **AUTH_ERRORS}, summary="可见的执法主体（内部）"
)
def internal_agencies(request: HttpRequest, page: Query[PageIn]) -> Any:
    actor = require_scope(request, READ)
    return _page(queries.agencies_for_user(actor).order_by("region__path", "name"), page)


@internal.get(
    "/agencies/{agency_id}/officers",
    response={200: list[InternalOfficerOut], **AUTH_ERRORS},
    summary="执法人员（含内部字段）",
)
def internal_officers(request: HttpRequest, agency_id: int) -> Any:
    actor = require_scope(request, READ)
    agency = queries.agency_for_user(actor, agency_id)
    officers = list(
        queries.officers_for_user(actor)
        .filter(agency=agency)
        .prefetch_related("certificates")
        .order_by("retired_at", "name")
    )
    record_private_read(
        actor=actor,
        subject=agency,
        agency_id=agency.pk,
        what="officer_contact",
        channel="api/internal/officers",
        officer_ids=[o.pk for o in officers],
    )
    return officers


@internal.get("/items/{item_id}", response={200: InternalItemOut, **AUTH_ERRORS}, summary="执法事项（内部）")
def internal_item(request: HttpRequest, item_id: int) -> Any:
    actor = require_scope(request, READ)
    return queries.enforcement_item_for_user(actor, item_id)


# --- writes -----------------------------------------------------------------------------------


def _bases(ids: list[int] | None) -> list[LegalBasis] | None:
    if ids is None:
        return None
    bases = list(queries.legal_bases_by_ids(ids))
    if len(bases) != len(set(ids)):
        raise Invalid("unknown_legal_basis", _("One or more legal bases do not exist."), field="basis_ids")
    return bases


@internal.post(
    "/agencies/{agency_id}/items", response={201: InternalItemOut, **AUTH_ERRORS}, summary="新增执法事项"
)
def create_item(request: HttpRequest, agency_id: int, payload: ItemIn) -> Any:
    actor = require_scope(request, WRITE)
    agency = queries.agency_for_user(actor, agency_id)
    data = payload.model_dump(exclude={"reason", "basis_ids"})
    row = actions.save_item(
        actor=actor, agency=agency, data=data, reason=payload.reason, bases=_bases(payload.basis_ids)
    )
    return Status(201, row)


@internal.patch("/items/{item_id}", response={200: InternalItemOut, **AUTH_ERRORS}, summary="修改执法事项")
def update_item(request: HttpRequest, item_id: int, payload: ItemPatch) -> Any:
    actor = require_scope(request, WRITE)
    existing = queries.enforcement_item_for_user(actor, item_id)
    # Only the fields sent are changed; an explicit null is treated like an absent field.
    data = {
        k: v
        for k, v in payload.model_dump(exclude_unset=True, exclude={"reason", "basis_ids"}).items()
        if v is not None
    }
    return actions.save_item(
        actor=actor,
        agency=existing.agency,
        item=existing,
        data=data,
        reason=payload.reason,
        bases=_bases(payload.basis_ids),
    )


@internal.post(
    "/items/{item_id}/retire", response={200: InternalItemOut, **AUTH_ERRORS}, summary="停用执法事项"
)
def retire_item(request: HttpRequest, item_id: int, payload: ReasonIn) -> Any:
    actor = require_scope(request, WRITE)
    existing = queries.enforcement_item_for_user(actor, item_id)
    return actions.retire_item(actor=actor, item=existing, reason=payload.reason)


@internal.post(
    "/agencies/{agency_id}/benchmarks",
    response={201: InternalBenchmarkOut, **AUTH_ERRORS},
    summary="新增行政裁量基准",
)
def create_benchmark(request: HttpRequest, agency_id: int, payload: BenchmarkIn) -> Any:
    actor = require_scope(request, WRITE)
    agency = queries.agency_for_user(actor, agency_id)
    item = None
    if payload.item_id is not None:
        item = queries.enforcement_item_for_user(actor, payload.item_id)
    data = payload.model_dump(include={"code", "violation", "violated_provision", "penalty_provision"})
    grades = [grade.model_dump() for grade in payload.grades]
    row = actions.save_benchmark(
        actor=actor, agency=agency, data=data, grades=grades, reason=payload.reason, item=item
    )
    return Status(201, row)


def _certificate_act(request: HttpRequest, certificate_id: int, payload: ReasonIn, act: Any) -> Certificate:
    # Certificates are acts of the legal department, traced to a person: tokens may not do them.
    actor = require_person(request)
    cert = queries.certificate_for_user(actor, certificate_id)
    result: Certificate = act(actor=actor, certificate=cert, reason=payload.reason)
    return result


@internal.post(
    "/certificates/{certificate_id}/suspend",
    response={200: CertificateOut, **AUTH_ERRORS},
    summary="暂扣执法证",
)
def suspend_certificate(request: HttpRequest, certificate_id: int, payload: ReasonIn) -> Any:
    return _certificate_act(request, certificate_id, payload, actions.suspend_certificate)


@internal.post(
    "/certificates/{certificate_id}/reinstate",
    response={200: CertificateOut, **AUTH_ERRORS},
    summary="恢复执法证",
)
def reinstate_certificate(request: HttpRequest, certificate_id: int, payload: ReasonIn) -> Any:
    return _certificate_act(request, certificate_id, payload, actions.reinstate_certificate)


@internal.post(
    "/certificates/{certificate_id}/revoke",
    response={200: CertificateOut, **AUTH_ERRORS},
    summary="吊销执法证",
)
def revoke_certificate(request: HttpRequest, certificate_id: int, payload: ReasonIn) -> Any:
    return _certificate_act(request, certificate_id, payload, actions.revoke_certificate)
