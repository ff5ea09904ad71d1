"""The case aggregate: a case, its parties and officers, the append-only timeline of acts with the
records attached to them, and the deadlines the acts started.

A case's ``state`` and ``version`` change only in ``procedures.engine.transition``, by a
compare-and-set on ``version``; everything else about a case is written by ``cases.actions``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sanxiang.cases.enums import (
    CaseSource,
    CaseState,
    DeadlineMode,
    DeadlineStatus,
    PartyKind,
    ProcedureKind,
)
from sanxiang.cases.penalties import Penalty
from sanxiang.cases.records import record_label


class CaseCounter(models.Model):
    """The last case number issued per agency, year and series (立/简/检). Locked with
    ``select_for_update`` while a number is taken, so concurrent filings get distinct numbers."""

    agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=4)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "series"], name="unique_case_counter")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.series}〔{self.year}〕{self.last}"


class Case(models.Model):
    agency = models.ForeignKey(
        "catalog.Agency", on_delete=models.PROTECT, related_name="cases", verbose_name=_("agency")
    )
    procedure = models.CharField(_("procedure"), max_length=12, choices=ProcedureKind.choices)
    state = models.CharField(_("state"), max_length=24, choices=CaseState.choices)
    # Compare-and-set token: every transition updates ``WHERE version = v`` and sets v + 1.
    version = models.PositiveIntegerField(default=1)
    number = models.CharField(_("case number"), max_length=60, blank=True)
    title = models.CharField(_("case title"), max_length=200)
    enforcement_item = models.ForeignKey(
        "catalog.EnforcementItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("enforcement item"),
    )
    source = models.CharField(_("source"), max_length=12, choices=CaseSource.choices)
    facts = models.TextField(_("violation facts"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    benchmark_grade = models.ForeignKey(
        "catalog.BenchmarkGrade",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("discretion benchmark grade"),
    )
    violation_on = models.DateField(_("date of the violation (or its end)"), null=True, blank=True)
    harms_safety = models.BooleanField(
        _("life, health or financial security involved and harm occurred"), default=False
    )
    limitation_warning = models.CharField(_("limitation warning"), max_length=300, blank=True)
    proposed_penalty = models.JSONField(_("proposed penalty"), default=dict, blank=True)
    notified_penalty = models.JSONField(_("notified penalty"), default=dict, blank=True)
    decided_penalty = models.JSONField(_("decided penalty"), default=dict, blank=True)
    decided_fine = models.DecimalField(
        _("fine decided (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    hearing_offered = models.BooleanField(_("hearing rights offered"), default=False)
    statement_made = models.BooleanField(_("the party made a statement or defence"), default=False)
    statement_waived = models.BooleanField(
        _("the party waived statement and hearing in writing"), default=False
    )
    notice_served_on = models.DateField(_("prior notice served on"), null=True, blank=True)
    hearing_on = models.DateField(_("hearing date"), null=True, blank=True)
    hearing_chair = models.ForeignKey(
        "catalog.Officer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hearing chair"),
    )
    # The day the clue was discovered or the material received: the filing check runs from it.
    discovered_on = models.DateField(_("clue discovered on"), null=True, blank=True)
    # An inspection whose result found a suspected violation and opened this case.
    origin = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="derived_cases",
        verbose_name=_("opened from"),
    )
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    decision_extension_days = models.PositiveIntegerField(_("approved extension (days)"), default=0)
    # Time not counted in the decision period (hearing, appraisal, announcement, suspension): the
    # running pause, and the days of the pauses that ended.
    decision_paused_on = models.DateField(_("decision period paused since"), null=True, blank=True)
    decision_pause_reason = models.CharField(_("reason of the pause"), max_length=16, blank=True)
    decision_paused_days = models.PositiveIntegerField(_("days not counted"), default=0)
    # Administrative review or litigation pending: the late-payment surcharge does not run
    # (处罚法 Art. 73 ¶3) and no court application is made.
    remedy_since = models.DateField(_("review or litigation pending since"), null=True, blank=True)
    remedy_kind = models.CharField(_("review or litigation"), max_length=12, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    served_on = models.DateField(_("decision served on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Set once by ``actions.mark_archived`` when the electronic case file (电子案卷) is sealed; from
    # then on nothing may be added to the case, its evidence or its documents.
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    archive_digest = models.CharField(_("case file digest"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("case")
        ordering = ["-created_at", "-id"]
        constraints = [
            # Relied on by cases.numbering: a number is issued once per agency.
            models.UniqueConstraint(
                fields=["agency", "number"], condition=~Q(number=""), name="unique_case_number_per_agency"
            ),
        ]
        indexes = [models.Index(fields=["agency", "state"], name="case_by_agency_state")]

    def __str__(self) -> str:
        return self.number or self.title

    def penalty(self, which: str) -> Penalty:
        return Penalty.from_json(getattr(self, f"{which}_penalty"))

    def parties_kind(self) -> set[str]:
        return {p.kind for p in self.parties.all()}


class Party(models.Model):
    """当事人: a natural person (with a resident identity card number) or an organisation (with its
    unified social credit code). A case may have several."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="parties")
    kind = models.CharField(_("party type"), max_length=16, choices=PartyKind.choices)
    name = models.CharField(_("name"), max_length=100)
    id_number = models.CharField(_("identity card number"), max_length=18, blank=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    added_at = models.DateTimeField(_("added at"))

    class Meta:
        verbose_name = _("party")
        ordering = ["case", "id"]
        constraints = [
            models.CheckConstraint(
                name="party_has_its_identifier",
                condition=(Q(kind="natural_person") & ~Q(id_number=""))
                | (Q(kind="organisation") & ~Q(credit_code="")),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CaseOfficer(models.Model):
    """An officer assigned to handle the case (承办人员)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assignments")
    officer = models.ForeignKey("catalog.Officer", on_delete=models.PROTECT, related_name="case_assignments")
    lead = models.BooleanField(_("lead officer"), default=False)
    assigned_at = models.DateTimeField()
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["-lead", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "officer"], name="unique_case_officer")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.officer_id}"


class Act(models.Model):
    """One act on a case, as it happened: never edited, never deleted (the record log holds the
    same act tamper-evidently, ``log_entry``)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="acts")
    act = models.CharField(_("act"), max_length=40)
    from_state = models.CharField(_("from state"), max_length=24, choices=CaseState.choices, blank=True)
    to_state = models.CharField(_("to state"), max_length=24, choices=CaseState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    actor_label = models.CharField(max_length=300)
    # [{"officer_id", "name", "certificate"}] — the certificate valid on the day, or "" if none was.
    officers = models.JSONField(default=list)
    data = models.JSONField(default=dict)
    warnings = models.JSONField(default=list)
    occurred_at = models.DateTimeField(_("time"))
    log_entry = models.ForeignKey("recordlog.Entry", on_delete=models.PROTECT, related_name="+", null=True)

    class Meta:
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.act}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise RuntimeError("case acts are append-only")
        super().save(*args, **kwargs)


class ActRecord(models.Model):
    """A document or record (文书/记录) present for an act, by name, until the documents app gives
    them bodies. Closing a case checks that every record its procedure requires is here."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="records")
    act = models.ForeignKey(Act, on_delete=models.PROTECT, related_name="records")
    name = models.CharField(max_length=60)
    note = models.CharField(max_length=300, blank=True)
    added_at = models.DateTimeField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return str(record_label(self.name))


class CaseDeadline(models.Model):
    """A period running on a case, with the rule that produced it and a sentence explaining it.

    ``due`` is empty while the period is ``pending_calendar``: its last day lies in a year whose
    holiday schedule has not been entered, so it is not known yet (ARCHITECTURE rule 4: never
    guessed). A pending period with ``ended_on`` set was ended by an act whose timeliness depends on
    that day; completing the year sets the day and settles the status."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="deadlines")
    rule_id = models.CharField(max_length=60)
    citation = models.CharField(_("legal basis"), max_length=200)
    start_event = models.CharField(_("start event"), max_length=100)
    start_date = models.DateField(_("start date"))
    days = models.PositiveIntegerField()
    mode = models.CharField(_("counting"), max_length=16, choices=DeadlineMode.choices)
    due = models.DateField(_("due"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)  # hour-counted periods only
    explanation = models.CharField(_("explanation"), max_length=300)
    party_window = models.BooleanField(default=False)  # the party's period, not the agency's duty
    status = models.CharField(
        _("status"), max_length=20, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN
    )
    started_by = models.ForeignKey(Act, on_delete=models.PROTECT, related_name="started_deadlines")
    ended_by = models.ForeignKey(
        Act, on_delete=models.PROTECT, related_name="ended_deadlines", null=True, blank=True
    )
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due", "id"]
        indexes = [
            # Used by the workbench's due-soon and overdue lists.
            models.Index(fields=["status", "due"], name="case_deadline_open_due"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.rule_id} {self.due or self.status}"
