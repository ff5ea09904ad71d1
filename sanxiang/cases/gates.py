"""The statutory gates of case handling, each a guard of the procedure tables: it returns ``None``
when the act may happen, or a ``Refusal`` with a code, a Chinese message and the article.

Guards read the case, the act's cleaned data and the deadlines the earlier acts stored; they never
write. In ``preview`` (the UI asking which acts are possible) guards that judge the act's own input
have nothing to judge and pass.

A stored period may still be ``pending_calendar`` (its last day lies in a year whose holiday
schedule is not entered). A guard that needs that day raises ``CalendarMissing`` (code
``calendar_missing``) — it never takes the period for over or not over — except where the answer
is certain without it: a period of n days never ends before its start + n days."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from sanxiang.cases import citations, citations_licence, hooks
from sanxiang.cases.enums import DeadlineStatus, LicenceOutcome, PartyKind, PenaltyKind
from sanxiang.cases.models import ActRecord, Case, CaseDeadline
from sanxiang.cases.penalties import HEARING_KINDS, Penalty
from sanxiang.cases.procedures.base import Context, Refusal
from sanxiang.cases.records import record_label
from sanxiang.core import policy
from sanxiang.core.errors import Invalid, WrongState
from sanxiang.workdays import arithmetic
from sanxiang.workdays import deadlines as workday_deadlines

SIMPLE_FINE_LIMIT = {PartyKind.NATURAL_PERSON: Decimal("200"), PartyKind.ORGANISATION: Decimal("3000")}
LIMITATION_YEARS = (2, 5)  # 处罚法 Art. 36: 2 years; 5 where life, health or financial security was harmed


def latest_deadline(case: Case, rule_id: str) -> CaseDeadline | None:
    return (
        case.deadlines.filter(rule_id=rule_id).exclude(status=DeadlineStatus.STOPPED).order_by("-id").first()
    )


def due_of(row: CaseDeadline) -> dt.date:
    """The last day of a stored period. One pending the calendar is computed now (its year may have
    been entered since); while the year is missing this raises ``arithmetic.CalendarMissing``."""
    if row.due is not None:
        return row.due
    return workday_deadlines.compute(
        rule_id=row.rule_id,
        citation=row.citation,
        start_event=row.start_event,
        start_date=row.start_date,
        days=row.days,
        mode=row.mode,
    ).due


def still_running(row: CaseDeadline, on: dt.date) -> bool:
    """``on`` is not after the last day: certain up to start + n days even while that day is not
    known; beyond, it needs the day (``CalendarMissing`` while its year is not entered)."""
    if row.due is None and on <= row.start_date + dt.timedelta(days=row.days):
        return True
    return on <= due_of(row)


# --- officers ---------------------------------------------------------------------------------


def two_certified_officers(ctx: Context) -> Refusal | None:
    """处罚法 Arts. 42, 55: no fewer than two officers, each with a certificate valid that day."""
    if len(ctx.certified) >= 2:
        return None
    return Refusal(
        "officers_certified",
        _(
            "At least two officers holding an enforcement certificate valid on %(day)s must take part "
            "(%(n)d do)."
        )
        % {"day": ctx.on.isoformat(), "n": len(ctx.certified)},
        citations.ART_42_55,
        field="officers",
    )


# --- parties and penalties --------------------------------------------------------------------


def has_party(ctx: Context) -> Refusal | None:
    if ctx.case.parties.exists():
        return None
    return Refusal(
        "party_required",
        _("Add the party (natural person or organisation) first: the notice and the decision name it."),
        citations.ART_59,
    )


def penalty_proposed(ctx: Context) -> Refusal | None:
    """Art. 44: the prior notice states the penalty the agency intends to impose."""
    if not ctx.case.penalty("proposed").empty:
        return None
    return Refusal(
        "penalty_not_proposed",
        _("The investigation report proposes no penalty, so there is nothing to notify."),
        citations.ART_44,
    )


def simple_procedure_limits(ctx: Context) -> Refusal | None:
    """Art. 51: on the spot only a warning, or a fine of at most ¥200 for a citizen and ¥3,000 for an
    organisation. With several parties the strictest limit applies."""
    penalty: Penalty | None = ctx.data.get("penalty")
    if ctx.preview or penalty is None:
        return None
    if any(kind not in {PenaltyKind.WARNING, PenaltyKind.FINE} for kind in penalty.kinds):
        return Refusal(
            "simple_procedure_kind",
            _("On the spot only a warning or a fine may be imposed; use the general procedure."),
            citations.ART_51,
            error=Invalid,
            field="kinds",
        )
    kinds = ctx.case.parties_kind() or {PartyKind.NATURAL_PERSON}
    limit = min(SIMPLE_FINE_LIMIT[PartyKind(k)] for k in kinds)
    if penalty.fine is not None and penalty.fine > limit:
        return Refusal(
            "simple_procedure_fine",
            _("On the spot a fine may be at most ¥%(limit)s for this party; use the general procedure.")
            % {"limit": limit},
            citations.ART_51,
            error=Invalid,
            field="fine",
        )
    return None


def hearing_thresholds(case: Case) -> Decimal:
    scopes = case.agency.policy_scopes()
    kinds = case.parties_kind() or {PartyKind.NATURAL_PERSON}
    values = []
    for kind in kinds:
        key = (
            "cases.hearing_fine_natural_person"
            if kind == PartyKind.NATURAL_PERSON
            else "cases.hearing_fine_organisation"
        )
        values.append(Decimal(policy.value(key, scopes)))
    return min(values)


def hearing_rights(case: Case, penalty: Penalty) -> bool:
    """Art. 63: a kind that always gives a hearing, or a fine or confiscation of a "larger amount"
    (the policy threshold of the party type; with several parties the lowest)."""
    if any(kind in HEARING_KINDS for kind in penalty.kinds):
        return True
    threshold = hearing_thresholds(case)
    if penalty.fine is not None and penalty.fine >= threshold:
        return True
    return penalty.confiscation_value is not None and penalty.confiscation_value >= threshold


# --- prior notice, statement and hearing -----------------------------------------------------


def statement_window_passed(ctx: Context) -> Refusal | None:
    """Arts. 44, 45, 62: no decision before the party has been heard — the statement window has
    ended, or the party waived in writing."""
    case = ctx.case
    if case.statement_waived:
        return None
    window = latest_deadline(case, "penalty.statement_window")
    due = due_of(window) if window is not None else None
    if due is not None and ctx.on > due:
        return None
    return Refusal(
        "statement_window_open",
        _(
            "The party may still make a statement or defence until %(due)s; decide after it, or record a written waiver."
        )
        % {"due": due.isoformat() if due else "?"},
        citations.ART_44_45_62,
    )


def hearing_window_passed(ctx: Context) -> Refusal | None:
    """Art. 64: while the party may still ask for a hearing, no decision."""
    case = ctx.case
    if not case.hearing_offered or case.statement_waived:
        return None
    window = latest_deadline(case, "penalty.hearing_request")
    due = due_of(window) if window is not None else None
    if due is not None and ctx.on > due:
        return None
    return Refusal(
        "hearing_window_open",
        _("The party may still request a hearing until %(due)s.") % {"due": due.isoformat() if due else "?"},
        citations.ART_64,
    )


def hearing_offered(ctx: Context) -> Refusal | None:
    if ctx.case.hearing_offered:
        return None
    return Refusal(
        "hearing_not_offered",
        _("The notified penalty gives no right to a hearing (not a kind or amount of Art. 63)."),
        citations.ART_63,
    )


def hearing_request_in_time(ctx: Context) -> Refusal | None:
    window = latest_deadline(ctx.case, "penalty.hearing_request")
    if window is None or still_running(window, ctx.on):
        return None
    return Refusal(
        "hearing_request_late",
        _("A hearing must be requested within 5 working days of the notice (by %(due)s).")
        % {"due": due_of(window).isoformat()},
        citations.ART_64,
    )


def hearing_notice_period(ctx: Context) -> Refusal | None:
    """Art. 64: the party is notified at least 7 working days before the hearing."""
    day: dt.date | None = ctx.data.get("hearing_on")
    if ctx.preview or day is None:
        return None
    earliest = arithmetic.add_working_days(ctx.on, 7)
    if day >= earliest:
        return None
    return Refusal(
        "hearing_notice_short",
        _("The hearing must be at least 7 working days after the notice: %(earliest)s at the earliest.")
        % {"earliest": earliest.isoformat()},
        citations.ART_64,
        error=Invalid,
        field="hearing_on",
    )


def investigator_ids(case: Case) -> set[int]:
    """Officers who investigated: assigned to the case or named on any of its acts."""
    ids = set(case.assignments.values_list("officer_id", flat=True))
    for officers in case.acts.values_list("officers", flat=True):
        ids.update(int(o["officer_id"]) for o in officers or [])
    return ids


def chair_not_investigator(ctx: Context) -> Refusal | None:
    """Art. 64 (4): the hearing is chaired by a person designated by the agency who did not
    investigate the case."""
    chair = ctx.data.get("chair")
    if ctx.preview or chair is None:
        return None
    if chair.pk not in investigator_ids(ctx.case):
        return None
    return Refusal(
        "chair_is_investigator",
        _("%(name)s investigated this case and may not chair its hearing.") % {"name": chair.name},
        citations.ART_64,
        error=Invalid,
        field="chair",
    )


def hearing_day_reached(ctx: Context) -> Refusal | None:
    day = ctx.case.hearing_on
    if day is not None and ctx.on >= day:
        return None
    return Refusal(
        "hearing_not_yet",
        _("The hearing is set for %(day)s.") % {"day": day.isoformat() if day else "?"},
        citations.ART_64,
    )


# --- the decision ----------------------------------------------------------------------------


def not_heavier_than_notified(ctx: Context) -> Refusal | None:
    """Art. 45: no heavier penalty because the party defended itself; and Art. 44: the party was
    told of the penalty intended. A heavier decision needs a new notice."""
    penalty: Penalty | None = ctx.data.get("penalty")
    if ctx.preview or penalty is None:
        return None
    notified = ctx.case.penalty("notified")
    if not penalty.is_heavier_than(notified):
        return None
    if ctx.case.statement_made or ctx.case.hearing_on:
        return Refusal(
            "heavier_after_statement",
            _(
                "After the party's statement or hearing the decision may not be heavier than the notified penalty (%(notified)s); serve a new notice first."
            )
            % {"notified": notified.describe()},
            citations.ART_45,
            error=Invalid,
            field="fine",
        )
    return Refusal(
        "heavier_than_notified",
        _("The decision is heavier than the notified penalty (%(notified)s); serve a new notice first.")
        % {"notified": notified.describe()},
        citations.ART_44,
        error=Invalid,
        field="fine",
    )


def major_decision_gate(ctx: Context) -> Refusal | None:
    """Art. 58: a major decision needs a passed legal review (法制审核) first.

    The gate itself lives above ``cases``: ``legal_review.gate.major_decision_guard``, registered
    through ``hooks.register_guard``, classifies the case against the agency's catalogue and refuses
    the decision of a major case unless the latest round passed for exactly the draft decided. This
    table guard stays a no-op placeholder marking where the gate applies."""
    return None


def within_decision_period(ctx: Context) -> Refusal | None:
    """Art. 60: decide within 90 days of filing, or within an approved extension."""
    period = latest_deadline(ctx.case, "penalty.decision")
    if period is None or still_running(period, ctx.on):
        return None
    return Refusal(
        "decision_period_expired",
        _("The period for the decision ended on %(due)s; record an approved extension first.")
        % {"due": due_of(period).isoformat()},
        citations.ART_60,
    )


# --- closing ---------------------------------------------------------------------------------


def required_records(ctx: Context) -> list[str]:
    """Every record the acts done on the case list, and the closing act's own."""
    procedure = ctx.procedure
    names: list[str] = list(procedure.closing_records)
    for act, from_state in ctx.case.acts.values_list("act", "from_state"):
        done = procedure.find(from_state, act)
        if done is not None:
            names.extend(done.records)
    names.extend(ctx.transition.records)
    return list(dict.fromkeys(names))


