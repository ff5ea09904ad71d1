"""Reads of the publication app: the public portal's (only published items, only public fields) and
the staff workbench's (scoped to the agencies the user may see)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from sanxiang.catalog.models import Agency
from sanxiang.catalog.permissions import can_see_agency_internal, is_staff_user, user_region
from sanxiang.core import clock
from sanxiang.core.roles import AGENCY_ROLES, Role
from sanxiang.publication import search as word_index
from sanxiang.publication.models import Correction, CorrectionState, Record, RecordState
from sanxiang.publication.rules import DEADLINE_RULES
from sanxiang.workdays import pending
from sanxiang.workdays.arithmetic import CalendarMissing, working_days_between
from sanxiang.workdays.deadlines import WORKING_DAYS

MAX_QUERY = 50  # characters of a search term; anything longer is cut, never an error
PENDING = (RecordState.DRAFT, RecordState.REDACTION, RecordState.APPROVAL)


# A search's count stops here: an exact count of a frequent term would scan every match (ADR 0014).
COUNT_CAP = 1000


def capped_count(rows: QuerySet[Record]) -> tuple[int, bool]:
    """(count up to COUNT_CAP, whether there are more). No join and no order: any COUNT_CAP + 1
    matches will do, read in the table's order."""
    counted = rows.select_related(None).order_by()[: COUNT_CAP + 1].count()
    return min(counted, COUNT_CAP), counted > COUNT_CAP


def public_items() -> QuerySet[Record]:
    return Record.objects.filter(state=RecordState.PUBLISHED).select_related("agency")


def public_summary(record: Record) -> dict[str, str]:
    """The summary fields as published: only the redacted copy made at approval (and changed by
    corrections). A record published before there was one shows no free-text field (the title, the
    basis, the penalty came unredacted from the case), only its columns."""
    public = record.summary.get("public")
    if isinstance(public, dict):
        return {str(key): str(value) for key, value in public.items()}
    return {
        "document_number": record.document_number,
        "party": record.party_name,
        "credit_code": record.credit_code,
        "deciding_body": record.agency.name,
        "decided_on": record.decided_on.isoformat(),
    }


def whole_number(raw: Any, digits: int) -> int | None:
    """A positive whole number typed in a query string, or None: only ASCII digits count ('²' is
    a digit to ``str.isdigit`` but not to ``int``)."""
    text = str(raw or "").strip()[:digits]
    if not (text.isascii() and text.isdecimal()):
        return None
    return int(text)


def clean_term(raw: Any) -> str:
    """A search term as typed, made safe: control characters dropped, spaces collapsed, cut short."""
    text = "".join(ch for ch in str(raw or "")[: MAX_QUERY * 4] if ch.isprintable())
    return " ".join(text.split())[:MAX_QUERY].lower()


@dataclass(frozen=True)
class Search:
    q: str = ""
    agency: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    kind: str = ""


def parse_search(params: Any) -> Search:
    """Bad dates or agency ids are ignored, not errors: a public search always answers."""

    def date(name: str) -> dt.date | None:
        try:
            return dt.date.fromisoformat(str(params.get(name, ""))[:10])
        except ValueError:
            return None

    kind = str(params.get("kind", ""))[:12]
    return Search(
        q=clean_term(params.get("q", "")),
        agency=whole_number(params.get("agency", ""), 12),
        start=date("from"),
        end=date("to"),
        kind=kind if kind in {"penalty", "licence", "inspection"} else "",
    )


def search(terms: Search) -> QuerySet[Record]:
    """Every word of the query must occur in the party, credit code, document number, agency or
    published text: a substring match (a 2-character Chinese term such as 处罚 works), served on
    PostgreSQL by the bigram index of ``publication.search`` (ADR 0014)."""
    rows = public_items()
    for word in terms.q.split():
        rows = word_index.match(rows, word)
    if terms.agency:
        rows = rows.filter(agency_id=terms.agency)
    if terms.start:
        rows = rows.filter(decided_on__gte=terms.start)
    if terms.end:
        rows = rows.filter(decided_on__lte=terms.end)
    if terms.kind:
        rows = rows.filter(decision_kind=terms.kind)
    return rows.order_by("-decided_on", "-pk")


