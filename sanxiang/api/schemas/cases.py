"""Case shapes. Fields are listed explicitly, never ``fields="__all__"``: a column added to a case
later cannot leak through the API. Parties' identity card numbers, addresses and telephones are
given only to readers of the case's own agency (its staff and its tokens with ``cases:read``);
supervisors and administrators of the region see a party's type, name and, for an organisation, the
unified social credit code (which is public in the enterprise credit register)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema

from sanxiang.api.schemas.common import AgencyRef, ErrorOut

# --- reading ----------------------------------------------------------------------------------


class PenaltyOut(Schema):
    kinds: list[str]
    fine: Decimal | None
    confiscation_value: Decimal | None
    detail: str
    description: str  # the penalty in words, e.g. 警告、罚款5000元


class DeadlineOut(Schema):
    """A period running (or ended) on the case, with the rule and a sentence explaining it."""

    rule_id: str
    citation: str
    start_event: str
    start_date: dt.date
    days: int
    mode: str
    mode_label: str
    # null while ``status`` is "pending_calendar": the last day lies in a year whose holiday
    # schedule is not entered yet, and is set (never guessed) once it is; ``explanation`` says so.
    due: dt.date | None
    due_at: dt.datetime | None
    explanation: str
    party_window: bool  # the party's period (to state, to ask for a hearing), not the agency's duty
    status: str
    status_label: str


class CaseOut(Schema):
    id: int
    number: str
    title: str
    agency: AgencyRef
    procedure: str
    procedure_label: str
    state: str
    state_label: str
    version: int  # send it back with an act (compare-and-set)
    source: str
    source_label: str
    enforcement_item_id: int | None
    created_at: dt.datetime
    filed_on: dt.date | None
    closed_at: dt.datetime | None
    next_deadline: DeadlineOut | None  # the earliest open duty of the agency on the case


class CasePage(Schema):
    count: int
    items: list[CaseOut]


class PartyOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    credit_code: str
    representative: str
    # Only for readers of the case's own agency; null for everyone else.
    id_number: str | None
    address: str | None
    phone: str | None


class CaseOfficerOut(Schema):
    officer_id: int
    name: str
    lead: bool


class ActOfficerOut(Schema):
    officer_id: int
    name: str
    certificate: str  # the certificate valid on the day of the act, "" if none was


class RecordOut(Schema):
    name: str
    label: str


class WarningOut(Schema):
    code: str
    message: str
    citation: str


class TimelineOut(Schema):
    id: int
    act: str
    act_label: str
    from_state: str
    from_state_label: str
    to_state: str
    to_state_label: str
    actor: str
    occurred_at: dt.datetime
    officers: list[ActOfficerOut]
    records: list[RecordOut]
    warnings: list[WarningOut]
    data: dict[str, Any]


class ActFieldOut(Schema):
    """One input of an act: send it in ``values`` (or, for the penalty, in ``penalty``)."""

    name: str
    label: str
    kind: str
    required: bool
    choices: list[str] | None = None


class ActOptionOut(Schema):
    """An act the procedure offers in the case's current state: allowed to the caller now, or
    refused with the coded reason and the article."""

    act: str
    label: str
    target_state: str
    target_state_label: str
    allowed: bool
    code: str
    reason: str
    citation: str
    fields: list[ActFieldOut]
    records: list[RecordOut]  # the documents the act carries (send their names in ``records``)
    penalty: str  # "", "optional" or "required"
    chooses_officers: bool


class DecisionWarningOut(Schema):
    """The decision period reached a warning point (policy ``cases.decision_warning_days``)."""

    point: int  # day of the 90 reached, e.g. 60 or 80
    left: int  # calendar days left to the last day (negative once it has passed)
    due: dt.date
    citation: str
    message: str


class SurchargeOut(Schema):
    """The late-payment surcharge on ``on`` (today, or the day paid): 3 % of the fine per day late,
    never of the surcharge, capped at the fine; days of pending review or litigation not counted."""

    fine: Decimal
    due: dt.date  # last day of the payment period
    on: dt.date
    late_days: int  # days counted
    paused_days: int  # days late but not counted (review or litigation pending)
    amount: Decimal
    capped: bool
    running: bool  # still growing day by day
    rate_per_day: Decimal
    explanation: str
    citation: str


class CaseDetailOut(CaseOut):
    facts: str
    legal_basis: str
    violation_on: dt.date | None
    harms_safety: bool
    limitation_warning: str
    proposed_penalty: PenaltyOut
    notified_penalty: PenaltyOut
    decided_penalty: PenaltyOut
    hearing_offered: bool
    statement_made: bool
    statement_waived: bool
    notice_served_on: dt.date | None
    hearing_on: dt.date | None
    hearing_chair: CaseOfficerOut | None  # the officer record chairing the hearing (never an investigator)
    decision_extension_days: int
    decided_on: dt.date | None
    served_on: dt.date | None
    discovered_on: dt.date | None  # the clue's day: the filing check runs from it
    origin_id: int | None  # the inspection this case was opened from
    decision_paused_on: dt.date | None  # the decision period is not counted since (a pause runs)
    decision_pause_reason: str
    decision_paused_days: int  # days not counted in pauses that ended
    decision_warning: DecisionWarningOut | None
    remedy_since: dt.date | None  # review or litigation pending since: the surcharge does not run
    remedy_kind: str
    surcharge: SurchargeOut | None
    parties: list[PartyOut]
    officers: list[CaseOfficerOut]
    deadlines: list[DeadlineOut]
    timeline: list[TimelineOut]
    acts: list[ActOptionOut]
    records: list[RecordOut]  # documents and records in the case file


class CaseStateErrorOut(ErrorOut):
    """A refusal because of the case's state (409): the error, and where the case now stands."""

    state: str | None = None
    state_label: str | None = None
    version: int | None = None


# --- writing ----------------------------------------------------------------------------------
# Text and choices are plain ``str``: the domain's cleaning gives coded, per-field errors.


class PartyIn(Schema):
    kind: str  # natural_person | organisation
    name: str
    id_number: str = ""
    credit_code: str = ""
    representative: str = ""
    address: str = ""
    phone: str = ""


class CaseIn(Schema):
    """A clue (general procedure), an on-the-spot case (simple), a planned inspection or a licence
    application (licence), for the caller's own agency. ``discovered_on``: the day the clue was
    discovered or the application's materials received (the filing check and the licence's
    acceptance period run from it; today if not given)."""

    procedure: str
    title: str
    source: str
    facts: str = ""
    legal_basis: str = ""
    violation_on: dt.date | None = None
    discovered_on: dt.date | None = None
    harms_safety: bool = False
    enforcement_item_id: int | None = None
    benchmark_grade_id: int | None = None
    parties: list[PartyIn] = []
    officer_ids: list[int] = []


class PenaltyIn(Schema):
    kinds: list[str] = []
    fine: Decimal | None = None
    confiscation_value: Decimal | None = None
    detail: str = ""


class ActIn(Schema):
    """An act on the case. ``version`` is the version the caller last read: if the case changed
    since, nothing is done and the answer is 409 ``case_changed``."""

    version: int
    records: list[str] = []
    officers: list[int] = []
    penalty: PenaltyIn | None = None
    values: dict[str, str | int | bool | None] = {}
    note: str = ""


class CaseEditIn(Schema):
    """A correction of the case's findings before the decision. Only the fields sent are changed;
    ``version`` is the version the caller read (409 ``case_changed`` if the case changed since)."""

    version: int
    reason: str
    facts: str | None = None
    legal_basis: str | None = None
    violation_on: dt.date | None = None
    benchmark_grade_id: int | None = None