def records_complete(ctx: Context) -> Refusal | None:
    present = set(ActRecord.objects.filter(case=ctx.case).values_list("name", flat=True))
    present |= hooks.records_from_other_apps(ctx.case)
    present.update(ctx.data.get("records") or [])
    missing = [name for name in required_records(ctx) if name not in present]
    if ctx.preview:
        missing = [name for name in missing if name not in ctx.transition.records]
    if not missing:
        return None
    return Refusal(
        "records_missing",
        _("The case file lacks: %(missing)s.")
        % {"missing": "、".join(str(record_label(n)) for n in missing)},
        citations.RECORDS,
        field="records",
    )


# --- advisories (warn, never refuse) ----------------------------------------------------------


def limitation_advisory(ctx: Context) -> dict[str, str] | None:
    """Art. 36: a violation not discovered within 2 years (5 where life, health or financial
    security was involved and harm occurred) is no longer punished. Filing only warns: the end of a
    continuing act, or the day of discovery, may be later than the date typed."""
    case = ctx.case
    if case.violation_on is None:
        return None
    years = LIMITATION_YEARS[1] if case.harms_safety else LIMITATION_YEARS[0]
    try:
        limit = case.violation_on.replace(year=case.violation_on.year + years)
    except ValueError:  # 29 February
        limit = case.violation_on.replace(year=case.violation_on.year + years, day=28)
    if ctx.on <= limit:
        return None
    return {
        "code": "limitation_period",
        "message": str(
            _(
                "The violation of %(day)s may be beyond the %(years)d-year limitation period (ended %(limit)s): check when it was discovered or ended."
            )
            % {"day": case.violation_on.isoformat(), "years": years, "limit": limit.isoformat()}
        ),
        "citation": str(citations.ART_36),
    }


