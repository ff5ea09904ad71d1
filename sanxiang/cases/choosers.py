"""The choosers of the case forms: the enforcement item from the agency's current catalog (grouped by
category, narrowed by a server-side search), a grade of that item's discretion benchmarks, and the
officers with their certificate state today and the lead officer (主办人).

The site runs no script (CSP ``script-src 'self'``), so everything works as plain HTML: searching or
changing the item is a "refresh" submit that re-renders the form with every entered value kept and
nothing registered; a small static script only presses that button when the item changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from sanxiang.cases import citations
from sanxiang.catalog import queries as catalog
from sanxiang.catalog.enums import EffectiveStatus, ItemCategory
from sanxiang.catalog.models import Agency, BenchmarkGrade, EnforcementItem
from sanxiang.core.cleaning import Spec
from sanxiang.core.errors import FieldError, Invalid


def entered(data: QueryDict, specs: Sequence[Spec], *, prefix: str = "") -> dict[str, Any]:
    """What the user typed, unchanged (as ``manage_common.posted``), from the POST or, for a link
    such as ``?item_q=``, from the query string. An absent box means "no"."""
    values: dict[str, Any] = {}
    for spec in specs:
        name = f"{prefix}{spec.name}"
        values[spec.name] = name in data if spec.kind == "bool" else data.get(name, "")
    return values


def _not_valid_reason(status: EffectiveStatus | None) -> str:
    """Why an officer cannot be chosen, from the state of their latest certificate."""
    reasons = {
        EffectiveStatus.REVOKED: _("Enforcement certificate revoked"),
        EffectiveStatus.EXPIRED: _("Enforcement certificate expired"),
        EffectiveStatus.SUSPENDED: _("Enforcement certificate suspended"),
        EffectiveStatus.NOT_YET_VALID: _("Enforcement certificate not yet valid"),
    }
    return reasons[status] if status in reasons else _("No enforcement certificate")


@dataclass
class OfficerRow:
    pk: int
    name: str
    certificate: str  # the number of the certificate valid today; "" when none is
    reason: str  # why the officer cannot be chosen; "" when they can
    checked: bool = False
    lead: bool = False

    @property
    def valid(self) -> bool:
        return not self.reason


@dataclass
class Choosers:
    item_q: str = ""
    item_value: str = ""
    item_groups: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    item_matches: int = 0
    item_errors: list[str] = field(default_factory=list)
    grade_value: str = ""
    grade_choices: list[tuple[str, str]] = field(default_factory=list)
    grade_errors: list[str] = field(default_factory=list)
    item_has_grades: bool = False
    officers: list[OfficerRow] = field(default_factory=list)
    officer_errors: list[str] = field(default_factory=list)
    lead_errors: list[str] = field(default_factory=list)


def item_label(item: EnforcementItem) -> str:
    return f"{item.code} {item.name}"


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"


def grade_label(grade: BenchmarkGrade) -> str:
    """The grade's name and fine range, e.g. "一般 · 罚款 50,000–100,000 元"; never an id."""
    parts = [str(grade.get_grade_display())]
    low, high = grade.fine_min, grade.fine_max
    if low is not None and high is not None:
        parts.append(_("fine %(low)s–%(high)s yuan") % {"low": _yuan(low), "high": _yuan(high)})
    elif low is not None:
        parts.append(_("fine from %(low)s yuan") % {"low": _yuan(low)})
    elif high is not None:
        parts.append(_("fine up to %(high)s yuan") % {"high": _yuan(high)})
    elif grade.penalty:
        parts.append(grade.penalty[:40])
    return f"{grade.benchmark.violation}：" + " · ".join(parts)


def _int(raw: Any) -> int | None:
    try:
        return int(str(raw))
    except (TypeError, ValueError):
        return None


def chosen_item(agency: Agency, value: Any) -> EnforcementItem | None:
    pk = _int(value)
    return None if pk is None else catalog.current_items(agency).filter(pk=pk).first()


def grade_choices(item: EnforcementItem | None) -> list[tuple[str, str]]:
    if item is None:
        return []
    return [(str(g.pk), grade_label(g)) for g in catalog.current_grades(item)]


