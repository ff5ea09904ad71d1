"""Writes of the cases app. State changes go through ``procedures.engine.transition`` (re-exported
as ``perform``); the other acts here — opening a case, adding a party, assigning officers,
attaching a record — keep the state and each append one record log entry in their transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanxiang.cases import permissions
from sanxiang.cases.enums import CaseSource, DeadlineStatus, PartyKind, ProcedureKind
from sanxiang.cases.models import Act, ActRecord, Case, CaseDeadline, CaseOfficer, Party
from sanxiang.cases.numbering import SERIES, next_number
from sanxiang.cases.procedures import engine, licence
from sanxiang.cases.procedures.common import FILING_CHECK, filing_check_days
from sanxiang.cases.procedures.engine import plain
from sanxiang.cases.validators import clean_ric
from sanxiang.catalog.models import Agency, BenchmarkGrade, EnforcementItem, Officer
from sanxiang.catalog.validators import clean_uscc
from sanxiang.core import clock
from sanxiang.core.cleaning import Spec, choices_from, clean
from sanxiang.core.errors import FieldError, Invalid, NotAllowed, WrongState
from sanxiang.recordlog import actions as recordlog

perform = engine.transition

CASE_SPECS = (
    Spec("procedure", _("Procedure"), kind="choice", choices=choices_from(ProcedureKind)),
    Spec("title", _("Case title"), max_length=200),
    Spec("source", _("Source"), kind="choice", choices=choices_from(CaseSource)),
    Spec("facts", _("Violation facts"), kind="multiline", max_length=5000, required=False),
    Spec("legal_basis", _("Legal basis"), kind="multiline", max_length=2000, required=False),
    Spec("violation_on", _("Date of the violation (or its end)"), kind="date", required=False),
    Spec("discovered_on", _("Clue discovered or material received on"), kind="date", required=False),
    Spec(
        "harms_safety",
        _("Life, health or financial security involved and harm occurred"),
        kind="bool",
        required=False,
    ),
    Spec("enforcement_item", _("Enforcement item"), kind="custom", required=False, parser=lambda raw: raw),
    Spec(
        "benchmark_grade",
        _("Discretion benchmark grade"),
        kind="custom",
        required=False,
        parser=lambda raw: raw,
    ),
)
PARTY_SPECS = (
    Spec("kind", _("Party type"), kind="choice", choices=choices_from(PartyKind)),
    Spec("name", _("Party name"), max_length=100),
    Spec("id_number", _("Identity card number"), required=False, max_length=30),
    Spec("credit_code", _("Unified social credit code"), required=False, max_length=30),
    Spec("representative", _("Legal representative"), required=False, max_length=50),
    Spec("address", _("Address"), required=False, max_length=200),
    Spec("phone", _("Telephone"), required=False, max_length=40),
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed("not_allowed", _("You are not allowed to act on this case."))


def _log(case: Case, kind: str, actor: Any, payload: dict[str, Any], at: Any) -> None:
    recordlog.append(
        kind=kind,
        subject=case,
        actor=actor if getattr(actor, "pk", None) else None,
        payload={"case_id": case.pk, "number": case.number, **plain(payload)},
        occurred_at=at,
        agency_id=case.agency_id,
    )


def _lookup(model: Any, raw: Any, field: str, label: Any, **scope: Any) -> Any:
    if raw in (None, ""):
        return None
    try:
        return model.objects.get(pk=int(str(raw)), **scope)
    except (ValueError, model.DoesNotExist):
        raise Invalid(
            "choice_invalid", _("Choose %(label)s from the list.") % {"label": label}, field=field
        ) from None


def clean_party(data: Mapping[str, Any]) -> dict[str, Any]:
    cleaned = clean(data, PARTY_SPECS)
    try:
        if cleaned["kind"] == PartyKind.NATURAL_PERSON:
            cleaned["id_number"] = clean_ric(cleaned["id_number"])
            cleaned["credit_code"] = ""
        else:
            cleaned["credit_code"] = clean_uscc(cleaned["credit_code"])
            cleaned["id_number"] = ""
    except Invalid as exc:
        raise Invalid.many(exc.errors) from None
    return cleaned


@transaction.atomic
def open_case(
    *,
    actor: Any,
    agency: Agency,
    data: Mapping[str, Any],
    parties: Sequence[Mapping[str, Any]] = (),
    officer_ids: Sequence[Any] = (),
    origin: Case | None = None,
    at: Any = None,
) -> Case:
    """Register a clue (general procedure), an on-the-spot case (simple) or a planned inspection.
    Numbers are issued at opening for on-the-spot cases and inspections, at filing for the others."""
    _require(permissions.can_open_case(actor, agency))
    errors: list[FieldError] = []
    try:
        cleaned = clean(data, CASE_SPECS)
    except Invalid as exc:
        errors.extend(exc.errors)
        cleaned = {}
    cleaned_parties = []
    for index, party in enumerate(parties):
        try:
            cleaned_parties.append(clean_party(party))
        except Invalid as exc:
            errors.extend(FieldError(f"parties[{index}].{e.field}", e.code, e.message) for e in exc.errors)
    if errors:
        raise Invalid.many(errors)
    cleaned["enforcement_item"] = _lookup(
        EnforcementItem,
        cleaned.get("enforcement_item"),
        "enforcement_item",
        _("the enforcement item"),
        agency=agency,
    )
    cleaned["benchmark_grade"] = _lookup(
        BenchmarkGrade,
        cleaned.get("benchmark_grade"),
        "benchmark_grade",
        _("the benchmark grade"),
        benchmark__agency=agency,
    )
    procedure = engine.PROCEDURES[cleaned["procedure"]]
    now = at or clock.now()  # ``at``: a case registered earlier (see engine.transition)
    if cleaned.get("discovered_on") and cleaned["discovered_on"] > timezone.localdate(now):
        raise Invalid(
            "discovered_in_future", _("The clue cannot be discovered after today."), field="discovered_on"
        )
    # A licence application's materials are received on ``discovered_on`` (行政许可法 Art. 32).
    if procedure.kind in (ProcedureKind.GENERAL, ProcedureKind.LICENCE) and not cleaned.get("discovered_on"):
        cleaned["discovered_on"] = timezone.localdate(now)
    number = ""
    if procedure.kind != ProcedureKind.GENERAL:
        number = next_number(agency, timezone.localdate(now).year, SERIES[procedure.kind])
    case = Case.objects.create(
        agency=agency,
        state=procedure.initial,
        number=number,
        created_at=now,
        created_by=actor if getattr(actor, "pk", None) else None,
        origin=origin,
        **cleaned,
    )
    for party in cleaned_parties:
        Party.objects.create(case=case, added_at=now, **party)
    _assign(case, officer_ids, actor, now)
    opened = {
        "procedure": case.procedure,
        "state": case.state,
        "case": {name: getattr(case, name) for name in [s.name for s in CASE_SPECS]},
        "parties": [{"kind": p["kind"], "name": p["name"]} for p in cleaned_parties],
        "officers": list(officer_ids),
        "origin_id": origin.pk if origin is not None else None,
    }
    _log(case, "case.opened", actor, opened, now)
    opening = Act.objects.create(
        case=case,
        act="open",
        from_state="",
        to_state=case.state,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=str(actor)[:300] if actor is not None else "system",
        officers=[],
        data=plain(opened),
        occurred_at=now,
    )
    if procedure.kind == ProcedureKind.GENERAL:
        _start_filing_check(case, opening)
    if procedure.kind == ProcedureKind.LICENCE:
        _start_acceptance(case, opening)
    return case


def _start_filing_check(case: Case, opening: Act) -> CaseDeadline:
    """D-11 (market regulation): the clue is checked and filing decided within the policy's working
    days of its discovery; the head may extend it once (``extend_filing_check``)."""
    return _start_from_receipt(case, opening, FILING_CHECK, filing_check_days(case, extended=False))


def _start_acceptance(case: Case, opening: Act) -> CaseDeadline:
    """行政许可法 Art. 32: the application is accepted or refused within 5 working days of receipt."""
    return _start_from_receipt(case, opening, licence.ACCEPTANCE, licence.ACCEPTANCE_DAYS)


def _start_from_receipt(case: Case, opening: Act, rule: Any, days: int) -> CaseDeadline:
    """A period that runs from the day the clue or the application came in (``discovered_on``)."""
    assert case.discovered_on is not None
    computed = engine.compute_due(
        rule_id=rule.rule_id,
        citation=str(rule.citation),
        start_event=str(rule.start_event),
        start_date=case.discovered_on,
        days=days,
        mode=str(rule.mode),
    )
    return CaseDeadline.objects.create(
        case=case,
        rule_id=rule.rule_id,
        citation=str(rule.citation)[:200],
        start_event=str(rule.start_event)[:100],
        start_date=case.discovered_on,
        days=days,
        mode=rule.mode,
        started_by=opening,
        **computed,
    )


def _assign(case: Case, officer_ids: Sequence[Any], actor: Any, now: Any) -> list[CaseOfficer]:
    try:
        wanted = list(dict.fromkeys(int(str(i)) for i in officer_ids))
    except ValueError:
        raise Invalid(
            "officer_unknown", _("Choose officers of the case's agency."), field="officers"
        ) from None
    officers = {
        o.pk: o for o in Officer.objects.filter(agency=case.agency, retired_at__isnull=True, pk__in=wanted)
    }
    if len(officers) != len(wanted):
        raise Invalid("officer_unknown", _("Choose officers of the case's agency."), field="officers")
    existing = set(case.assignments.values_list("officer_id", flat=True))
    rows = []
    for index, pk in enumerate(wanted):
        if pk in existing:
            continue
        rows.append(
            CaseOfficer.objects.create(
                case=case,
                officer=officers[pk],
                lead=index == 0 and not existing,
                assigned_at=now,
                assigned_by=actor if getattr(actor, "pk", None) else None,
            )
        )
    return rows


def _open_for_work(actor: Any, case: Case) -> None:
    refuse_if_archived(case)
    _require(permissions.can_work_on_case(actor, case))
    if case.state in engine.procedure_of(case).final:
        raise WrongState("case_final", _("The case is closed: it can no longer be changed."))


@transaction.atomic
def add_party(*, actor: Any, case: Case, data: Mapping[str, Any]) -> Party:
    _open_for_work(actor, case)
    cleaned = clean_party(data)
    now = clock.now()
    party = Party.objects.create(case=case, added_at=now, **cleaned)
    _log(case, "case.party_added", actor, {"party_id": party.pk, "kind": party.kind, "name": party.name}, now)
    return party


@transaction.atomic
def assign_officers(*, actor: Any, case: Case, officer_ids: Sequence[Any]) -> list[CaseOfficer]:
    _open_for_work(actor, case)
    try:
        ids = [int(str(i)) for i in officer_ids]
    except ValueError:
        raise Invalid(
            "officer_unknown", _("Choose officers of the case's agency."), field="officers"
        ) from None
    if not ids:
        raise Invalid("required", _("Choose at least one officer."), field="officers")
    now = clock.now()
    rows = _assign(case, ids, actor, now)
    _log(case, "case.officers_assigned", actor, {"officers": [r.officer_id for r in rows]}, now)
    return rows


@transaction.atomic
def add_record(*, actor: Any, case: Case, name: str, note: str = "") -> ActRecord:
    """Attach a record that an earlier act lists but did not carry (e.g. the proof of service came
    back later): it is attached to the latest such act."""
    _open_for_work(actor, case)
    procedure = engine.procedure_of(case)
    target = None
    for act in case.acts.order_by("-occurred_at", "-id"):
        done = procedure.find(act.from_state, act.act)
        if done is not None and name in done.records:
            target = act
            break
    if target is None:
        raise Invalid("record_unknown", _("No act of this case lists that record."), field="name")
    now = clock.now()
    record = ActRecord.objects.create(
        case=case,
        act=target,
        name=name,
        note=str(note or "")[:300],
        added_at=now,
        added_by=actor if getattr(actor, "pk", None) else None,
    )
    _log(case, "case.record_added", actor, {"act_id": target.pk, "name": name, "note": record.note}, now)
    return record


@transaction.atomic
def recompute_pending_deadlines(*, year: int | None = None) -> int:
    """Give every period pending the calendar the last day it now can have (a year it needed was
    completed: ``year``, for the record). One ``case.deadline.computed`` record log entry per case
    changed; periods whose calendar is still missing stay pending. A pending period already ended
    by an act is settled as that act would have settled it. Returns the number of periods set."""
    rows = list(
        CaseDeadline.objects.select_for_update(of=("self",))
        .filter(status=DeadlineStatus.PENDING_CALENDAR)
        .select_related("case", "ended_by")
        .order_by("case_id", "id")
    )
    now = clock.now()
    by_case: dict[int, list[CaseDeadline]] = {}
    for row in rows:
        computed = engine.compute_due(
            rule_id=row.rule_id,
            citation=row.citation,
            start_event=row.start_event,
            start_date=row.start_date,
            days=row.days,
            mode=row.mode,
        )
        if computed["due"] is None:
            continue
        row.due, row.explanation, row.status = computed["due"], computed["explanation"], computed["status"]
        if row.ended_on is not None and row.ended_by is not None:
            done = engine.procedure_of(row.case).find(row.ended_by.from_state, row.ended_by.act)
            fulfilled = done is not None and row.rule_id in done.ends
            row.status = engine.closing_status(row, fulfilled=fulfilled, on=row.ended_on)
        row.save(update_fields=["due", "explanation", "status"])
        by_case.setdefault(row.case_id, []).append(row)
    for changed in by_case.values():
        case = changed[0].case
        _log(
            case,
            "case.deadline.computed",
            None,
            {
                "calendar_year": year,
                "deadlines": [
                    {
                        "deadline_id": row.pk,
                        "rule_id": row.rule_id,
                        "due": row.due,
                        "explanation": row.explanation,
                        "status": row.status,
                    }
                    for row in changed
                ],
            },
            now,
        )
    return sum(len(changed) for changed in by_case.values())


@transaction.atomic
def mark_archived(*, actor: Any, case: Case, digest: str, payload: Mapping[str, Any] | None = None) -> Case:
    """Seal the case file: only a case in a final state of its procedure, once. ``digest`` is the
    SHA-256 of the exported case file that the caller (the case-file app) built; it goes into the
    record log with ``payload`` so the archived package can be checked against the log later."""
    _require(permissions.can_work_on_case(actor, case))
    if case.state not in engine.procedure_of(case).final:
        raise WrongState("case_not_finished", _("Only a finished case can be archived."), field="state")
    now = clock.now()
    changed = Case.objects.filter(pk=case.pk, version=case.version, archived_at__isnull=True).update(
        archived_at=now, archive_digest=digest, version=case.version + 1
    )
    if changed != 1:
        raise WrongState("case_archived", _("This case file is already archived and read-only."))
    case.archived_at, case.archive_digest, case.version = now, digest, case.version + 1
    _log(case, "case.archived", actor, {"digest": digest, **dict(payload or {})}, now)
    return case


def refuse_if_archived(case: Case) -> None:
    """For every write on a case's file (evidence, documents, records): an archived file is
    read-only (电子案卷归档后不得更改)."""
    if case.archived_at is not None:
        raise WrongState("case_archived", _("This case file is already archived and read-only."))


def open_case_from_inspection(ctx: Any, act: Act) -> None:
    """After the inspection act ``open_penalty_case`` (in its transaction): a general-procedure
    case with the inspection as its source and origin, its parties, officers, enforcement item and
    findings, the clue discovered on the day of the act. Registered from ``CasesConfig.ready``."""
    if act.act != "open_penalty_case":
        return
    inspection: Case = ctx.case
    result = (
        inspection.acts.filter(act="record_result").order_by("-id").values_list("data", flat=True).first()
        or {}
    )
    parties = [
        {
            "kind": p.kind,
            "name": p.name,
            "id_number": p.id_number,
            "credit_code": p.credit_code,
            "representative": p.representative,
            "address": p.address,
            "phone": p.phone,
        }
        for p in inspection.parties.all()
    ]
    title = str(_("%(title)s: suspected violation") % {"title": inspection.title})[:200]
    open_case(
        actor=ctx.actor,
        agency=inspection.agency,
        data={
            "procedure": ProcedureKind.GENERAL,
            "title": title,
            "source": CaseSource.INSPECTION,
            "facts": str(result.get("findings") or "")[:5000],
            "enforcement_item": inspection.enforcement_item_id,
            "discovered_on": ctx.on.isoformat(),
        },
        parties=parties,
        officer_ids=list(inspection.assignments.values_list("officer_id", flat=True)),
        origin=inspection,
        at=ctx.at,
    )
