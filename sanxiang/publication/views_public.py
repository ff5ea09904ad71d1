"""The public portal of published decisions (事后公开): search, detail with a QR code and the proof
in the record log, the takedown log, corrections, the Atom feed and the CSV export. Only published
items and only their published fields are read (``queries.public_items``); the templates escape
every value, so script in a party name shows as text."""

from __future__ import annotations

import csv
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sanxiang.catalog.models import Agency
from sanxiang.catalog.verification import qr_svg
from sanxiang.core import policy, ratelimit
from sanxiang.core.errors import DomainError
from sanxiang.publication import corrections, queries, removal
from sanxiang.publication.models import DecisionKind, Record
from sanxiang.publication.policies import CORRECTION_CLIENT_PER_HOUR

PER_PAGE = 20
MAX_PAGE = 500


def _published(pk: int) -> Record:
    record = queries.public_items().filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


@require_GET
def portal_view(request: HttpRequest) -> HttpResponse:
    terms = queries.parse_search(request.GET)
    number = min(queries.whole_number(request.GET.get("page", "1"), 4) or 1, MAX_PAGE)
    rows = queries.search(terms)
    found = list(rows[(number - 1) * PER_PAGE : number * PER_PAGE + 1])
    if (found and len(found) <= PER_PAGE) or (number == 1 and not found):
        # The last page: the pages before it were full, so the count is known without a query.
        counted = (number - 1) * PER_PAGE + len(found)
        total, more = min(counted, queries.COUNT_CAP), counted > queries.COUNT_CAP
    else:
        total, more = queries.capped_count(rows)
    context = {
        "terms": terms,
        "query": _query_string(terms),
        "kinds": DecisionKind.choices,
        "items": [(record, queries.public_summary(record)) for record in found[:PER_PAGE]],
        "next_page": number + 1 if len(found) > PER_PAGE else None,
        "total": total,
        "more": more,
        "agencies": Agency.objects.order_by("name").only("pk", "name")[:500],
    }
    return render(request, "publication/portal.html", context)


def _query_string(terms: queries.Search) -> str:
    """The search as a query string, so that the next page and the CSV keep every filter."""
    params = {
        "q": terms.q,
        "agency": terms.agency or "",
        "kind": terms.kind,
        "from": terms.start.isoformat() if terms.start else "",
        "to": terms.end.isoformat() if terms.end else "",
    }
    return urlencode({name: value for name, value in params.items() if value})


@require_GET
def item_view(request: HttpRequest, pk: int) -> HttpResponse:
    record = _published(pk)
    context = {
        "record": record,
        "public": queries.public_summary(record),
        "versions": record.versions.order_by("number"),
        # Open requests are not answered yet; abuse requests (spam, insults) are not shown to all.
        "corrections": record.corrections.exclude(state__in=["open", "abuse"]).order_by("created_at"),
        "url": request.build_absolute_uri(reverse("publication:item", args=[record.pk])),
    }
    return render(request, "publication/item.html", context)


@require_GET
def item_text_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The published text as recorded: its SHA-256 is the one in the record log."""
    record = _published(pk)
    response = HttpResponse(record.published_text.encode("utf-8"), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="publication-{record.pk}.txt"'
    return response


@require_GET
def item_qr_view(request: HttpRequest, pk: int) -> HttpResponse:
    record = _published(pk)
    url = request.build_absolute_uri(reverse("publication:item", args=[record.pk]))
    return HttpResponse(qr_svg(url), content_type="image/svg+xml")


def _client_check(request: HttpRequest, record: Record) -> corrections.ClientCheck:
    """Counted only when a new request is about to be accepted: a resend of the same request,
    or one refused for another reason, does not use up the address's allowance."""

    def check() -> ratelimit.RateLimited | None:
        limit = int(policy.value(CORRECTION_CLIENT_PER_HOUR.key, record.agency.policy_scopes()))
        client = ratelimit.client_ip(request)
        if ratelimit.hit("publication.correction", client, limit=limit, window_seconds=3600):
            return None
        return ratelimit.RateLimited(
            "correction_client_limit",
            _(
                "Too many correction requests from your address: at most %(limit)s per hour. Please "
                "try again later."
            )
            % {"limit": limit},
        )

    return check


@require_http_methods(["GET", "POST"])
def correction_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    record = _published(pk)
    error: DomainError | None = None
    values = {spec.name: request.POST.get(spec.name, "") for spec in corrections.CORRECTION_SPECS}
    if request.method == "POST":
        try:
            correction = corrections.request_correction(
                record=record, data=values, client_check=_client_check(request, record)
            )
        except DomainError as exc:
            error = exc
        else:
            return render(request, "publication/correction_received.html", {"correction": correction})
    context = {"record": record, "values": values, "error": error}
    response = render(
        request, "publication/correction_form.html", context, status=error.status if error else 200
    )
    if isinstance(error, ratelimit.RateLimited):
        response["Retry-After"] = "3600"
    return response


@require_GET
def correction_status_view(request: HttpRequest) -> HttpResponse:
    number = str(request.GET.get("n", "")).strip()[:24]
    correction = queries.correction_by_number(number) if number else None
    return render(request, "publication/correction_status.html", {"number": number, "correction": correction})


@require_GET
def takedowns_view(request: HttpRequest) -> HttpResponse:
    page = Paginator(removal.takedown_log(), 50).get_page(request.GET.get("page", "1")[:4])
    return render(request, "publication/takedowns.html", {"page": page})


@require_GET
def feed_view(request: HttpRequest) -> HttpResponse:
    feed = Atom1Feed(
        title=_("Published enforcement decisions"),
        link=request.build_absolute_uri(reverse("publication:portal")),
        description=_("Decisions published after enforcement"),
        language="zh-hans",
    )
    for record in queries.public_items().order_by("-published_at", "-pk")[:50]:
        link = request.build_absolute_uri(reverse("publication:item", args=[record.pk]))
        feed.add_item(
            title=f"{record.document_number} {record.party_name}",
            link=link,
            description=queries.public_summary(record).get("violation", ""),
            pubdate=record.published_at,
            unique_id=link,
        )
    return HttpResponse(feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8")


CSV_FIELDS = (
    "document_number",
    "party",
    "credit_code",
    "violation",
    "basis",
    "penalty",
    "deciding_body",
    "decided_on",
)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _safe_cell(value: Any) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = str(value or "")
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


@require_GET
def csv_view(request: HttpRequest) -> StreamingHttpResponse:
    terms = queries.parse_search(request.GET)
    writer = csv.writer(_Echo())

    def rows() -> Any:
        yield "\ufeff" + writer.writerow(["id", *CSV_FIELDS, "url", "sha256"])
        for record in queries.search(terms).iterator(chunk_size=500):
            summary = {**queries.public_summary(record), "party": record.party_name}
            link = request.build_absolute_uri(reverse("publication:item", args=[record.pk]))
            yield writer.writerow(
                [
                    record.pk,
                    *(_safe_cell(summary.get(f, "")) for f in CSV_FIELDS),
                    link,
                    record.published_digest,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="publication.csv"'
    return response