def officer_rows(
    agency: Agency, on: dt.date, chosen: Sequence[Any] = (), lead: Any = None
) -> list[OfficerRow]:
    """Every serving officer of the agency; those without a certificate valid on ``on`` carry the
    reason they cannot be chosen (处罚法 Art. 42)."""
    chosen_ids = {str(c) for c in chosen}
    rows = []
    for officer in catalog.current_officers_with_certificates(agency):
        certificates = list(officer.certificates.all())  # newest first
        valid = next((c for c in certificates if c.effective_status(on) == EffectiveStatus.VALID), None)
        status = certificates[0].effective_status(on) if certificates else None
        rows.append(
            OfficerRow(
                pk=officer.pk,
                name=officer.name,
                certificate=valid.number if valid else "",
                reason="" if valid else _not_valid_reason(status),
                checked=str(officer.pk) in chosen_ids,
                lead=str(officer.pk) == str(lead or ""),
            )
        )
    return rows


def default_lead(user: Any, rows: Sequence[OfficerRow]) -> str:
    """The registering officer leads when they hold a valid certificate; otherwise no default."""
    own = getattr(user, "officer_id", None)
    return str(own) if own and any(r.pk == own and r.valid for r in rows) else ""


def build(
    *,
    agency: Agency,
    on: dt.date,
    item_q: str,
    item_value: Any,
    grade_value: Any,
    officer_ids: Sequence[Any],
    lead: Any,
    errors: Mapping[str, list[str]],
) -> Choosers:
    """The choosers as entered. A search that finds exactly one item chooses it when none is; a
    grade that is not one of the chosen item's is dropped (the item changed)."""
    items = list(catalog.current_items(agency, item_q))
    item = chosen_item(agency, item_value)
    if item is None and item_q.strip() and len(items) == 1:
        item = items[0]
    shown = items if item is None or item in items else [item, *items]
    labels = dict(ItemCategory.choices)
    groups: dict[str, list[tuple[str, str]]] = {}
    for entry in shown:
        groups.setdefault(str(labels.get(entry.category, entry.category)), []).append(
            (str(entry.pk), item_label(entry))
        )
    grades = grade_choices(item)
    grade = str(grade_value or "")
    if grade not in {value for value, _label in grades}:
        grade = ""
    return Choosers(
        item_q=item_q,
        item_value=str(item.pk) if item else "",
        item_groups=list(groups.items()),
        item_matches=len(items),
        item_errors=list(errors.get("enforcement_item", [])),
        grade_value=grade,
        grade_choices=grades,
        grade_errors=list(errors.get("benchmark_grade", [])),
        item_has_grades=bool(grades),
        officers=officer_rows(agency, on, officer_ids, lead),
        officer_errors=list(errors.get("officers", [])),
        lead_errors=list(errors.get("lead", [])),
    )


def checked_choices(
    *, agency: Agency, on: dt.date, item_value: Any, grade_value: Any, officer_ids: Sequence[Any], lead: Any
) -> list[str]:
    """Refuse what the lists would not have offered, before the case is registered: a retired or
    foreign item, a grade of another item, an officer without a certificate valid today
    (处罚法 Art. 42), a lead officer who is not among the chosen. Returns the officer ids with the
    lead first: the case's lead (``CaseOfficer.lead``) is the first officer assigned."""
    problems: list[FieldError] = []
    item = chosen_item(agency, item_value)
    if item_value not in (None, "") and item is None:
        problems.append(
            FieldError(
                "enforcement_item",
                "choice_invalid",
                _("Choose %(label)s from the list.") % {"label": _("the enforcement item")},
            )
        )
    offered = {value for value, _label in grade_choices(item)}
    if grade_value not in (None, "") and item is not None and str(grade_value) not in offered:
        problems.append(
            FieldError(
                "benchmark_grade",
                "grade_not_of_item",
                _("Choose a grade of the chosen enforcement item's discretion benchmark."),
            )
        )
    ids = [str(i) for i in dict.fromkeys(officer_ids)]
    rows = {str(r.pk): r for r in officer_rows(agency, on)}
    for pk in ids:
        row = rows.get(pk)
        if row is not None and not row.valid:
            problems.append(
                FieldError(
                    "officers",
                    "officer_not_certified",
                    _(
                        "%(name)s cannot handle the case: %(reason)s. Only officers holding an "
                        "enforcement certificate valid on %(day)s may enforce (%(law)s)."
                    )
                    % {
                        "name": row.name,
                        "reason": row.reason,
                        "day": on.isoformat(),
                        "law": citations.ART_42_55,
                    },
                )
            )
    lead_id = str(lead or "")
    if lead_id and lead_id not in ids:
        problems.append(
            FieldError("lead", "lead_not_chosen", _("The lead officer must be one of the officers chosen."))
        )
    if problems:
        raise Invalid.many(problems)
    if lead_id:
        ids = [lead_id, *(i for i in ids if i != lead_id)]
    return ids
