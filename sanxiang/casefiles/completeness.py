"""Is a case's file complete enough to seal? The case is in a final state of its procedure and every
record its acts and its closing require is present — as a record noted on an act, or as something
another app counts (an issued document of that kind, through ``cases.hooks``): the same names and the
same sources the engine's closing guard (``cases.gates.records_complete``) uses — and every act the
local audio-video list makes mandatory has its recording or an approved exemption."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sanxiang.cases import hooks
from sanxiang.cases.models import ActRecord, Case
from sanxiang.cases.procedures.engine import procedure_of
from sanxiang.cases.records import record_label
from sanxiang.evidence import av
from sanxiang.evidence.enums import AVRequirement


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


def missing_av(case: Case) -> list[Missing]:
    """Acts done on the case that the local 音像记录事项清单 makes mandatory, with neither an
    audio-video record nor an approved written exemption (the act's guard checked it when it was
    done; the list may have changed since, and the file is judged as it is sealed)."""
    return [
        Missing(f"av:{row['step']}", _("Audio-video record of %(act)s") % {"act": row["label"]})
        for row in av.av_status(case, None)
        if row["level"] == AVRequirement.MANDATORY and not row["recorded"] and not row["exempted"]
    ]


def missing_items(case: Case) -> list[Missing]:
    return missing_records(case) + missing_av(case)


def is_final(case: Case) -> bool:
    return case.state in procedure_of(case).final


NOT_FINAL = _(
    "Only a case in a final state of its procedure (closed, or not filed) can be sealed and archived."
)
NOT_ARCHIVED = _("The case file has not been sealed and archived yet.")
