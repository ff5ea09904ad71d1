"""Legal review of major decisions (重大执法决定法制审核, 处罚法 Art. 58; legal-rules C): the agency's
catalogue of major decisions, the classification of a case against it, review rounds with their
package, checklist and opinion, and the heads' collective discussion (Art. 57 ¶2).

Rows that record what happened (classifications, escalations, answers, discussions) are only ever
added; the record log holds the same steps with their actors."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Opinion(models.TextChoices):
    """legal-rules C-07, plus the crime transfer of C-05 item 10."""

    AGREE = "agree", _("Agree")
    CORRECT = "correct", _("Correct and resubmit")
    REFER = "refer", _("Refer to the competent body")
    CRIME = "crime", _("Transfer as a suspected crime")


class Answer(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
    NA = "na", _("Not applicable")


class Catalogue(models.Model):
    """The agency's 重大执法决定法制审核目录清单 as machine rules (legal-rules C-03, C-11). An empty
    threshold falls back to the policy setting of the agency's scope."""

    agency = models.OneToOneField("catalog.Agency", on_delete=models.PROTECT, related_name="+")
    review_all = models.BooleanField(_("review every decision except the simple procedure"), default=False)
    penalty_kinds = models.JSONField(_("penalty kinds that make a decision major"), default=list)
    fine_natural_person = models.DecimalField(
        _("fine from which a decision on a natural person is major"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    fine_organisation = models.DecimalField(
        _("fine from which a decision on an organisation is major"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    confiscation_value = models.DecimalField(
        _("confiscation value from which a decision is major"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    hearing_held = models.BooleanField(_("decided after a hearing"), default=True)
    many_parties = models.PositiveSmallIntegerField(
        _("number of parties from which a case is major (0: never)"), default=3
    )
    suspected_crime = models.BooleanField(_("a crime is suspected"), default=True)
    # legal-rules C-11: only some local catalogues list these, so the first is off by default.
    outside_benchmark = models.BooleanField(
        _("a fine outside the range of the discretion benchmark grade"), default=False
    )
    dispute = models.BooleanField(_("the facts are disputed or a party contests them"), default=True)
    updated_at = models.DateTimeField(_("updated at"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    def __str__(self) -> str:
        return f"catalogue of agency {self.agency_id}"


class Classification(models.Model):
    """One run of the catalogue against the draft decision, kept as history."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    act = models.CharField(max_length=40, blank=True)
    matched = models.JSONField(default=list)  # [{"rule": id, "label": str, "citation": str}]
    draft = models.JSONField(default=dict)
    draft_hash = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"classification {self.pk} of case {self.case_id}"


class Escalation(models.Model):
    """An officer marks a case major (complex facts, major public interest, …) with a reason. It
    cannot be withdrawn: no one downgrades a major case."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    ground = models.CharField(_("ground"), max_length=24)
    reason = models.CharField(_("reason"), max_length=500)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"escalation of case {self.case_id}"


class ReviewerProfile(models.Model):
    """处罚法 Art. 58 ¶2: one reviewing penalties for the first time holds the national legal
    qualification (法律职业资格)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviewer_profile"
    )
    qualification_number = models.CharField(
        _("legal qualification certificate number"), max_length=40, blank=True
    )
    first_time = models.BooleanField(_("has not reviewed penalty decisions before"), default=True)
    qualified_on = models.DateField(_("legal qualification granted on"), null=True, blank=True)
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"reviewer profile of {self.user_id}"


class ReviewRound(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField()
    package = models.JSONField(default=dict)  # material -> note
    note = models.TextField(_("explanatory note"))
    draft = models.JSONField(default=dict)
    draft_hash = models.CharField(max_length=64)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()
    due = models.DateField(_("review due"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recused = models.JSONField(default=list)  # user ids who stepped down from this round
    # legal-rules C-06: the reviewer may ask for missing material; the handler supplies it within
    # the supplement window, and the review period runs again from the complete package.
    supplement_asked = models.CharField(_("material asked for"), max_length=1000, blank=True)
    supplement_due = models.DateField(_("supplement due"), null=True, blank=True)
    supplemented_at = models.DateTimeField(null=True, blank=True)
    opinion = models.CharField(_("opinion"), max_length=8, choices=Opinion.choices, blank=True)
    opinion_text = models.TextField(_("opinion text"), blank=True)
    opinion_at = models.DateTimeField(null=True, blank=True)
    # The due day the last reminder was for: one reminder per due day (a supplement moves it).
    reminded_for = models.DateField(null=True, blank=True)
    # legal-rules C-08: the period may be extended once, with the head's approval (policy days).
    extended_days = models.PositiveSmallIntegerField(default=0)
    # The reviewer asks for the extension; the head approves (``extend``) or refuses it. One
    # request may be pending at a time; after a refusal the reviewer may ask again, which clears the
    # refusal here (the record log keeps every request and refusal).
    extension_requested_at = models.DateTimeField(null=True, blank=True)
    extension_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    extension_request_reason = models.CharField(_("reason for the extension"), max_length=500, blank=True)
    extension_refused_at = models.DateTimeField(null=True, blank=True)
    extension_refusal_reason = models.CharField(_("reason for the refusal"), max_length=500, blank=True)

    class Meta:
        ordering = ("case", "number")
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="legal_review_round_number"),
            # ARCHITECTURE rule 9: one open legal review per decision.
            models.UniqueConstraint(
                fields=["case"], condition=Q(opinion=""), name="legal_review_one_open_round"
            ),
        ]

    def __str__(self) -> str:
        return f"review round {self.number} of case {self.case_id}"

    @property
    def passed(self) -> bool:
        return self.opinion == Opinion.AGREE

    @property
    def extension_pending(self) -> bool:
        """Asked for, and neither granted nor refused since (a new request clears the refusal)."""
        return (
            self.extension_requested_at is not None
            and not self.extended_days
            and self.extension_refused_at is None
        )


class ChecklistAnswer(models.Model):
    round = models.ForeignKey(ReviewRound, on_delete=models.PROTECT, related_name="answers")
    point = models.PositiveSmallIntegerField()
    answer = models.CharField(max_length=4, choices=Answer.choices)
    comment = models.CharField(max_length=1000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ("round", "point", "id")

    def __str__(self) -> str:
        return f"answer {self.point} of round {self.round_id}"


class Discussion(models.Model):
    """处罚法 Art. 57 ¶2: the heads' collective discussion of a major case, after a passed review."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(ReviewRound, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField(_("held on"))
    attendees = models.CharField(_("attendees"), max_length=500)
    opinions = models.TextField(_("opinions"))
    conclusion = models.TextField(_("conclusion"))
    draft_hash = models.CharField(max_length=64)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    # The 集体讨论记录 issued with it (null for discussions recorded before it was issued).
    document = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    def __str__(self) -> str:
        return f"discussion of case {self.case_id}"


class AdviserRole(models.TextChoices):
    """国办发〔2018〕118号 §四: the agency's legal advisers and public-service lawyers take part in
    the legal review."""

    LEGAL_ADVISER = "legal_adviser", _("Legal adviser")
    PUBLIC_LAWYER = "public_lawyer", _("Public-service lawyer")
    OTHER = "other", _("Other legal expert")


class Consultation(models.Model):
    """A legal adviser's opinion (法律顾问意见) on a major case, kept with the 法律顾问意见书 issued
    for it. Only ever added: a second opinion is a new row."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(ReviewRound, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    adviser_name = models.CharField(_("adviser"), max_length=100)
    adviser_role = models.CharField(_("adviser's role"), max_length=16, choices=AdviserRole.choices)
    adviser_organisation = models.CharField(_("adviser's organisation"), max_length=200, blank=True)
    question = models.TextField(_("question put to the adviser"))
    opinion = models.TextField(_("adviser's opinion"))
    consulted_on = models.DateField(_("consulted on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    document = models.ForeignKey("documents.Document", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ("case", "consulted_on", "id")

    def __str__(self) -> str:
        return f"consultation {self.pk} of case {self.case_id}"