def visible_records(user: Any) -> QuerySet[Record]:
    """Records of the agencies the user may see internally (deny by default)."""
    if not is_staff_user(user):
        return Record.objects.none()
    rows = Record.objects.select_related("agency", "case")
    if user.role in AGENCY_ROLES:
        return rows.filter(agency_id=user.agency_id)
    region = user_region(user)
    if user.role == Role.ADMIN and region is None:
        return rows
    if region is None:
        return Record.objects.none()
    return rows.filter(agency__region__path__startswith=region.path)


def record_for(user: Any, pk: int) -> Record | None:
    record = visible_records(user).filter(pk=pk).first()
    return record if record is not None and can_see_agency_internal(user, record.agency) else None


def workbench(user: Any) -> QuerySet[Record]:
    return visible_records(user).filter(state__in=PENDING).order_by("due", "pk")


def overdue(user: Any, today: dt.date | None = None) -> QuerySet[Record]:
    return workbench(user).filter(due__lt=today or clock.today())


def days_left(record: Record, today: dt.date | None = None) -> int | None:
    """Working days until the due date (negative once overdue), counted by the official calendar;
    None while the calendar the due date needs is not entered."""
    if record.due is None:
        return None
    try:
        return working_days_between(today or clock.today(), record.due)
    except CalendarMissing:
        return None


@dataclass(frozen=True)
class Rate:
    agency: Agency
    published: int
    on_time: int
    # Past their due date and still not published: late already, so they count against the rate.
    overdue: int = 0

    @property
    def percent(self) -> str:
        total = self.published + self.overdue
        return f"{100 * self.on_time / total:.1f}%" if total else "—"


def _published_on_time(record: Record) -> bool:
    """Published on or before its due date (the same day as the decision is on time). A due date
    left open when the record was made (ADR 0007: its calendar year was missing) is counted now;
    while that year is still missing, an item published on or before the earliest possible due
    date is on time whatever the schedule will say, and only a later one is not yet known to be."""
    if record.due is not None:
        return bool(record.on_time)
    days = next((rule[2] for rule in DEADLINE_RULES if rule[0] == record.due_rule), None)
    if days is None or record.published_at is None:
        return False
    due, _certain = pending.due_or_earliest(record.decided_on, days, WORKING_DAYS)
    return timezone.localdate(record.published_at) <= due


def on_time_rates(user: Any, today: dt.date | None = None) -> list[Rate]:
    """Per agency: of the items published and those overdue but unpublished, how many went out by
    their due date. Leaving the overdue ones out would let an agency raise its rate by not
    publishing at all."""
    rates: dict[int, list[int]] = {}
    agencies: dict[int, Agency] = {}
    for record in (
        visible_records(user).exclude(published_at=None).select_related(None).select_related("agency")
    ):
        counts = rates.setdefault(record.agency_id, [0, 0, 0])
        agencies[record.agency_id] = record.agency
        counts[0] += 1
        counts[1] += int(_published_on_time(record))
    late = (
        visible_records(user)
        .filter(state__in=PENDING, published_at=None, due__lt=today or clock.today())
        .select_related(None)
        .select_related("agency")
    )
    for record in late:
        counts = rates.setdefault(record.agency_id, [0, 0, 0])
        agencies[record.agency_id] = record.agency
        counts[2] += 1
    return [Rate(agencies[pk], *counts) for pk, counts in sorted(rates.items())]


def open_corrections(user: Any) -> QuerySet[Correction]:
    return Correction.objects.filter(
        record__in=visible_records(user).select_related(None).values("pk"), state=CorrectionState.OPEN
    ).order_by("due")


def correction_by_number(number: str) -> Correction | None:
    return Correction.objects.filter(tracking_number=str(number)[:24]).select_related("record").first()
