"""The one way a case changes state.

``transition(case, act, actor, data)`` looks the act up in the case's procedure table (anything not
in it is a ``WrongState`` naming the current state), checks who acts, cleans the act's data, runs
the guards (each refusal is the guard's coded error with its article), then — in one transaction —
moves the case by compare-and-set on ``version`` (a concurrent act makes this one a ``Conflict``),
writes the ``Act`` row with the officers' certificate numbers of the day, its records, ends and
starts deadlines, and appends ``case.<act>`` to the record log.

``allowed_acts(case, user)`` reads the same table for the UI: every act of the current state, with
whether this user may do it now and, if not, why and under which article."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sanxiang.cases import gates, hooks
from sanxiang.cases.enums import CaseState, DeadlineMode, DeadlineStatus, PenaltyKind
from sanxiang.cases.models import Act, ActRecord, Case, CaseDeadline
from sanxiang.cases.penalties import Penalty
from sanxiang.cases.procedures import general, inspection, licence, simple
from sanxiang.cases.procedures.acts import act_label
from sanxiang.cases.procedures.base import Context, DeadlineRule, Procedure, Refusal, Transition
from sanxiang.catalog.models import Certificate, Officer
from sanxiang.catalog.permissions import is_staff_user
from sanxiang.catalog.queries import officers_with_valid_certificate
from sanxiang.core import clock
from sanxiang.core.cleaning import Spec, clean
from sanxiang.core.errors import Conflict, DomainError, FieldError, Invalid, NotAllowed, WrongState
from sanxiang.core.roles import Role
from sanxiang.recordlog import actions as recordlog
from sanxiang.workdays import deadlines as workday_deadlines
from sanxiang.workdays import pending
from sanxiang.workdays.arithmetic import CalendarMissing

PROCEDURES: dict[str, Procedure] = {
    p.kind: p for p in (general.PROCEDURE, simple.PROCEDURE, inspection.PROCEDURE, licence.PROCEDURE)
}
RULES: dict[str, DeadlineRule] = {
    rule.rule_id: rule for p in PROCEDURES.values() for t in p.transitions for rule in t.starts
}
NOTE = Spec("note", _("Note"), kind="multiline", max_length=2000, required=False)
PENALTY_SPECS = (
    Spec("fine", _("Fine (yuan)"), kind="decimal", required=False),
    Spec("confiscation_value", _("Value confiscated (yuan)"), kind="decimal", required=False),
    Spec("detail", _("Penalty details"), kind="multiline", max_length=1000, required=False),
)


def procedure_of(case: Case) -> Procedure:
    return PROCEDURES[case.procedure]


# --- who acts -----------------------------------------------------------------------------------


def actor_refusal(case: Case, t: Transition, actor: Any) -> DomainError | None:
    if not is_staff_user(actor) or actor.agency_id != case.agency_id:
        return NotAllowed("act_not_allowed", _("Only the staff of the case's agency act on it."))
    if actor.role not in t.roles:
        names = "、".join(str(Role(r).label) for r in sorted(t.roles))
        return NotAllowed("act_role", _("Only %(roles)s may do this.") % {"roles": names}, field="act")
    return None


def wrong_state(case: Case, act: str) -> WrongState:
    return WrongState(
        "wrong_state",
        _("The case is at “%(state)s”: “%(act)s” is not possible now.")
        % {"state": CaseState(case.state).label, "act": act_label(act)},
        field="act",
    )


# --- the act's data ---------------------------------------------------------------------------


def _as_list(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [part for part in (p.strip() for p in value.split(",")) if part]
    return [str(v).strip() for v in value if str(v).strip()]


def parse_penalty(raw: Mapping[str, Any], *, required: bool) -> Penalty | None:
    kinds = _as_list(raw.get("kinds"))
    values = clean(raw, PENALTY_SPECS)
    errors: list[FieldError] = []
    if not kinds and values["fine"] is None and values["confiscation_value"] is None and not required:
        return None
    valid = set(PenaltyKind.values)
    if not kinds:
        errors.append(FieldError("kinds", "penalty_kinds", _("Choose at least one kind of penalty.")))
    elif any(kind not in valid for kind in kinds):
        errors.append(FieldError("kinds", "penalty_kind_unknown", _("Unknown kind of penalty.")))
    fine: Decimal | None = values["fine"]
    if PenaltyKind.FINE in kinds and not fine:
        errors.append(FieldError("fine", "fine_required", _("Give the amount of the fine.")))
    if fine and PenaltyKind.FINE not in kinds:
        errors.append(FieldError("fine", "fine_without_kind", _("A fine amount needs the kind “fine”.")))
    if errors:
        raise Invalid.many(errors)
    ordered = tuple(k for k in PenaltyKind.values if k in kinds)
    return Penalty(ordered, fine, values["confiscation_value"], values["detail"])


def clean_data(case: Case, t: Transition, raw: Mapping[str, Any]) -> dict[str, Any]:
    errors: list[FieldError] = []
    data: dict[str, Any] = {}
    try:
        data.update(clean(raw, (*t.specs, NOTE)))
    except Invalid as exc:
        errors.extend(exc.errors)
    if t.asks_penalty:
        try:
            data["penalty"] = parse_penalty(raw, required=t.asks_penalty == "required")
        except Invalid as exc:
            errors.extend(exc.errors)
    records = _as_list(raw.get("records"))
    unknown = [name for name in records if name not in t.records]
    if unknown:
        errors.append(
            FieldError(
                "records",
                "record_unknown",
                _("These records do not belong to this act: %(names)s") % {"names": "、".join(unknown)},
            )
        )
    data["records"] = [name for name in t.records if name in records]
    try:
        data["officers"] = [int(v) for v in _as_list(raw.get("officers"))]
    except ValueError:
        errors.append(FieldError("officers", "officers_format", _("Choose officers from the list.")))
    if data.get("chair") not in (None, ""):
        chair = Officer.objects.filter(
            agency=case.agency, retired_at__isnull=True, pk=_int(data["chair"])
        ).first()
        if chair is None:
            errors.append(
                FieldError("chair", "chair_unknown", _("Choose the chair among the agency's officers."))
            )
        data["chair"] = chair
    if data.get("officer") not in (None, ""):
        officer = Officer.objects.filter(agency=case.agency, pk=_int(data["officer"])).first()
        if officer is None:
            errors.append(FieldError("officer", "officer_unknown", _("Choose an officer of the agency.")))
        data["officer"] = officer
    if errors:
        raise Invalid.many(errors)
    return data


def _int(value: Any) -> int:
    try:
        return int(str(value))
    except ValueError:
        return 0


def _officers(
    case: Case, on: dt.date, chosen_ids: list[int]
) -> tuple[list[Officer], list[tuple[Officer, str]]]:
    assigned = list(Officer.objects.filter(case_assignments__case=case).order_by("case_assignments__id"))
    if not chosen_ids:  # by default every assigned officer takes part, except those recused
        recused = gates.recused_officer_ids(case)
        assigned = [o for o in assigned if o.pk not in recused]
    if chosen_ids:
        unknown = set(chosen_ids) - {o.pk for o in assigned}
        if unknown:
            raise Invalid(
                "officer_not_assigned",
                _("Only officers assigned to the case take part in its acts."),
                field="officers",
            )
        assigned = [o for o in assigned if o.pk in chosen_ids]
    valid = set(
        officers_with_valid_certificate(case.agency, on)
        .filter(pk__in=[o.pk for o in assigned])
        .values_list("pk", flat=True)
    )
    numbers = dict(
        Certificate.objects.filter(
            officer_id__in=valid, status="active", issued_on__lte=on, expires_on__gte=on
        )
        .order_by("officer_id", "issued_on", "id")
        .values_list("officer_id", "number")
    )
    return assigned, [(o, numbers[o.pk]) for o in assigned if o.pk in numbers]


def context(
    case: Case,
    t: Transition,
    actor: Any,
    data: dict[str, Any],
    *,
    preview: bool = False,
    at: dt.datetime | None = None,
    shared: dict[str, Any] | None = None,
) -> Context:
    """``shared``: a cache common to the contexts of one page (``allowed_acts`` previews every act
    of the state on the same case, the same day and no input, so the officers of the day and what
    guards look up once are the same for all)."""
    at = at or clock.now()
    on = timezone.localdate(at)
    cache: dict[str, Any] = shared if shared is not None else {}
    if "officers" not in cache or data.get("officers"):
        found = _officers(case, on, data.get("officers") or [])
        if data.get("officers"):
            officers, certified = found
        else:
            cache["officers"] = found
    if not data.get("officers"):
        officers, certified = cache["officers"]
    return Context(
        case=case,
        procedure=procedure_of(case),
        transition=t,
        actor=actor,
        data=data,
        on=on,
        at=at,
        preview=preview,
        officers=officers,
        certified=certified,
        cache=cache,
    )


# --- acting -------------------------------------------------------------------------------------


def transition(
    case: Case, act: str, actor: Any, data: Mapping[str, Any] | None = None, *, at: dt.datetime | None = None
) -> Act:
    """``at`` records an act that happened earlier (the demo's history, an import of paper files):
    every guard, period and record is judged on that moment instead of now; the record log still
    stamps when it was recorded."""
    procedure = procedure_of(case)
    t = procedure.find(case.state, act)
    if t is None:
        raise wrong_state(case, act)
    refusal = actor_refusal(case, t, actor)
    if refusal is not None:
        raise refusal
    cleaned = clean_data(case, t, data or {})
    with transaction.atomic():
        ctx = context(case, t, actor, cleaned, at=at)
        for guard in (*t.guards, gates.no_recused_officer, *hooks.EXTRA_GUARDS):
            found = guard(ctx)
            if found is not None:
                raise found.exception()
        for advisory in t.advisories:
            warning = advisory(ctx)
            if warning is not None:
                ctx.warnings.append(warning)
        updates = t.effect(ctx) if t.effect is not None else {}
        before = case.state
        changed = Case.objects.filter(pk=case.pk, version=case.version).update(
            state=t.target, version=F("version") + 1, **updates
        )
        if changed != 1:
            raise Conflict(
                "case_changed",
                _("Someone else acted on this case a moment ago; reload it and try again."),
            )
        case.state = t.target
        case.version += 1
        for name, value in updates.items():
            setattr(case, name, value)
        return _record(ctx, before, t)


def _officer_rows(ctx: Context) -> list[dict[str, Any]]:
    numbers = {o.pk: number for o, number in ctx.certified}
    return [{"officer_id": o.pk, "name": o.name, "certificate": numbers.get(o.pk, "")} for o in ctx.officers]


def _record(ctx: Context, before: str, t: Transition) -> Act:
    case = ctx.case
    data = plain({k: v for k, v in ctx.data.items() if k not in {"records", "officers"}})
    officers = _officer_rows(ctx)
    closed_rows = _end_deadlines(ctx, t)
    ended = [row.rule_id for row in closed_rows if row.rule_id in t.ends]
    stopped = [row.rule_id for row in closed_rows if row.rule_id not in t.ends]
    started = [_deadline_values(ctx, rule) for rule in t.starts if rule.applies is None or rule.applies(ctx)]
    entry = recordlog.append(
        kind=f"case.{t.act}",
        subject=case,
        actor=ctx.actor if getattr(ctx.actor, "pk", None) else None,
        payload={
            "case_id": case.pk,
            "number": case.number,
            "procedure": case.procedure,
            "act": t.act,
            "before": before,
            "after": t.target,
            "version": case.version,
            "data": data,
            "officers": officers,
            "records": list(ctx.data.get("records") or []),
            "warnings": ctx.warnings,
            "deadlines": {
                "started": [
                    plain({k: d[k] for k in ("rule_id", "due", "explanation", "status")}) for d in started
                ],
                "ended": ended,
                "stopped": stopped,
            },
        },
        occurred_at=ctx.at,
        agency_id=case.agency_id,
    )
    act = Act.objects.create(
        case=case,
        act=t.act,
        from_state=before,
        to_state=t.target,
        actor=ctx.actor if getattr(ctx.actor, "pk", None) else None,
        actor_label=str(ctx.actor)[:300] if ctx.actor is not None else "system",
        officers=officers,
        data=data,
        warnings=ctx.warnings,
        occurred_at=ctx.at,
        log_entry=entry,
    )
    for name in ctx.data.get("records") or []:
        ActRecord.objects.create(case=case, act=act, name=name, added_at=ctx.at, added_by=act.actor)
    CaseDeadline.objects.filter(pk__in=[row.pk for row in closed_rows]).update(ended_by=act)
    for values in started:
        CaseDeadline.objects.create(case=case, started_by=act, **values)
    for after in hooks.AFTER_ACT:
        after(ctx, act)
    return act


def _end_deadlines(ctx: Context, t: Transition) -> list[CaseDeadline]:
    """Close the deadlines the act fulfils (met, or missed if late) and those it cancels
    (stopped; a party's window already over counts as met). A period whose last day is not known
    yet stays ``pending_calendar`` with its end recorded when the outcome depends on that day."""
    closed: list[CaseDeadline] = []
    running = CaseDeadline.objects.select_for_update().filter(
        case=ctx.case,
        status__in=(DeadlineStatus.OPEN, DeadlineStatus.PENDING_CALENDAR),
        ended_on__isnull=True,
    )
    for row in running:
        if row.rule_id in t.ends:
            row.status = closing_status(row, fulfilled=True, on=ctx.on, at=ctx.at)
        elif "*" in t.stops or row.rule_id in t.stops:
            row.status = closing_status(row, fulfilled=False, on=ctx.on)
        else:
            continue
        row.ended_on = ctx.on
        row.save(update_fields=["status", "ended_on"])
        closed.append(row)
    return closed


def _after_due(row: CaseDeadline, on: dt.date, at: dt.datetime | None = None) -> bool | None:
    """Whether ``on`` (or ``at``) is past the period's end; None when that depends on a last day not
    known yet. A period of n days, working or calendar, never ends before its start + n days, so up
    to that day the answer is certain without the calendar."""
    if row.due is not None:
        return on > row.due or (row.due_at is not None and at is not None and at > row.due_at)
    if on <= row.start_date + dt.timedelta(days=row.days):
        return False
    return None


def closing_status(
    row: CaseDeadline, *, fulfilled: bool, on: dt.date, at: dt.datetime | None = None
) -> DeadlineStatus:
    """The status of a period ended on ``on``: fulfilled, met (a party's window always) or missed;
    cancelled, stopped (a party's window already over: met). ``pending_calendar`` when the answer
    needs a last day that is not known yet."""
    if row.party_window and fulfilled:
        return DeadlineStatus.MET
    if not row.party_window and not fulfilled:
        return DeadlineStatus.STOPPED
    after = _after_due(row, on, at if fulfilled else None)
    if after is None:
        return DeadlineStatus.PENDING_CALENDAR
    if fulfilled:
        return DeadlineStatus.MISSED if after else DeadlineStatus.MET
    return DeadlineStatus.MET if after else DeadlineStatus.STOPPED


def pending_explanation(*, start_event: str, start_date: dt.date, days: int, mode: str, year: int) -> str:
    """The sentence of a period whose last day waits for the holiday schedule of ``year``."""
    values = {
        "date": workday_deadlines.chinese_date(start_date),
        "event": start_event,
        "days": days,
        "year": year,
    }
    if mode == DeadlineMode.WORKING_DAYS:
        text = _(
            "From %(event)s on %(date)s, %(days)d working days; the last day will be set once the "
            "%(year)d holiday schedule is entered"
        )
    else:
        text = _(
            "From %(event)s on %(date)s, %(days)d days; the last day will be set once the %(year)d "
            "holiday schedule is entered"
        )
    return str(text % values)[:300]


def compute_due(
    *, rule_id: str, citation: str, start_event: str, start_date: dt.date, days: int, mode: str
) -> dict[str, Any]:
    """``due``, ``explanation`` and ``status`` of a working- or calendar-day period: computed over
    the official calendar, or pending (no day) while a year it needs is not entered."""
    try:
        deadline = workday_deadlines.compute(
            rule_id=rule_id,
            citation=citation,
            start_event=start_event,
            start_date=start_date,
            days=days,
            mode=mode,
        )
    except CalendarMissing as missing:
        # The day is open, but not everything is: a holiday only moves it later (workdays.pending).
        earliest = pending.earliest_note(start_date, days, mode, missing.year)
        return {
            "due": None,
            "explanation": pending_explanation(
                start_event=start_event, start_date=start_date, days=days, mode=mode, year=missing.year
            )[: 299 - len(earliest)]
            + "；"
            + earliest,
            "status": DeadlineStatus.PENDING_CALENDAR,
        }
    return {"due": deadline.due, "explanation": deadline.explanation[:300], "status": DeadlineStatus.OPEN}


def _deadline_values(ctx: Context, rule: DeadlineRule) -> dict[str, Any]:
    start = rule.start(ctx) if rule.start is not None else ctx.on
    days = rule.length(ctx)
    if rule.mode == DeadlineMode.HOURS:
        due_at = ctx.at + dt.timedelta(hours=days)
        return {
            "rule_id": rule.rule_id,
            "citation": str(rule.citation)[:200],
            "start_event": str(rule.start_event)[:100],
            "start_date": start,
            "days": days,
            "mode": rule.mode,
            "due": timezone.localdate(due_at),
            "due_at": due_at,
            "explanation": str(
                _("%(hours)d hours from %(event)s at %(time)s, that is by %(due)s")
                % {
                    "hours": days,
                    "event": rule.start_event,
                    "time": clock.localtime_str(ctx.at),
                    "due": clock.localtime_str(due_at),
                }
            )[:300],
            "party_window": rule.party_window,
            "status": DeadlineStatus.OPEN,
        }
    computed = compute_due(
        rule_id=rule.rule_id,
        citation=str(rule.citation),
        start_event=str(rule.start_event),
        start_date=start,
        days=days,
        mode=str(rule.mode),
    )
    if rule.note is not None:
        computed["explanation"] = (computed["explanation"] + rule.note(ctx))[:300]
    return {
        "rule_id": rule.rule_id,
        "citation": str(rule.citation)[:200],
        "start_event": str(rule.start_event)[:100],
        "start_date": start,
        "days": days,
        "mode": rule.mode,
        "due_at": None,
        "party_window": rule.party_window,
        **computed,
    }


def plain(value: Any) -> Any:
    """The act's data as canonical-JSON values for the Act row and the record log."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Penalty):
        return value.as_json()
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal | Promise):
        return str(value)
    if isinstance(value, models.Model):
        return {"id": value.pk, "name": str(value)}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return str(value)


# --- what the UI offers -------------------------------------------------------------------------


@dataclass(frozen=True)
class ActOption:
    transition: Transition
    error: DomainError | None

    @property
    def act(self) -> str:
        return self.transition.act

    @property
    def label(self) -> str | Promise:
        return act_label(self.transition.act)

    @property
    def allowed(self) -> bool:
        return self.error is None

    @property
    def code(self) -> str:
        return self.error.code if self.error else ""

    @property
    def reason(self) -> str:
        return str(self.error.message) if self.error else ""

    @property
    def citation(self) -> str:
        return str(self.error.citation) if self.error and self.error.citation else ""


def allowed_acts(case: Case, user: Any) -> list[ActOption]:
    """Every act the procedure offers in the case's state, each allowed for ``user`` now or refused
    with the reason and article — the same checks ``transition`` makes, on no input."""
    options = []
    shared: dict[str, Any] = {}
    for t in procedure_of(case).from_state(case.state):
        error: DomainError | None = actor_refusal(case, t, user)
        if error is None:
            ctx = context(case, t, user, {}, preview=True, shared=shared)
            for guard in (*t.guards, gates.no_recused_officer, *hooks.EXTRA_GUARDS):
                try:
                    found: Refusal | None = guard(ctx)
                except DomainError as exc:  # e.g. the calendar of the year is missing
                    error = exc
                    break
                if found is not None:
                    error = found.exception()
                    break
        options.append(ActOption(t, error))
    return options
