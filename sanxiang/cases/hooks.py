"""Extension points for the apps layered above ``cases`` (evidence, documents, legal review, case
files). ``cases`` may not import them (import-linter layers), so they register here from their
``AppConfig.ready``; the engine calls what is registered. Each list is process-wide and registration
is idempotent, because ``ready`` may run more than once in tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sanxiang.cases.models import Act, Case
    from sanxiang.cases.procedures.base import Context, Refusal

# Guards every transition passes through after its own table guards. Each decides for itself
# whether the act concerns it (e.g. "an on-site seizure needs an audio-video record").
ExtraGuard = Callable[["Context"], "Refusal | None"]
# Names of records (文书/记录, see ``cases.records``) present on a case outside ``ActRecord``, e.g.
# an issued official document of that kind.
RecordSource = Callable[["Case"], set[str]]
# Called inside the act's transaction after it is recorded (e.g. link evidence to the act).
AfterAct = Callable[["Context", "Act"], None]

# A section of the case page (evidence list, documents, case file): ``(request, case) -> html``,
# already rendered and escaped by the app's own template.
CasePanel = Callable[[Any, "Case"], str]

EXTRA_GUARDS: list[ExtraGuard] = []
CASE_PANELS: list[CasePanel] = []
RECORD_SOURCES: list[RecordSource] = []
AFTER_ACT: list[AfterAct] = []


def _add(registry: list[Any], fn: Any) -> None:
    if fn not in registry:
        registry.append(fn)


def register_guard(fn: ExtraGuard) -> ExtraGuard:
    _add(EXTRA_GUARDS, fn)
    return fn


def register_record_source(fn: RecordSource) -> RecordSource:
    _add(RECORD_SOURCES, fn)
    return fn


def register_after_act(fn: AfterAct) -> AfterAct:
    _add(AFTER_ACT, fn)
    return fn


def register_case_panel(fn: CasePanel) -> CasePanel:
    _add(CASE_PANELS, fn)
    return fn


def records_from_other_apps(case: Case) -> set[str]:
    names: set[str] = set()
    for source in RECORD_SOURCES:
        names |= source(case)
    return names