# --- the decision period: extensions and time not counted (Art. 60) --------------------------


def extensions_done(case: Case) -> int:
    return case.acts.filter(act__in=("extend_decision_period", "extend_by_collective_discussion")).count()


def first_extension(ctx: Context) -> Refusal | None:
    """Market regulation: the head may extend the 90 days once, by at most the policy's days
    (default 30); a further extension needs the heads' collective discussion."""
    if extensions_done(ctx.case):
        return Refusal(
            "extension_needs_collective_discussion",
            _(
                "The period was extended once already; a further extension needs the heads' collective discussion."
            ),
            citations.DECISION_EXTENSION,
        )
    days = ctx.data.get("days")
    limit = int(policy.value("cases.decision_extension_days", ctx.case.agency.policy_scopes()))
    if ctx.preview or days is None or days <= limit:
        return None
    return Refusal(
        "extension_too_long",
        _("The head may extend the decision period by at most %(limit)d days.") % {"limit": limit},
        citations.DECISION_EXTENSION,
        error=Invalid,
        field="days",
    )


def after_first_extension(ctx: Context) -> Refusal | None:
    if extensions_done(ctx.case):
        return None
    return Refusal(
        "extension_first_by_head",
        _("The first extension is approved by the head; collective discussion is for a further one."),
        citations.DECISION_EXTENSION,
    )


