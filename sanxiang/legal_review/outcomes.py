"""What a "crime" or "refer" opinion sets going, recorded with the opinion (legal-rules C-05 item 10,
C-07, C-12), and how it stands, for the case page. A crime opinion opens the transfer branch through
the engine (处罚法 Art. 27; 行政执法机关移送涉嫌犯罪案件的规定 Art. 5: the handlers report, the head
decides within 3 days): the handler who submitted the round proposes the transfer, citing the
opinion. The proposal is open at every stage before the decision, the prior notice and hearing
included (``cases.procedures.transfer.PROPOSE_FROM``), since a crime found late must still go (Art.
82 makes not transferring a liability). Where the engine refuses (the guards of the act fail, e.g.
fewer than two certified officers) the refusal is recorded and the head acts on the opinion. "Refer
to the competent body" decides nothing here: the referral is recorded and the case waits for the
head."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sanxiang.cases import actions as case_actions
from sanxiang.cases.enums import CaseState
from sanxiang.cases.models import Act, Case
from sanxiang.core.errors import DomainError
from sanxiang.core.roles import Role
from sanxiang.documents.models import Document
from sanxiang.inbox import actions as inbox
from sanxiang.legal_review import opinion_document
from sanxiang.legal_review.models import Opinion, ReviewRound
from sanxiang.recordlog import queries as recordlog_queries

CRIME_CITATION = _(
    "Provisions on the Transfer of Suspected Criminal Cases by Administrative Law Enforcement Organs, "
    "Art. 5; Administrative Penalty Law, Arts. 27 and 82"
)
# legal-rules C-07 (S/L): the reviewing body refers a case the agency has no jurisdiction over; the
# Penalty Law's rules of jurisdiction are Arts. 22 to 25 (legal-rules D-01, P).
REFER_CITATION = _(
    "Administrative Penalty Law, Arts. 22 to 25 (jurisdiction); State Council Guidance No. 118 (2018) §4"
)
TRANSFER_ACTS = ("propose_transfer", "approve_transfer", "reject_transfer", "hand_over")
TRANSFER_STATUS = {
    "propose_transfer": _("Transfer proposed: the head decides within 3 working days."),
    "approve_transfer": _("Transfer approved: the case goes to the public security organ within 24 hours."),
    "reject_transfer": _("The head rejected the transfer."),
    "hand_over": _("Transferred to the judicial organs."),
}


def _told(row: ReviewRound) -> list[Any]:
    """Who must act on the opinion: the submitter corrects and resubmits (legal-rules C-07); on a
    referral or a crime opinion the agency's heads decide (C-10: the head answers for the decision,
    行政执法机关移送涉嫌犯罪案件的规定 Art. 5)."""
    if row.opinion == Opinion.CORRECT:
        return [row.submitted_by] if row.submitted_by_id else []
    if row.opinion in (Opinion.REFER, Opinion.CRIME):
        heads = get_user_model().objects.filter(agency_id=row.case.agency_id, role=Role.HEAD, is_active=True)
        return list(heads.order_by("pk"))
    return []


def notify(row: ReviewRound, at: dt.datetime) -> list[int]:
    """An inbox message to whoever must act on the opinion, once per round (the dedup key), so an
    opinion that returns the case is not left unread in the record log only."""
    told: list[int] = []
    values = {"number": row.case.number or row.case_id, "round": row.number}
    link = reverse("cases:case", args=[row.case_id]) + "#legal-review"
    with translation.override(settings.LANGUAGE_CODE):
        if row.opinion == Opinion.CORRECT:
            subject = gettext("Legal review of case %(number)s (round %(round)d): correct and resubmit")
        elif row.opinion == Opinion.REFER:
            subject = gettext(
                "Legal review of case %(number)s (round %(round)d): refer to the competent body"
            )
        else:
            subject = gettext("Legal review of case %(number)s (round %(round)d): a crime is suspected")
        body = gettext("The reviewer's opinion: %(text)s") % {"text": row.opinion_text}
        for user in _told(row):
            message = inbox.send(
                recipient=user,
                kind=f"legal_review.opinion_{row.opinion}",
                subject=(subject % values)[:200],
                body=body[:2000],
                link=link,
                dedup_key=f"legal_review.round.{row.pk}.opinion",
                agency_id=row.case.agency_id,
                at=at,
            )
            if message is not None:
                told.append(user.pk)
    return told


def follow_up(row: ReviewRound, at: dt.datetime) -> dict[str, Any]:
    """The opinion's consequence, as fields of its record-log entry."""
    if row.opinion == Opinion.CORRECT:
        return {"returned_to": row.submitted_by_id, "notified": notify(row, at)}
    if row.opinion == Opinion.REFER:
        return {"referral": row.opinion_text, "left_to": "head", "notified": notify(row, at)}
    if row.opinion != Opinion.CRIME:
        return {}
    notified = notify(row, at)
    case = Case.objects.get(pk=row.case_id)
    note = f"法制审核意见（第{row.number}轮）认为涉嫌犯罪，应当移送司法机关：{row.opinion_text}"
    try:
        act = case_actions.perform(case, "propose_transfer", row.submitted_by, {"note": note[:2000]}, at=at)
    except DomainError as refusal:
        # The act is refused before or inside its own savepoint: nothing of it is written.
        return {
            "transfer_proposed": False,
            "transfer_refused": refusal.code,
            "left_to": "head",
            "notified": notified,
        }
    return {"transfer_proposed": True, "transfer_act_id": act.pk, "notified": notified}


