"""What the platform's data says an agency did in a year (Asia/Shanghai calendar year), counted
with one aggregate query over the acts of its cases:

- penalty: decisions imposing a penalty, ``decide`` (general procedure) and ``decide_on_the_spot``
  (simple procedure). A decision not to punish is its own act, ``decide_no_penalty``, and is not
  counted; the engine refuses a ``decide`` without a kind of penalty (``asks_penalty="required"``);
- coercion: the coercive measures taken, ``seal_or_seize`` (查封、扣押, 行政强制法 Art. 9). 先行登记保存
  (处罚法 Art. 56) preserves evidence and is no coercive measure; approvals, extensions and releases
  are not new measures;
- inspection: ``record_result`` of inspection cases, one per inspection carried out;
- licensing: ``decide_licence`` of the licence procedure (grants and refusals: both are decisions on
  an application, 行政许可法 Art. 38; the grants are in the breakdown), counted by the act's name.

Levy and requisition have no case data on the platform: the agency enters them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, Sum

from sanxiang.cases.models import Act
from sanxiang.catalog.enums import ItemCategory
from sanxiang.catalog.models import Agency

SHANGHAI = ZoneInfo("Asia/Shanghai")

PENALTY_ACTS = ("decide", "decide_on_the_spot")
COERCION_ACTS = ("seal_or_seize",)
INSPECTION_ACT = "record_result"
LICENCE_ACT = "decide_licence"

# The categories the platform counts; every other category of the report is entered.
COUNTED = {
    ItemCategory.LICENSING: Q(act=LICENCE_ACT, case__procedure="licence"),
    ItemCategory.PENALTY: Q(act__in=PENALTY_ACTS),
    ItemCategory.COERCION: Q(act__in=COERCION_ACTS),
    ItemCategory.INSPECTION: Q(act=INSPECTION_ACT, case__procedure="inspection"),
}


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """1 January 00:00 to the next 1 January 00:00, Beijing time."""
    return dt.datetime(year, 1, 1, tzinfo=SHANGHAI), dt.datetime(year + 1, 1, 1, tzinfo=SHANGHAI)


def count_year(agency: Agency, year: int) -> dict[str, Any]:
    """``{category: count}`` for the counted categories, plus ``breakdown``: simple and general
    penalties, licences granted and the total of the fines decided (a string, exact)."""
    start, end = year_bounds(year)
    acts = Act.objects.filter(case__agency=agency, occurred_at__gte=start, occurred_at__lt=end)
    totals = acts.aggregate(
        **{str(category): Count("pk", filter=condition) for category, condition in COUNTED.items()},
        penalty_simple=Count("pk", filter=Q(act="decide_on_the_spot")),
        penalty_general=Count("pk", filter=Q(act="decide")),
        licences_granted=Count("pk", filter=COUNTED[ItemCategory.LICENSING] & Q(data__outcome="granted")),
        fines=Sum("case__decided_fine", filter=Q(act__in=PENALTY_ACTS)),
    )
    fines = totals.pop("fines") or Decimal("0")
    breakdown = {
        "penalty_simple": totals.pop("penalty_simple"),
        "penalty_general": totals.pop("penalty_general"),
        "licences_granted": totals.pop("licences_granted"),
        "fines_total": str(Decimal(fines).quantize(Decimal("0.01"))),
    }
    return {**totals, "breakdown": breakdown}


def powers(agency: Agency) -> set[str]:
    """The categories of the agency's active enforcement items (执法事项清单): the powers it has."""
    return set(agency.items.filter(retired_at__isnull=True).values_list("category", flat=True).distinct())
