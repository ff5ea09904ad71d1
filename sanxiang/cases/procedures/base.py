"""The vocabulary of procedure tables: a ``Transition`` says from which state an act leads to which,
who may do it, which guards must pass, which records belong to it and which deadlines it starts and
ends. A ``Procedure`` is a list of transitions plus the states it uses. Nothing here touches the
database: the engine interprets the tables, the gates module supplies the guards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

from sanxiang.cases.enums import CaseState, DeadlineMode, ProcedureKind
from sanxiang.core.cleaning import Spec
from sanxiang.core.errors import DomainError, WrongState
from sanxiang.core.roles import Role

if TYPE_CHECKING:
    from sanxiang.cases.models import Case

OFFICERS = frozenset({Role.OFFICER, Role.HEAD})
HEAD = frozenset({Role.HEAD})


@dataclass(frozen=True)
class Refusal:
    """What a guard answers when the act may not happen: the coded error and the rule behind it."""

    code: str
    message: str | Promise
    citation: str | Promise
    error: type[DomainError] = WrongState
    field: str | None = None

    def exception(self) -> DomainError:
        return self.error(self.code, self.message, field=self.field, citation=self.citation)


@dataclass
class Context:
    """Everything a guard, an advisory or an effect may read. ``preview`` is true when the UI asks
    which acts are possible: guards that judge the act's own data then have nothing to judge."""

    case: Case
    procedure: Procedure
    transition: Transition
    actor: Any
    data: dict[str, Any]
    on: dt.date
    at: dt.datetime
    preview: bool = False
    officers: list[Any] = field(default_factory=list)  # catalog Officers performing the act
    certified: list[tuple[Any, str]] = field(default_factory=list)  # (officer, certificate number)
    warnings: list[dict[str, str]] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)


Guard = Callable[[Context], Refusal | None]
Advisory = Callable[[Context], dict[str, str] | None]  # a warning recorded on the act, never a refusal
Effect = Callable[[Context], dict[str, Any]]  # case fields the act sets (in the compare-and-set)


@dataclass(frozen=True)
class DeadlineRule:
    """A period the act starts. ``days`` may be a function of the case (a policy setting)."""

    rule_id: str
    citation: str | Promise
    start_event: str | Promise
    mode: DeadlineMode
    days: int | Callable[[Context], int]
    applies: Callable[[Context], bool] | None = None
    start: Callable[[Context], dt.date] | None = None  # default: the day of the act
    # A party's window (to state, to ask for a hearing) rather than a duty of the agency: never
    # "overdue" on the workbench, and "met" (elapsed) when a later act ends it after its last day.
    party_window: bool = False
    # A clause added to the computed sentence (e.g. the days of extension and of pauses).
    note: Callable[[Context], str] | None = None

    def length(self, ctx: Context) -> int:
        return self.days(ctx) if callable(self.days) else self.days


@dataclass(frozen=True)
class Transition:
    source: CaseState
    act: str
    target: CaseState
    roles: frozenset[str]
    guards: tuple[Guard, ...] = ()
    advisories: tuple[Advisory, ...] = ()
    specs: tuple[Spec, ...] = ()
    records: tuple[str, ...] = ()
    starts: tuple[DeadlineRule, ...] = ()
    ends: tuple[str, ...] = ()  # rule ids the act fulfils (met, or missed when already late)
    stops: tuple[str, ...] = ()  # rule ids the act cancels; "*" for every open one
    effect: Effect | None = None
    choose_officers: bool = False  # the form asks which assigned officers take part
    asks_penalty: str = ""  # "", "optional" or "required": the form asks for a penalty


def fan(
    sources: Sequence[CaseState], act: str, target: CaseState | None, roles: frozenset[str], **kw: Any
) -> list[Transition]:
    """The same act from several states; ``target=None`` keeps the state (an act within a stage)."""
    return [Transition(s, act, target if target is not None else s, roles, **kw) for s in sources]


@dataclass(frozen=True)
class Procedure:
    kind: ProcedureKind
    initial: CaseState
    states: tuple[CaseState, ...]
    final: frozenset[CaseState]
    transitions: tuple[Transition, ...]
    closing_records: tuple[str, ...] = ()  # records every closed case of this procedure has

    def __post_init__(self) -> None:
        seen: set[tuple[str, str]] = set()
        for t in self.transitions:
            key = (t.source, t.act)
            if key in seen:
                raise ValueError(f"{self.kind}: two transitions for {key}")
            if t.source not in self.states or t.target not in self.states:
                raise ValueError(f"{self.kind}: {key} uses a state outside the procedure")
            if t.source in self.final:
                raise ValueError(f"{self.kind}: {key} leaves a final state")
            seen.add(key)

    def find(self, state: str, act: str) -> Transition | None:
        for t in self.transitions:
            if t.source == state and t.act == act:
                return t
        return None

    def acts(self) -> list[str]:
        return list(dict.fromkeys(t.act for t in self.transitions))

    def from_state(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if t.source == state]
