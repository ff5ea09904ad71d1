"""The public portal (事前公开): no login, Chinese, usable on a phone.

Every page reads through the ``public_*`` queries, which return only current (not retired) rows and
only public fields are put in the templates: an officer's photo and telephone never leave the
building (legal-rules A-07). Certificate verification (亮证执法) reads the status live and is
rate-limited per client address so that the officer register cannot be scraped by guessing numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sanxiang.catalog import queries
from sanxiang.catalog.enums import EffectiveStatus, RegionLevel
from sanxiang.catalog.models import Agency, Certificate, Officer, Region
from sanxiang.catalog.policies import VERIFY_RATE_PER_MINUTE
from sanxiang.catalog.verification import (
    certificate_from_token,
    make_verification_url,
    qr_png,
    qr_svg,
)
from sanxiang.core import clock, policy, ratelimit

PER_PAGE = 20
MAX_QUERY_LENGTH = 100

# Tabs of the agency page: (url name, label). Each tab is its own linkable page.
TABS = [
    ("agency", _("Subject information")),
    ("officers", _("Enforcement officers")),
    ("items", _("Enforcement items")),
    ("benchmarks", _("Discretion benchmarks")),
    ("inspections", _("Random inspections")),
    ("remedies", _("Remedies and complaints")),
    ("changes", _("Change log")),
]

# The headline of a verification result, one sentence per effective status.
HEADLINES = {
    EffectiveStatus.VALID: _("This certificate is valid"),
    EffectiveStatus.SUSPENDED: _("This certificate is suspended (暂扣): the holder may not enforce"),
    EffectiveStatus.REVOKED: _("This certificate has been revoked (注销): the holder may not enforce"),
    EffectiveStatus.EXPIRED: _("This certificate has expired (过期): the holder may not enforce"),
    EffectiveStatus.NOT_YET_VALID: _("This certificate is not yet valid"),
}


# --- helpers --------------------------------------------------------------------------------------


def _paginate(request: HttpRequest, rows: QuerySet[Any] | list[Any], param: str = "page") -> Page:
    """A page of ``rows`` (20 a page) with ``prev_query``/``next_query`` that keep the other
    parameters, so that several paginated lists can share one page (search)."""
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get(param))

    def query(number: int) -> str:
        params = request.GET.copy()
        params[param] = str(number)
        return "?" + params.urlencode()

    page.param = param  # type: ignore[attr-defined]
    page.prev_query = query(page.previous_page_number()) if page.has_previous() else ""  # type: ignore[attr-defined]
    page.next_query = query(page.next_page_number()) if page.has_next() else ""  # type: ignore[attr-defined]
    return page


@dataclass(frozen=True)
class OfficerRow:
    """What the portal shows of an officer: nothing private (no photo, no telephone)."""

    officer: Officer
    certificate: Certificate | None
    status: EffectiveStatus | None


def _officer_rows(officers: list[Officer]) -> list[OfficerRow]:
    today = clock.today()
    rows = []
    for officer in officers:
        # Prefetched newest first (see queries): the first is the current certificate.
        certificates = list(officer.certificates.all())
        cert = certificates[0] if certificates else None
        rows.append(OfficerRow(officer, cert, cert.effective_status(today) if cert else None))
    return rows


def _agency_page(
    request: HttpRequest, agency: Agency, tab: str, template: str, **context: Any
) -> HttpResponse:
    return render(
        request,
        f"catalog/public/{template}",
        {"agency": agency, "tabs": TABS, "tab": tab, **context},
    )


def _web_url(value: str) -> str:
    """A stored address as a link target only when it is plainly http(s); anything else is shown
    as text, never as a link (no javascript: or data: targets)."""
    return value if value.lower().startswith(("http://", "https://")) else ""


def _search_text(request: HttpRequest) -> str:
    return request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]


# --- home and agency pages ----------------------------------------------------------------------


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    regions = list(queries.region_tree())
    selected: Region | None = None
    code = request.GET.get("region", "").strip()
    if code:
        selected = next((r for r in regions if r.code == code), None)
    tree = [r for r in regions if r.level != RegionLevel.TOWNSHIP]
    agencies = queries.public_agencies_in(selected).order_by("region__path", "name")
    return render(
        request,
        "catalog/public/home.html",
        {
            "tree": [(region, region.path.count("/") - 2) for region in tree],
            "selected": selected,
            "unknown_region": bool(code) and selected is None,
            "page": _paginate(request, agencies),
        },
    )


@require_GET
def agency(request: HttpRequest, pk: int) -> HttpResponse:
    subject = queries.public_agency(pk)
    entrusted = queries.public_agencies().filter(entrusted_by=subject).order_by("name")
    return _agency_page(
        request, subject, "agency", "agency.html", entrusted=entrusted, website_url=_web_url(subject.website)
    )


@require_GET
def officers(request: HttpRequest, pk: int) -> HttpResponse:
    subject = queries.public_agency(pk)
    page = _paginate(request, queries.public_officers(subject))
    return _agency_page(
        request, subject, "officers", "officers.html", page=page, rows=_officer_rows(list(page))
    )


@require_GET
def items(request: HttpRequest, pk: int) -> HttpResponse:
    subject = queries.public_agency(pk)
    page = _paginate(request, queries.public_items(subject).order_by("code"))
    return _agency_page(request, subject, "items", "items.html", page=page)


@require_GET
def item(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    subject = queries.public_agency(pk)
    entry = get_object_or_404(queries.public_items(subject), pk=item_pk)
    benchmarks = queries.public_benchmarks(subject).filter(item=entry).order_by("code")
    bases = [(basis, _web_url(basis.text_url)) for basis in entry.bases.all()]
    return _agency_page(
        request, subject, "items", "item.html", item=entry, bases=bases, benchmarks=benchmarks
    )


@require_GET
def benchmarks(request: HttpRequest, pk: int) -> HttpResponse:
    subject = queries.public_agency(pk)
    page = _paginate(request, queries.public_benchmarks(subject).select_related("item").order_by("code"))
    return _agency_page(request, subject, "benchmarks", "benchmarks.html", page=page)


@require_GET
def benchmark(request: HttpRequest, pk: int, benchmark_pk: int) -> HttpResponse:
    subject = queries.public_agency(pk)
    entry = get_object_or_404(queries.public_benchmarks(subject).select_related("item"), pk=benchmark_pk)
    # A benchmark may point at an item that has since been retired; link it only while it is listed.
    listed_item = entry.item if entry.item is not None and entry.item.retired_at is None else None
    return _agency_page(
        request, subject, "benchmarks", "benchmark.html", benchmark=entry, listed_item=listed_item
    )


@require_GET
def inspections(request: HttpRequest, pk: int) -> HttpResponse:
    subject = queries.public_agency(pk)
    page = _paginate(request, queries.public_inspection_items(subject).order_by("code"))
    return _agency_page(request, subject, "inspections", "inspections.html", page=page)


@require_GET
def inspection(request: HttpRequest, pk: int, inspection_pk: int) -> HttpResponse:
    subject = queries.public_agency(pk)
    entry = get_object_or_404(queries.public_inspection_items(subject), pk=inspection_pk)
    return _agency_page(request, subject, "inspections", "inspection.html", inspection=entry)


@require_GET
def remedies(request: HttpRequest, pk: int) -> HttpResponse:
    subject = queries.public_agency(pk)
    return _agency_page(request, subject, "remedies", "remedies.html")


@require_GET
def changes(request: HttpRequest, pk: int) -> HttpResponse:
    subject = queries.public_agency(pk)
    page = _paginate(request, queries.public_changes(subject))
    return _agency_page(request, subject, "changes", "changes.html", page=page)


# --- search ---------------------------------------------------------------------------------------


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    text = _search_text(request)
    groups: list[dict[str, Any]] = []
    if text:
        officer_page = _paginate(request, queries.public_search_officers(text), "officers_page")
        groups = [
            {
                "kind": "agencies",
                "label": _("Agencies"),
                "page": _paginate(
                    request, queries.public_search_agencies(text).order_by("name"), "agencies_page"
                ),
            },
            {
                "kind": "officers",
                "label": _("Enforcement officers"),
                "page": officer_page,
                "rows": _officer_rows(list(officer_page)),
            },
            {
                "kind": "items",
                "label": _("Enforcement items"),
                "page": _paginate(request, queries.public_search_items(text), "items_page"),
            },
            {
                "kind": "benchmarks",
                "label": _("Discretion benchmarks"),
                "page": _paginate(request, queries.public_search_benchmarks(text), "benchmarks_page"),
            },
            {
                "kind": "inspections",
                "label": _("Random inspections"),
                "page": _paginate(request, queries.public_search_inspection_items(text), "inspections_page"),
            },
        ]
    total = sum(group["page"].paginator.count for group in groups)
    return render(request, "catalog/public/search.html", {"q": text, "groups": groups, "total": total})


# --- certificate verification -------------------------------------------------------------------


def _within_rate(request: HttpRequest, cert: Certificate | None) -> bool:
    """Count this look-up against the client's address. The limit is the certificate agency's
    policy when the look-up found one, else the default; misses count too, so guessing is slow."""
    scopes = cert.officer.agency.policy_scopes() if cert is not None else []
    limit = policy.value(VERIFY_RATE_PER_MINUTE.key, scopes)
    return ratelimit.hit("catalog.verify", ratelimit.client_ip(request), limit=int(limit), window_seconds=60)


def _too_many(request: HttpRequest) -> HttpResponse:
    response = render(request, "catalog/public/rate_limited.html", status=429)
    response["Retry-After"] = "60"
    return response


def _result_context(cert: Certificate) -> dict[str, Any]:
    checked_at = clock.now()
    status = cert.effective_status(clock.today())
    return {
        "cert": cert,
        "officer": cert.officer,
        "agency": cert.officer.agency,
        "status": status,
        "headline": HEADLINES[status],
        "checked_at": clock.localtime_str(checked_at),
    }


@never_cache
@require_GET
def verify(request: HttpRequest, token: str) -> HttpResponse:
    # A forged token is refused before any query; it still counts against the caller's limit.
    cert = certificate_from_token(token)
    if not _within_rate(request, cert):
        return _too_many(request)
    if cert is None:
        return render(request, "catalog/public/verify_not_found.html", {"token_page": True}, status=404)
    context = _result_context(cert)
    context.update({"token": token, "verification_url": make_verification_url(cert)})
    return render(request, "catalog/public/verify.html", context)


@never_cache
@require_GET
def verify_lookup(request: HttpRequest) -> HttpResponse:
    number = request.GET.get("number", "").strip()[:40]
    if not number:
        return render(request, "catalog/public/verify_lookup.html", {"number": ""})
    cert = queries.certificate_by_number(number)
    if not _within_rate(request, cert):
        return _too_many(request)
    if cert is None:
        return render(
            request, "catalog/public/verify_lookup.html", {"number": number, "not_found": True}, status=404
        )
    # No QR links here: a QR code needs the signed token, which a certificate number does not give.
    return render(request, "catalog/public/verify_lookup.html", {"number": number, **_result_context(cert)})


def _qr_response(body: bytes, content_type: str, extension: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="certificate-qr.{extension}"'
    return response


def _qr_certificate(request: HttpRequest, token: str) -> Certificate | HttpResponse:
    cert = certificate_from_token(token)
    if cert is None:
        return render(request, "catalog/public/verify_not_found.html", {"token_page": True}, status=404)
    return cert


@require_GET
def qr_code_png(request: HttpRequest, token: str) -> HttpResponse:
    cert = _qr_certificate(request, token)
    if isinstance(cert, HttpResponse):
        return cert
    return _qr_response(qr_png(make_verification_url(cert)), "image/png", "png")


@require_GET
def qr_code_svg(request: HttpRequest, token: str) -> HttpResponse:
    cert = _qr_certificate(request, token)
    if isinstance(cert, HttpResponse):
        return cert
    return _qr_response(qr_svg(make_verification_url(cert)), "image/svg+xml", "svg")
