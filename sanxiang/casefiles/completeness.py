"""Is a case's file complete enough to seal? The case is in a final state of its procedure and every
record its acts and its closing require is present — as a record noted on an act, or as something
another app counts (an issued document of that kind, through ``cases.hooks``): the same names and the
same sources the engine's closing guard (``cases.gates.records_complete``) uses."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sanxiang.cases import hooks
from sanxiang.cases.models import ActRecord, Case
from sanxiang.cases.procedures.engine import procedure_of
from sanxiang.cases.records import record_label


@dataclass(frozen=True)
class Missing:
    name: str
    label: str | Promise


def required_records(case: Case) -> list[str]:
    """The closing records of the procedure and the records of every act done on the case."""
    procedure = procedure_of(case)
    names: list[str] = list(procedure.closing_records)
    for act, from_state in case.acts.values_list("act", "from_state"):
        done = procedure.find(from_state, act)
        if done is not None:
            names.extend(done.records)
    return list(dict.fromkeys(names))


def missing_records(case: Case) -> list[Missing]:
    present = set(ActRecord.objects.filter(case=case).values_list("name", flat=True))
    present |= hooks.records_from_other_apps(case)
    return [Missing(name, record_label(name)) for name in required_records(case) if name not in present]


def is_final(case: Case) -> bool:
    return case.state in procedure_of(case).final


NOT_FINAL = _(
    "Only a case in a final state of its procedure (closed, or not filed) can be sealed and archived."
)
NOT_ARCHIVED = _("The case file has not been sealed and archived yet.")