def decision_period_running(ctx: Context) -> Refusal | None:
    if ctx.case.decision_paused_on is None:
        return None
    return Refusal(
        "decision_period_paused",
        _("The decision period is not counted since %(day)s; record that counting resumes first.")
        % {"day": ctx.case.decision_paused_on.isoformat()},
        citations.DECISION_PAUSE,
    )


def decision_period_paused(ctx: Context) -> Refusal | None:
    if ctx.case.decision_paused_on is not None:
        return None
    return Refusal(
        "decision_period_not_paused",
        _("The decision period is being counted; there is no pause to end."),
        citations.DECISION_PAUSE,
    )


def pause_not_before(ctx: Context) -> Refusal | None:
    paused = ctx.case.decision_paused_on
    if paused is None or ctx.on >= paused:
        return None
    return Refusal(
        "resume_before_pause", _("Counting cannot resume before it stopped."), citations.DECISION_PAUSE
    )


# --- hearing waived (Art. 64(8)) -------------------------------------------------------------


def waiver_fits_the_hearing(ctx: Context) -> Refusal | None:
    """Art. 64(8): absence or walking out waives the hearing only once it was notified and its day
    came; a request may be withdrawn at any time before."""
    how = ctx.data.get("how")
    if ctx.preview or how in (None, "", "withdrawn"):
        return None
    day = ctx.case.hearing_on
    if ctx.case.state == "hearing_noticed" and day is not None and ctx.on >= day:
        return None
    return Refusal(
        "hearing_not_held_yet",
        _("The party can be absent from or leave a hearing only on its notified day."),
        citations.ART_64_8,
        error=Invalid,
        field="how",
    )


