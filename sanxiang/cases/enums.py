"""Choices of the cases app. Identifiers are English; the Chinese legal terms are the labels."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcedureKind(models.TextChoices):
    GENERAL = "general", _("General penalty procedure")
    SIMPLE = "simple", _("Simple (on-the-spot) penalty procedure")
    INSPECTION = "inspection", _("Administrative inspection")
    LICENCE = "licence", _("Administrative licence")


class CaseState(models.TextChoices):
    """Every state of every procedure; each procedure table uses its own subset."""

    # general procedure
    CLUE = "clue", _("Clue registered")
    FILED = "filed", _("Filed")
    INVESTIGATING = "investigating", _("Under investigation")
    INVESTIGATION_CLOSED = "investigation_closed", _("Investigation closed")
    PRIOR_NOTICE_SERVED = "prior_notice_served", _("Prior notice served")
    HEARING_REQUESTED = "hearing_requested", _("Hearing requested")
    HEARING_NOTICED = "hearing_noticed", _("Hearing notified")
    HEARING_HELD = "hearing_held", _("Hearing held")
    # 处罚法 Art. 64(8): withdrawn, or the party did not come or walked out — the right is waived.
    HEARING_WAIVED = "hearing_waived", _("Hearing withdrawn or waived by absence")
    DECIDED = "decided", _("Decided")
    SERVED = "served", _("Decision served")
    REMINDER_SERVED = "reminder_served", _("Reminder to perform served")
    COURT_APPLIED = "court_applied", _("Compulsory execution applied for at the court")
    EXECUTED = "executed", _("Executed")
    CLOSED = "closed", _("Closed")
    NOT_FILED = "not_filed", _("Not filed")
    NO_PENALTY = "no_penalty", _("No penalty")
    # crime-transfer branch
    TRANSFER_PROPOSED = "transfer_proposed", _("Transfer to judicial organs proposed")
    TRANSFER_APPROVED = "transfer_approved", _("Transfer approved")
    TRANSFERRED = "transferred", _("Transferred to judicial organs")
    # simple procedure
    ON_THE_SPOT = "on_the_spot", _("On the spot")
    # inspection
    PLANNED = "planned", _("Inspection planned")
    INSPECTING = "inspecting", _("Inspecting")
    RESULT_RECORDED = "result_recorded", _("Inspection result recorded")
    # administrative licence (行政许可法 Arts. 32-44)
    APPLIED = "applied", _("Application received")
    ACCEPTED = "accepted", _("Application accepted")
    NOT_ACCEPTED = "not_accepted", _("Application not accepted")
    UNDER_REVIEW = "under_review", _("Application under review")
    LICENCE_DECIDED = "licence_decided", _("Licence decision made")
    CERTIFICATE_ISSUED = "certificate_issued", _("Licence certificate issued")


class CaseSource(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint or report")
    INSPECTION = "inspection", _("Inspection")
    REFERRAL = "referral", _("Referral by another body")
    TRANSFER = "transfer", _("Transferred from another agency")
    APPLICATION = "application", _("Application for an administrative licence")
    OTHER = "other", _("Other")


class PartyKind(models.TextChoices):
    NATURAL_PERSON = "natural_person", _("Natural person")
    ORGANISATION = "organisation", _("Legal person or other organisation")


class PenaltyKind(models.TextChoices):
    """处罚法 Art. 9. Administrative detention is a police power and is not offered here."""

    WARNING = "warning", _("Warning")
    CRITICISM = "criticism", _("Circulated criticism")
    FINE = "fine", _("Fine")
    CONFISCATION = "confiscation", _("Confiscation of unlawful gains or property")
    QUALIFICATION_LOWERED = "qualification_lowered", _("Lowering of qualification grade")
    LICENCE_SUSPENSION = "licence_suspension", _("Temporary suspension of a licence")
    LICENCE_REVOCATION = "licence_revocation", _("Revocation of a licence")
    ACTIVITY_RESTRICTION = "activity_restriction", _("Restriction of production or business activities")
    SUSPENSION = "suspension", _("Order to suspend production or business")
    CLOSURE = "closure", _("Order to close")
    EMPLOYMENT_RESTRICTION = "employment_restriction", _("Restriction on holding a post")


class DeadlineStatus(models.TextChoices):
    OPEN = "open", _("Running")
    MET = "met", _("Met")
    MISSED = "missed", _("Missed")
    STOPPED = "stopped", _("Stopped")
    # The last day falls in a year whose holiday schedule is not entered: it is set (never
    # guessed) when the year is completed, see ``cases.actions.recompute_pending_deadlines``.
    PENDING_CALENDAR = "pending_calendar", _("To be set once the holiday schedule is entered")


class DeadlineMode(models.TextChoices):
    WORKING_DAYS = "working_days", _("Working days")
    CALENDAR_DAYS = "calendar_days", _("Calendar days")
    HOURS = "hours", _("Hours")


class InspectionResult(models.TextChoices):
    NO_PROBLEM = "no_problem", _("No problem found")
    RECTIFICATION = "rectification", _("Rectification ordered")
    CASE_OPENED = "case_opened", _("Suspected violation: a case is to be filed")


class ExecutionMethod(models.TextChoices):
    PAID = "paid", _("Paid voluntarily")
    PERFORMED = "performed", _("Performed (no payment due)")
    COMPULSORY = "compulsory", _("Compulsory execution")


class DecisionPause(models.TextChoices):
    """Time not counted in the decision period (处罚法 Art. 60 "法律、法规、规章另有规定的，从其规定";
    市场监督管理行政处罚程序规定: 听证、公告、检测检验检疫鉴定 and suspension 中止 are not counted)."""

    HEARING = "hearing", _("Hearing")
    APPRAISAL = "appraisal", _("Testing, inspection, quarantine or appraisal")
    ANNOUNCEMENT = "announcement", _("Public announcement")
    SUSPENSION = "suspension", _("Suspension of the case")


class HearingWaiver(models.TextChoices):
    WITHDRAWN = "withdrawn", _("The party withdrew the hearing request")
    ABSENT = "absent", _("The party did not attend without good reason")
    WALKED_OUT = "walked_out", _("The party left the hearing without permission")


class RemedyKind(models.TextChoices):
    REVIEW = "review", _("Administrative review")
    LITIGATION = "litigation", _("Administrative litigation")


class RecusalOutcome(models.TextChoices):
    GRANTED = "granted", _("Recusal granted")
    REFUSED = "refused", _("Recusal refused")


class LicenceOutcome(models.TextChoices):
    """行政许可法 Art. 38: the application is granted, or refused in writing with reasons and remedies."""

    GRANTED = "granted", _("Licence granted")
    REFUSED = "refused", _("Licence refused")
