"""The agency's published lists: enforcement items (执法事项清单), discretion benchmarks (裁量基准,
处罚法 Art. 34) and random-inspection items (随机抽查事项清单). Entries are retired, never deleted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from sanxiang.catalog.actions._common import (
    changed_fields,
    clean_reason,
    labels,
    record_change,
    require,
    save_with_history,
)
from sanxiang.catalog.enums import ChangeKind, ItemCategory, SeverityGrade
from sanxiang.catalog.models import (
    Agency,
    BenchmarkGrade,
    DiscretionBenchmark,
    EnforcementItem,
    LegalBasis,
    RandomInspectionItem,
)
from sanxiang.catalog.permissions import can_edit_agency_lists
from sanxiang.core import clock
from sanxiang.core.cleaning import Spec, choices_from, clean
from sanxiang.core.errors import FieldError, Invalid, WrongState

ITEM_SPECS = [
    Spec("code", _("Item code"), max_length=50),
    Spec("name", _("Item name"), max_length=200),
    Spec("category", _("Category"), kind="choice", choices=choices_from(ItemCategory)),
    Spec("basis_text", _("Legal basis (articles)"), kind="multiline", max_length=5000),
    Spec("responsible_unit", _("Responsible unit"), max_length=100, required=False),
    Spec("procedure", _("Procedure"), kind="multiline", max_length=5000, required=False),
    Spec("time_limit", _("Time limit"), max_length=200, required=False),
    Spec("remedies", _("Remedies"), kind="multiline", max_length=2000, required=False),
    Spec("accepting_body", _("Accepting body"), max_length=100, required=False),
    Spec("approving_body", _("Approving body"), max_length=100, required=False),
    Spec("conditions", _("Acceptance conditions"), kind="multiline", max_length=5000, required=False),
    Spec("materials", _("Application materials"), kind="multiline", max_length=5000, required=False),
    Spec("fees", _("Fees"), max_length=200, required=False),
    Spec("consultation", _("Consultation and complaints"), max_length=200, required=False),
    Spec("office_info", _("Office hours, address and telephone"), max_length=300, required=False),
]

BENCHMARK_SPECS = [
    Spec("code", _("Benchmark code"), max_length=50),
    Spec("violation", _("Violation"), max_length=300),
    Spec("violated_provision", _("Provision violated"), kind="multiline", max_length=3000),
    Spec("penalty_provision", _("Penalty provision"), kind="multiline", max_length=3000),
]

GRADE_SPECS = [
    Spec("grade", _("Grade"), kind="choice", choices=choices_from(SeverityGrade)),
    Spec("circumstances", _("Circumstances"), kind="multiline", max_length=3000),
    Spec("penalty", _("Penalty"), kind="multiline", max_length=2000),
    Spec("fine_min", _("Minimum fine (yuan)"), kind="decimal", required=False),
    Spec("fine_max", _("Maximum fine (yuan)"), kind="decimal", required=False),
    Spec("warning", _("Warning"), kind="bool", required=False),
    Spec("confiscation", _("Confiscation of unlawful gains"), kind="bool", required=False),
]

INSPECTION_SPECS = [
    Spec("code", _("Item code"), max_length=50),
    Spec("name", _("Inspection item"), max_length=200),
    Spec("basis", _("Inspection basis"), kind="multiline", max_length=5000),
    Spec("inspecting_body", _("Inspecting body"), max_length=100),
    Spec("object_type", _("Inspected objects"), max_length=200),
    Spec("content", _("Inspection content"), kind="multiline", max_length=5000),
    Spec("method", _("Inspection method"), max_length=200),
    Spec("ratio", _("Sampling ratio"), max_length=50, required=False),
    Spec("frequency", _("Frequency"), max_length=50, required=False),
]

M = TypeVar("M", bound=models.Model)


def _save_listed(
    model: type[M],
    *,
    actor: Any,
    agency: Agency,
    existing: M | None,
    data: dict[str, Any],
    specs: Sequence[Spec],
    reason: str,
    extra_changed: bool = False,
) -> tuple[M, bool]:
    """Create or update one list entry of ``agency``; returns (row, whether anything changed)."""
    if actor is not None:
        require(can_edit_agency_lists(actor, agency))
    cleaned = clean(data, specs, partial=existing is not None)
    reason = clean_reason(reason)
    if existing is None:
        row = model(agency=agency, created_at=clock.now(), **cleaned)
        kind, changed = ChangeKind.CREATED, ["code"]
    else:
        if existing.agency_id != agency.pk:  # type: ignore[attr-defined]
            raise Invalid("wrong_agency", _("This entry belongs to another agency."), field="agency")
        row = model._default_manager.select_for_update().get(pk=existing.pk)
        if row.retired_at is not None:  # type: ignore[attr-defined]
            raise WrongState("retired", _("A retired entry cannot be changed."))
        kind, changed = ChangeKind.CHANGED, changed_fields(row, cleaned)
        if not changed and not extra_changed:
            return row, False
    try:
        with transaction.atomic():
            save_with_history(row, actor=actor, reason=reason)
    except IntegrityError:
        raise Invalid(
            "code_taken", _("Another entry of this agency already uses this code."), field="code"
        ) from None
    summary = (
        str(row)
        if kind == ChangeKind.CREATED
        else str(
            _("%(entry)s — changed: %(fields)s")
            % {"entry": row, "fields": labels(model, changed) if changed else "—"}
        )
    )
    record_change(agency=agency, subject=row, kind=kind, summary=summary, reason=reason, actor=actor)
    return row, True


def _retire(model: type[M], *, actor: Any, row: M, reason: str) -> M:
    row = model._default_manager.select_for_update(of=("self",)).select_related("agency").get(pk=row.pk)
    agency: Agency = row.agency  # type: ignore[attr-defined]
    require(can_edit_agency_lists(actor, agency))
    reason = clean_reason(reason)
    if row.retired_at is not None:  # type: ignore[attr-defined]
        raise WrongState("retired", _("This entry has already been retired."))
    row.retired_at = clock.now()  # type: ignore[attr-defined]
    save_with_history(row, actor=actor, reason=reason)
    record_change(
        agency=agency, subject=row, kind=ChangeKind.REMOVED, summary=str(row), reason=reason, actor=actor
    )
    return row


@transaction.atomic
def save_item(
    *,
    actor: Any,
    agency: Agency,
    data: dict[str, Any],
    reason: str,
    item: EnforcementItem | None = None,
    bases: Sequence[LegalBasis] | None = None,
) -> EnforcementItem:
    row, _changed = _save_listed(
        EnforcementItem,
        actor=actor,
        agency=agency,
        existing=item,
        data=data,
        specs=ITEM_SPECS,
        reason=reason,
        extra_changed=bases is not None,
    )
    if bases is not None:
        row.bases.set(bases)
    return row


@transaction.atomic
def retire_item(*, actor: Any, item: EnforcementItem, reason: str) -> EnforcementItem:
    return _retire(EnforcementItem, actor=actor, row=item, reason=reason)


def _clean_grades(grades: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    errors: list[FieldError] = []
    cleaned_grades = []
    seen: set[str] = set()
    for index, grade in enumerate(grades):
        try:
            cleaned = clean(grade, GRADE_SPECS)
        except Invalid as exc:
            errors.extend(FieldError(f"grades[{index}].{e.field}", e.code, e.message) for e in exc.errors)
            continue
        if cleaned["grade"] in seen:
            errors.append(
                FieldError(
                    f"grades[{index}].grade", "grade_repeated", _("Each severity grade may appear only once.")
                )
            )
        seen.add(cleaned["grade"])
        low, high = cleaned["fine_min"], cleaned["fine_max"]
        if low is not None and high is not None and high < low:
            errors.append(
                FieldError(
                    f"grades[{index}].fine_max",
                    "fine_range_reversed",
                    _("The maximum fine must not be below the minimum fine."),
                )
            )
        cleaned["position"] = index
        cleaned_grades.append(cleaned)
    if not grades:
        errors.append(
            FieldError("grades", "grades_required", _("A benchmark needs at least one severity grade."))
        )
    if errors:
        raise Invalid.many(errors)
    return cleaned_grades


@transaction.atomic
def save_benchmark(
    *,
    actor: Any,
    agency: Agency,
    data: dict[str, Any],
    grades: Sequence[dict[str, Any]] | None,
    reason: str,
    benchmark: DiscretionBenchmark | None = None,
    item: EnforcementItem | None = None,
) -> DiscretionBenchmark:
    """Create or update a benchmark. ``grades``, when given, replaces all grades of the benchmark
    (old grade rows keep their history snapshots)."""
    cleaned_grades = _clean_grades(grades) if grades is not None else None
    if item is not None and item.agency_id != agency.pk:
        raise Invalid("wrong_agency", _("The enforcement item belongs to another agency."), field="item")
    row, _changed = _save_listed(
        DiscretionBenchmark,
        actor=actor,
        agency=agency,
        existing=benchmark,
        data=data,
        specs=BENCHMARK_SPECS,
        reason=reason,
        extra_changed=cleaned_grades is not None,
    )
    if item is not None and row.item_id != item.pk:
        row.item = item
        save_with_history(row, actor=actor, reason=reason)
    if cleaned_grades is not None:
        existing = {g.grade: g for g in row.grades.all()}
        keep = set()
        for values in cleaned_grades:
            grade = existing.get(values["grade"]) or BenchmarkGrade(benchmark=row)
            for name, value in values.items():
                setattr(grade, name, value)
            save_with_history(grade, actor=actor, reason=reason)
            keep.add(grade.pk)
        for grade in existing.values():
            if grade.pk not in keep:
                grade._change_reason = reason  # type: ignore[attr-defined]
                grade.delete()
    return row


@transaction.atomic
def retire_benchmark(*, actor: Any, benchmark: DiscretionBenchmark, reason: str) -> DiscretionBenchmark:
    return _retire(DiscretionBenchmark, actor=actor, row=benchmark, reason=reason)


@transaction.atomic
def save_inspection_item(
    *,
    actor: Any,
    agency: Agency,
    data: dict[str, Any],
    reason: str,
    inspection_item: RandomInspectionItem | None = None,
) -> RandomInspectionItem:
    row, _changed = _save_listed(
        RandomInspectionItem,
        actor=actor,
        agency=agency,
        existing=inspection_item,
        data=data,
        specs=INSPECTION_SPECS,
        reason=reason,
    )
    return row


@transaction.atomic
def retire_inspection_item(
    *, actor: Any, inspection_item: RandomInspectionItem, reason: str
) -> RandomInspectionItem:
    return _retire(RandomInspectionItem, actor=actor, row=inspection_item, reason=reason)