# --- recusal (Art. 43) -----------------------------------------------------------------------


def recusal_acts(case: Case) -> list[tuple[str, dict[str, Any]]]:
    return [
        (act, data or {})
        for act, data in case.acts.filter(act__in=("request_recusal", "decide_recusal"))
        .order_by("occurred_at", "id")
        .values_list("act", "data")
    ]


def recused_officer_ids(case: Case) -> set[int]:
    """Officers whose recusal the head granted (Art. 43): they no longer act on the case."""
    return {
        _officer_id(data)
        for act, data in recusal_acts(case)
        if act == "decide_recusal" and data.get("outcome") == "granted" and _officer_id(data)
    }


def _officer_id(data: dict[str, Any]) -> int:
    officer = data.get("officer") or {}
    return int(officer.get("id") or 0) if isinstance(officer, dict) else 0


def pending_recusal_ids(case: Case) -> set[int]:
    pending: set[int] = set()
    for act, data in recusal_acts(case):
        officer = _officer_id(data)
        if act == "request_recusal":
            pending.add(officer)
        else:
            pending.discard(officer)
    return pending


def recusal_pending(ctx: Context) -> Refusal | None:
    officer = ctx.data.get("officer")
    pending = pending_recusal_ids(ctx.case)
    if (ctx.preview and pending) or (officer is not None and officer.pk in pending):
        return None
    return Refusal(
        "recusal_not_requested",
        _("There is no pending recusal request against this officer."),
        citations.ART_43,
        error=Invalid if not ctx.preview else WrongState,
        field="officer",
    )


def officer_is_on_the_case(ctx: Context) -> Refusal | None:
    officer = ctx.data.get("officer")
    if ctx.preview or officer is None or officer.pk in investigator_ids(ctx.case):
        return None
    return Refusal(
        "officer_not_on_case",
        _("%(name)s does not handle this case.") % {"name": officer.name},
        citations.ART_43,
        error=Invalid,
        field="officer",
    )


def no_recused_officer(ctx: Context) -> Refusal | None:
    """Art. 43: an officer whose recusal was granted takes no further part — not among the act's
    officers, not as the one acting, not as the hearing chair."""
    if "recused" not in ctx.cache:
        ctx.cache["recused"] = recused_officer_ids(ctx.case)
    recused: set[int] = ctx.cache["recused"]
    if not recused:
        return None
    names = [o.name for o in ctx.officers if o.pk in recused]
    actor_officer = getattr(ctx.actor, "officer_id", None)
    if actor_officer in recused:
        names.append(str(ctx.actor))
    chair = ctx.data.get("chair")
    if chair is not None and getattr(chair, "pk", None) in recused:
        names.append(chair.name)
    if not names:
        return None
    return Refusal(
        "officer_recused",
        _("%(names)s was recused from this case and may not act on it.")
        % {"names": "、".join(dict.fromkeys(names))},
        citations.ART_43,
        field="officers",
    )


# --- the filing check and inspections ---------------------------------------------------------


def filing_check_not_extended(ctx: Context) -> Refusal | None:
    if not ctx.case.acts.filter(act="extend_filing_check").exists():
        return None
    return Refusal(
        "filing_check_extended",
        _("The filing check was extended once already."),
        citations.FILING_CHECK,
    )


def violation_found(ctx: Context) -> Refusal | None:
    """Only an inspection whose result is a suspected violation opens a penalty case, and only one."""
    result = (
        ctx.case.acts.filter(act="record_result").order_by("-id").values_list("data", flat=True).first() or {}
    )
    if result.get("result") != "case_opened":
        return Refusal(
            "no_violation_found",
            _("The inspection's result is not a suspected violation."),
            citations.ART_54,
        )
    if ctx.case.derived_cases.exists():
        return Refusal(
            "case_already_opened",
            _("A penalty case was already opened from this inspection."),
            citations.ART_54,
        )
    return None


# --- evidence preservation and sealing or seizure (处罚法 Art. 56; 行政强制法 Arts. 18-28) -------


def _acts_done(case: Case, act: str) -> int:
    return case.acts.filter(act=act).count()