@dataclass(frozen=True)
class Outcome:
    """A crime or refer opinion as the case page shows it: who decided, when, under which rule,
    what it set going and where that stands now."""

    round: ReviewRound
    label: str | Promise
    citation: str | Promise
    decided_by: Any
    decided_at: dt.datetime | None
    status: str | Promise
    transfer_act: Act | None
    latest_act: Act | None
    refused_code: str
    document: Document | None
    flowchart_url: str

    @property
    def kind(self) -> str:
        return str(self.round.opinion)

    @property
    def document_url(self) -> str:
        return reverse("documents:pdf", args=[self.document.pk]) if self.document is not None else ""


def _opinion_payload(row: ReviewRound) -> dict[str, Any]:
    entry = (
        recordlog_queries.entries_for_subject(row._meta.label_lower, row.pk)
        .filter(kind="legal_review.opinion")
        .order_by("-seq")
        .first()
    )
    return dict(entry.payload) if entry is not None else {}


def _referral_status(case: Case) -> str | Promise:
    if case.state in (CaseState.CLOSED, CaseState.NO_PENALTY, CaseState.NOT_FILED):
        return _("The head has acted on the referral: the case is at “%(state)s”.") % {
            "state": CaseState(case.state).label
        }
    return _("Referral recorded: the case waits for the head's decision on it.")


def outcome_of(row: ReviewRound) -> Outcome | None:
    """The outcome of a round whose opinion is crime or refer; None for any other round."""
    if row.opinion not in (Opinion.CRIME, Opinion.REFER):
        return None
    case = Case.objects.get(pk=row.case_id)
    payload = _opinion_payload(row)
    document = (
        Document.objects.filter(case=case, kind=opinion_document.KIND, number=payload.get("document_number"))
        .order_by("-pk")
        .first()
        if payload.get("document_number")
        else None
    )
    transfer_act = latest = None
    refused = ""
    if row.opinion == Opinion.CRIME:
        label, citation = Opinion.CRIME.label, CRIME_CITATION
        transfer_id = payload.get("transfer_act_id")
        transfer_act = Act.objects.filter(case=case, pk=transfer_id).first() if transfer_id else None
        if transfer_act is not None:
            latest = (
                Act.objects.filter(case=case, act__in=TRANSFER_ACTS, pk__gte=transfer_act.pk)
                .order_by("-pk")
                .first()
            )
            status: str | Promise = TRANSFER_STATUS[latest.act if latest is not None else "propose_transfer"]
        else:
            refused = str(payload.get("transfer_refused", ""))
            status = _("The transfer could not be proposed (%(code)s): the head acts on the opinion.") % {
                "code": refused or "—"
            }
    else:
        label, citation = Opinion.REFER.label, REFER_CITATION
        status = _referral_status(case)
    return Outcome(
        round=row,
        label=label,
        citation=citation,
        decided_by=row.reviewer,
        decided_at=row.opinion_at,
        status=status,
        transfer_act=transfer_act,
        latest_act=latest,
        refused_code=refused,
        document=document,
        flowchart_url=reverse("procedures:svg", args=[case.procedure]),
    )
