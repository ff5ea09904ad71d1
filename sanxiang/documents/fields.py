"""The fields a document template may use, and their values drawn from a case.

A template (ours or an agency's) may name only the fields its kind lists (``kinds``); the values are
built here from the case as it stands when the document is issued and are kept with the document,
so a document always shows what it showed when it was issued."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import cn2an
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sanxiang.cases.enums import PartyKind
from sanxiang.cases.models import Case
from sanxiang.cases.penalties import Penalty
from sanxiang.catalog.enums import CertificateStatus
from sanxiang.core import clock, policy
from sanxiang.documents.kinds import KINDS

# The forms a head signs to approve an act (审批表), and so the acts whose approval they print.
APPROVAL_FORMS = ("filing_approval", "decision_approval", "closing_approval")
APPROVING_ACTS = tuple(act for code in APPROVAL_FORMS for act in KINDS[code].acts)

# name -> label, shown to people who write a template and in the generic form layout.
FIELDS: dict[str, str | Promise] = {
    "agency_name": _("Agency"),
    "agency_address": _("Agency address"),
    "agency_phone": _("Agency telephone"),
    "document_title": _("Document title"),
    "document_number": _("Document number"),
    "issued_on": _("Date of issue"),
    "case_number": _("Case number"),
    "case_title": _("Case title"),
    "case_source": _("Source of the case"),
    "party_name": _("Party"),
    "party_kind": _("Party type"),
    "party_identifier": _("Identity card number or unified social credit code"),
    "party_representative": _("Legal representative"),
    "party_address": _("Address"),
    "party_phone": _("Telephone"),
    "officers": _("Officers and certificate numbers"),
    "facts": _("Violation facts"),
    "legal_basis": _("Legal basis"),
    "violation_on": _("Date of the violation (or its end)"),
    "filed_on": _("Filed on"),
    "proposed_penalty": _("Proposed penalty"),
    "notified_penalty": _("Notified penalty"),
    "penalty": _("Penalty"),
    "fine": _("Fine (yuan)"),
    "fine_upper": _("Fine in capital numerals"),
    "notice_served_on": _("Prior notice served on"),
    "hearing_offered": _("Hearing rights"),
    "statement_days": _("Window for statement and defence (working days)"),
    "hearing_on": _("Hearing date"),
    "hearing_chair": _("Hearing chair"),
    "decided_on": _("Decided on"),
    "served_on": _("Decision served on"),
    "payment_place": _("Where the fine is paid"),
    "reconsideration_body": _("Body for administrative reconsideration"),
    "litigation_body": _("Court for administrative litigation"),
}


def chinese_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def capital_amount(amount: Decimal | None) -> str:
    """The amount in capital numerals (大写), e.g. 伍仟元整, as on every Chinese payment document."""
    if amount is None:
        return ""
    return str(cn2an.an2cn(f"{amount:.2f}", "rmb"))


def _party(case: Case) -> dict[str, str]:
    party = case.parties.order_by("id").first()
    if party is None:
        return {k: "" for k in ("party_name", "party_kind", "party_identifier", "party_representative")} | {
            "party_address": "",
            "party_phone": "",
        }
    return {
        "party_name": party.name,
        "party_kind": str(PartyKind(party.kind).label),
        "party_identifier": party.credit_code or party.id_number,
        "party_representative": party.representative,
        "party_address": party.address,
        "party_phone": party.phone,
    }


def _signatories(case: Case) -> list[dict[str, str]]:
    """The case's officers with their certificate numbers, one signature line each on a 笔录 or
    审批表 (行政处罚法 Art. 55: officers show their certificates and the record is theirs too)."""
    rows = []
    for assignment in case.assignments.select_related("officer"):
        officer = assignment.officer
        certificate = officer.certificates.exclude(status=CertificateStatus.REVOKED).order_by("-id").first()
        rows.append(
            {"name": officer.name, "certificate": certificate.number if certificate is not None else ""}
        )
    return rows


def _officers(signatories: list[dict[str, str]]) -> str:
    return "、".join(
        f"{row['name']}（{gettext('certificate')} {row['certificate']}）"
        if row["certificate"]
        else row["name"]
        for row in signatories
    )


def _approvals(case: Case) -> dict[str, dict[str, str]]:
    """The head's approval of each act an approval form (审批表) is for, from the act itself: its
    note as the opinion, who did it and the day. Kept with the document, so an approval form issued
    (or re-issued) after the act prints what the head decided; one issued before prints empty boxes."""
    approvals: dict[str, dict[str, str]] = {}
    for act in case.acts.filter(act__in=APPROVING_ACTS).order_by("occurred_at", "id"):
        approvals[act.act] = {  # the latest act of a name wins (a decision made again)
            "opinion": str((act.data or {}).get("note") or "").strip() or gettext("Approved"),
            "approver": act.actor_label,
            "approved_on": chinese_date(timezone.localdate(act.occurred_at)),
        }
    return approvals


def _penalty_of(case: Case) -> Penalty:
    for which in ("decided", "notified", "proposed"):
        penalty = case.penalty(which)
        if not penalty.empty:
            return penalty
    return Penalty()


def case_values(case: Case, *, title: str, number: str, issued_on: dt.date | None = None) -> dict[str, Any]:
    """Every field of ``FIELDS`` for ``case``, as text (dates in Chinese, amounts also in 大写)."""
    agency = case.agency
    scopes = agency.policy_scopes()
    penalty = _penalty_of(case)
    fine = penalty.fine
    chair = case.hearing_chair.name if case.hearing_chair_id and case.hearing_chair else ""
    signatories = _signatories(case)
    return {
        "agency_name": agency.name,
        "agency_address": agency.address,
        "agency_phone": agency.phone,
        "document_title": title,
        "document_number": number,
        "issued_on": chinese_date(issued_on or clock.today()),
        "case_number": case.number,
        "case_title": case.title,
        "case_source": case.get_source_display(),
        **_party(case),
        "officers": _officers(signatories),
        # Not fields a template names: the layout prints them as signature lines (``rendering``).
        "signatories": signatories,
        "approvals": _approvals(case),
        "facts": case.facts,
        "legal_basis": case.legal_basis,
        "violation_on": chinese_date(case.violation_on),
        "filed_on": chinese_date(case.filed_on),
        "proposed_penalty": case.penalty("proposed").describe(),
        "notified_penalty": case.penalty("notified").describe(),
        "penalty": penalty.describe(),
        "fine": f"{fine:.2f}" if fine is not None else "",
        "fine_upper": capital_amount(fine),
        "notice_served_on": chinese_date(case.notice_served_on),
        "hearing_offered": gettext("yes") if case.hearing_offered else gettext("no"),
        "statement_days": str(policy.value("cases.statement_window_working_days", scopes)),
        "hearing_on": chinese_date(case.hearing_on),
        "hearing_chair": chair,
        "decided_on": chinese_date(case.decided_on),
        "served_on": chinese_date(case.served_on),
        "payment_place": str(policy.value("documents.payment_place", scopes) or "")
        or gettext("the bank named by the agency or the electronic payment system"),
        "reconsideration_body": agency.reconsideration_body
        or gettext("the people's government at the agency's level or the agency's superior department"),
        "litigation_body": agency.litigation_body or gettext("the competent people's court"),
    }


def label(name: str, entered: Mapping[str, Any] | None = None) -> str:
    return str(FIELDS.get(name) or (entered or {}).get(name) or name)