def measure_running(case: Case, rule_id: str) -> bool:
    """A preservation or seizure whose period the case still keeps (not decided, released or stopped)."""
    return case.deadlines.filter(
        rule_id=rule_id,
        status__in=(DeadlineStatus.OPEN, DeadlineStatus.PENDING_CALENDAR),
        ended_on__isnull=True,
    ).exists()


def preservation_approved(ctx: Context) -> Refusal | None:
    """处罚法 Art. 56: evidence is registered and preserved in advance only with the approval of the
    agency's head; each approval covers one preservation."""
    if _acts_done(ctx.case, "approve_preservation") > _acts_done(ctx.case, "preserve_evidence"):
        return None
    return Refusal(
        "preservation_not_approved",
        _("Registering and preserving evidence in advance needs the approval of the agency head first."),
        citations.ART_56,
    )


def preservation_pending(ctx: Context) -> Refusal | None:
    if measure_running(ctx.case, "evidence.preservation"):
        return None
    return Refusal(
        "no_preservation_pending",
        _("No registered and preserved evidence of this case awaits a decision."),
        citations.ART_56,
    )


def preserved_items_decided(ctx: Context) -> Refusal | None:
    """处罚法 Art. 56: the agency decides on preserved evidence within 7 (working) days, so an
    investigation does not close with preserved items still undecided."""
    if not measure_running(ctx.case, "evidence.preservation"):
        return None
    return Refusal(
        "preserved_items_undecided",
        _("Decide on the registered and preserved evidence first (within 7 working days of preserving it)."),
        citations.ART_56,
    )


def coercion_officers(ctx: Context) -> Refusal | None:
    """行政强制法 Art. 18(2): a compulsory measure is carried out by at least two officers holding
    enforcement certificates."""
    found = two_certified_officers(ctx)
    if found is None:
        return None
    return Refusal(found.code, found.message, citations.COERCION_18, field=found.field)


def seizure_approved(ctx: Context) -> Refusal | None:
    """行政强制法 Arts. 18(1) and 19: approval by the head before the measure; only in an emergency
    on the spot may the officers act first, report within 24 hours and obtain the approval after.
    In preview the emergency is not known yet, so the act is offered."""
    if ctx.data.get("emergency") or ctx.preview:
        return None
    if _acts_done(ctx.case, "approve_seizure") > _acts_done(ctx.case, "seal_or_seize"):
        return None
    return Refusal(
        "seizure_not_approved",
        _(
            "Sealing or seizure needs the approval of the agency head first; only in an emergency on "
            "the spot may it be done first and reported to the head within 24 hours."
        ),
        citations.COERCION_19,
        field="emergency",
    )


def no_seizure_running(ctx: Context) -> Refusal | None:
    """One sealing or seizure decision with its list of items runs at a time (行政强制法 Art. 24:
    the decision lists the items; Art. 25: its period is counted from it)."""
    if not measure_running(ctx.case, "coercion.seizure"):
        return None
    return Refusal(
        "seizure_running",
        _("A sealing or seizure of this case is still running; release it before deciding a new one."),
        citations.COERCION_24,
    )


def seizure_running(ctx: Context) -> Refusal | None:
    if measure_running(ctx.case, "coercion.seizure"):
        return None
    return Refusal(
        "no_seizure_running",
        _("No sealing or seizure of this case is running."),
        citations.COERCION_27_28,
    )


SEIZURE_EXTENSION_LIMIT = 30  # 行政强制法 Art. 25: extended once, by at most 30 days


def seizure_extension_allowed(ctx: Context) -> Refusal | None:
    """行政强制法 Art. 25: 30 days, extendable once by at most 30 days with the head's approval,
    before the period ends."""
    last = ctx.case.acts.filter(act="seal_or_seize").order_by("-occurred_at", "-id").first()
    if last is not None and ctx.case.acts.filter(act="extend_seizure", id__gt=last.id).exists():
        return Refusal(
            "seizure_extended_once",
            _("The sealing or seizure was extended once already; it cannot be extended again."),
            citations.COERCION_25,
        )
    row = latest_deadline(ctx.case, "coercion.seizure")
    if row is not None and not still_running(row, ctx.on):
        return Refusal(
            "seizure_period_over",
            _("The period of sealing or seizure ended on %(day)s; it can only be released now.")
            % {"day": due_of(row).isoformat()},
            citations.COERCION_25,
        )
    days = ctx.data.get("days")
    if ctx.preview or days is None or days <= SEIZURE_EXTENSION_LIMIT:
        return None
    return Refusal(
        "seizure_extension_too_long",
        _("Sealing or seizure may be extended by at most %(limit)d days.")
        % {"limit": SEIZURE_EXTENSION_LIMIT},
        citations.COERCION_25,
        error=Invalid,
        field="days",
    )


