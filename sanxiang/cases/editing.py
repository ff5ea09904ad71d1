"""Correcting a case's findings before the decision: the violation facts, the legal basis, the
discretion benchmark grade and the date of the violation. Every change is one record log entry with
each field's value before and after and the reason; after the decision the findings are those of the
decision document (处罚法 Art. 59) and are no longer edited here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sanxiang.cases import citations
from sanxiang.cases.actions import _log, _lookup, _open_for_work
from sanxiang.cases.models import Case
from sanxiang.catalog.models import BenchmarkGrade
from sanxiang.core import clock
from sanxiang.core.cleaning import Spec, clean
from sanxiang.core.errors import Conflict, Invalid, WrongState

EDIT_SPECS = (
    Spec("facts", _("Violation facts"), kind="multiline", max_length=5000, required=False),
    Spec("legal_basis", _("Legal basis"), kind="multiline", max_length=2000, required=False),
    Spec("violation_on", _("Date of the violation (or its end)"), kind="date", required=False),
    Spec(
        "benchmark_grade",
        _("Discretion benchmark grade"),
        kind="custom",
        required=False,
        parser=lambda raw: raw,
    ),
)
REASON = Spec("reason", _("Reason for the correction"), kind="multiline", max_length=500)
FIELDS = tuple(spec.name for spec in EDIT_SPECS)


def editable(case: Case) -> bool:
    return case.decided_on is None and case.closed_at is None


def _value(case: Case, name: str) -> Any:
    return case.benchmark_grade_id if name == "benchmark_grade" else getattr(case, name)


@transaction.atomic
def edit_case(*, actor: Any, case: Case, data: Mapping[str, Any], version: int | None = None) -> Case:
    """Change the fields present in ``data`` (absent ones stay). ``version`` is the version the
    editor read; a case changed since is a 409 and nothing is written."""
    _open_for_work(actor, case)
    if not editable(case):
        raise WrongState(
            "case_decided",
            _("The case is decided: its facts and legal basis are those of the decision document."),
            field="facts",
            citation=citations.ART_59,
        )
    reason = clean(data, (REASON,))["reason"]
    cleaned = clean(data, EDIT_SPECS, partial=True)
    if "benchmark_grade" in cleaned:
        grade = _lookup(
            BenchmarkGrade,
            cleaned["benchmark_grade"],
            "benchmark_grade",
            _("the benchmark grade"),
            benchmark__agency=case.agency,
        )
        cleaned["benchmark_grade"] = grade.pk if grade is not None else None
    # The row is locked while the values before are read and the new ones written, so two
    # corrections at once are applied one after the other and each logs what it replaced. The
    # version counts the procedure's acts (engine.transition) and is compared, not changed: a
    # correction does not make an officer's pending act stale.
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if version is not None and locked.version != version:
        raise Conflict(
            "case_changed",
            _("The case has changed since you read it (version %(sent)d, now %(now)d); reload it.")
            % {"sent": version, "now": locked.version},
            field="version",
        )
    changes = {
        name: {"before": _value(locked, name), "after": value}
        for name, value in cleaned.items()
        if _value(locked, name) != value
    }
    if not changes:
        raise Invalid("nothing_changed", _("Nothing was changed."), field="facts")
    updates = {
        ("benchmark_grade_id" if n == "benchmark_grade" else n): c["after"] for n, c in changes.items()
    }
    Case.objects.filter(pk=case.pk).update(**updates)
    _log(
        case,
        "case.edited",
        actor,
        {"changes": changes, "reason": reason, "version": locked.version},
        clock.now(),
    )
    case.refresh_from_db()
    return case