def no_seizure_left(ctx: Context) -> Refusal | None:
    """行政强制法 Art. 28: a seizure no longer needed (no violation, or the case decided) is released
    by a decision; the case does not end over items still sealed or seized."""
    if not measure_running(ctx.case, "coercion.seizure"):
        return None
    return Refusal(
        "seizure_not_released",
        _("A sealing or seizure of this case is still running; release it first."),
        citations.COERCION_27_28,
    )


# --- administrative licence (行政许可法) ------------------------------------------------------


def licence_outcome(case: Case) -> str:
    """The outcome of the case's licence decision (``decide_licence``), "" before it is made."""
    data = (
        case.acts.filter(act="decide_licence").order_by("-occurred_at", "-id").values_list("data", flat=True)
    )
    first = data.first()
    return str((first or {}).get("outcome", ""))


def applicant_present(ctx: Context) -> Refusal | None:
    if ctx.case.parties.exists():
        return None
    return Refusal(
        "applicant_required",
        _("Add the applicant (natural person or organisation) first: the decision answers the applicant."),
        citations_licence.APPLICANT,
    )


def licence_verification_officers(ctx: Context) -> Refusal | None:
    """Art. 34 ¶3: the substance of the materials is verified on site by two or more officers; here,
    as for every enforcement act, each holds a certificate valid that day."""
    if len(ctx.certified) >= 2:
        return None
    return Refusal(
        "verification_officers",
        _(
            "On-site verification needs at least two officers holding an enforcement certificate valid "
            "on %(day)s (%(n)d do)."
        )
        % {"day": ctx.on.isoformat(), "n": len(ctx.certified)},
        citations_licence.VERIFICATION,
        field="officers",
    )


def licence_decision_complete(ctx: Context) -> Refusal | None:
    """Art. 38: a refusal states its reasons and the right to review or litigation; a grant names
    the licence (its number) and how long it is valid (Art. 39)."""
    if ctx.preview:
        return None
    data = ctx.data
    if data.get("outcome") == LicenceOutcome.REFUSED:
        for name, message in (
            ("reasons", _("A refusal states its reasons.")),
            ("remedies", _("A refusal tells the applicant of the right to review or litigation.")),
        ):
            if not data.get(name):
                return Refusal(
                    "licence_refusal_" + name, message, citations_licence.REFUSAL, error=Invalid, field=name
                )
        return None
    if not data.get("licence_number"):
        return Refusal(
            "licence_number_required",
            _("A grant gives the licence number."),
            citations_licence.GRANT,
            error=Invalid,
            field="licence_number",
        )
    valid_until = data.get("valid_until")
    if valid_until is None or valid_until <= ctx.on:
        return Refusal(
            "licence_validity",
            _("A grant gives the day until which the licence is valid, after the decision day."),
            citations_licence.GRANT,
            error=Invalid,
            field="valid_until",
        )
    return None


def licence_extension_once(ctx: Context) -> Refusal | None:
    if not ctx.case.acts.filter(act="extend_licence_period").exists():
        return None
    return Refusal(
        "licence_extended_already",
        _("The decision period was extended once already; the law allows one extension of 10 working days."),
        citations_licence.EXTENSION,
    )


def licence_granted(ctx: Context) -> Refusal | None:
    if licence_outcome(ctx.case) == LicenceOutcome.GRANTED:
        return None
    return Refusal(
        "licence_not_granted",
        _("A licence certificate is issued only for a granted licence."),
        citations_licence.CERTIFICATE,
    )


def licence_refused(ctx: Context) -> Refusal | None:
    """A granted licence is closed once its certificate is issued (Art. 44); a refusal at once."""
    if licence_outcome(ctx.case) == LicenceOutcome.REFUSED:
        return None
    return Refusal(
        "licence_certificate_first",
        _("The licence was granted: issue its certificate before closing the case."),
        citations_licence.CERTIFICATE,
    )
