"""The kinds of official documents (执法文书) as data: for each, its title, the record of
``cases.records`` it satisfies, the procedures, states and acts it belongs to, the case fields its
template may use and the texts an officer writes into it. Adding a kind is adding a row here (and,
for a letter, its body template); the engine, the pages and the API read this table.

Formats after 市场监督管理行政处罚文书格式范本 (2021) and 司法部《行政检查文书基本格式文本(试行)》."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sanxiang.cases import citations as case_citations
from sanxiang.cases import citations_licence
from sanxiang.cases.enums import CaseState as S
from sanxiang.cases.enums import ProcedureKind as P
from sanxiang.core.cleaning import Spec
from sanxiang.documents import citations

# Every document may name these.
COMMON = (
    "agency_name",
    "agency_address",
    "agency_phone",
    "document_title",
    "document_number",
    "issued_on",
    "case_number",
    "case_title",
)
PARTY = (
    "party_name",
    "party_kind",
    "party_identifier",
    "party_representative",
    "party_address",
    "party_phone",
)
REMEDIES = ("reconsideration_body", "litigation_body")

PLACE = Spec("place", _("Place"), max_length=200)
FINDINGS = Spec("findings", _("Findings"), kind="multiline", max_length=10000)
OPINION = Spec("opinion", _("Opinion of the officers handling the case"), kind="multiline", max_length=5000)
ITEMS = Spec(
    "items", _("Items (one per line: name, quantity, where kept)"), kind="multiline", max_length=10000
)


@dataclass(frozen=True)
class DocumentKind:
    code: str
    title: str | Promise
    series: str  # the kind's character(s) in the document number, e.g. 罚 in 东市监罚〔2026〕7号
    states: dict[str, tuple[str, ...]]  # procedure -> states in which it may be issued
    record: str = ""  # the ``cases.records`` name an issued document of this kind counts as
    acts: tuple[str, ...] = ()  # the procedure acts it belongs to
    fields: tuple[str, ...] = ()  # case fields besides COMMON
    entered: tuple[Spec, ...] = ()  # texts the officer writes into the document
    letter: bool = False  # a letter to the party with its own body template (else a form table)
    names_person: bool = True  # shows the party's identity: a download is a read of personal data
    citation: str | Promise = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def allowed_fields(self) -> tuple[str, ...]:
        return (*COMMON, *self.fields, *(spec.name for spec in self.entered))

    def fits(self, procedure: str, state: str) -> bool:
        return state in self.states.get(procedure, ())


GENERAL_DECIDED = (S.DECIDED, S.SERVED, S.EXECUTED)
# 行政许可: the decision is written while the application is under review and issued with the act.
LICENCE_DECIDING = (S.UNDER_REVIEW, S.LICENCE_DECIDED)

KINDS: dict[str, DocumentKind] = {
    kind.code: kind
    for kind in (
        DocumentKind(
            "case_source",
            _("Case source registration form"),
            "源",
            {P.GENERAL: (S.CLUE,)},
            acts=("open",),
            fields=(*PARTY, "case_source", "facts"),
            entered=(Spec("clue", _("Content of the clue"), kind="multiline", max_length=5000),),
        ),
        DocumentKind(
            "filing_approval",
            _("Case filing approval form"),
            "立审",
            {P.GENERAL: (S.CLUE,)},
            record="filing_approval",
            acts=("file",),
            fields=(*PARTY, "case_source", "facts", "legal_basis", "violation_on", "officers"),
            entered=(OPINION,),
        ),
        DocumentKind(
            "on_site_record",
            _("On-site inspection record"),
            "检录",
            {P.GENERAL: (S.FILED, S.INVESTIGATING)},
            record="on_site_record",
            acts=("start_investigation",),
            fields=(*PARTY, "officers"),
            entered=(PLACE, FINDINGS),
        ),
        DocumentKind(
            "inquiry_record",
            _("Inquiry record"),
            "询",
            {P.GENERAL: (S.FILED, S.INVESTIGATING)},
            record="inquiry_record",
            acts=("start_investigation",),
            fields=(*PARTY, "officers"),
            entered=(
                Spec("interviewee", _("Person questioned"), max_length=100),
                PLACE,
                Spec(
                    "questions_answers",
                    _("Questions and answers"),
                    kind="multiline",
                    max_length=20000,
                ),
            ),
        ),
        DocumentKind(
            "evidence_list",
            _("Evidence collection form and list of evidence"),
            "证",
            {P.GENERAL: (S.INVESTIGATING,)},
            fields=(*PARTY, "officers"),
            entered=(ITEMS,),
        ),
        DocumentKind(
            "preservation_notice",
            _("Notice of registering and preserving evidence in advance"),
            "先保",
            {P.GENERAL: (S.INVESTIGATING,)},
            acts=("preserve_evidence",),
            fields=(*PARTY, "officers"),
            entered=(ITEMS, PLACE),
            letter=True,
            citation=citations.ART_56,
        ),
        # 查封、扣押 (行政强制法 Arts. 24, 28): the decision with its list of items, and its release.
        DocumentKind(
            "seizure_decision",
            _("Decision on sealing or seizure, with the list of items"),
            "强",
            {P.GENERAL: (S.INVESTIGATING,)},
            record="seizure_decision",
            acts=("seal_or_seize",),
            fields=(*PARTY, "officers", "legal_basis"),
            entered=(ITEMS, PLACE),
            citation=case_citations.COERCION_24,
        ),
        DocumentKind(
            "seizure_release",
            _("Decision releasing the sealing or seizure"),
            "解强",
            {P.GENERAL: (S.INVESTIGATING, S.INVESTIGATION_CLOSED, S.PRIOR_NOTICE_SERVED, S.DECIDED)},
            record="seizure_release_decision",
            acts=("release_seizure",),
            fields=(*PARTY, "officers"),
            entered=(ITEMS,),
            citation=case_citations.COERCION_27_28,
        ),
        DocumentKind(
            "investigation_report",
            _("Investigation closing report"),
            "终",
            {P.GENERAL: (S.INVESTIGATING,)},
            record="investigation_report",
            acts=("close_investigation",),
            fields=(*PARTY, "officers", "facts", "legal_basis", "filed_on", "proposed_penalty"),
            entered=(FINDINGS, OPINION),
        ),
        DocumentKind(
            "prior_notice",
            _("Prior notice of administrative penalty"),
            "罚告",
            {P.GENERAL: (S.INVESTIGATION_CLOSED, S.HEARING_HELD)},
            record="prior_notice",
            acts=("serve_prior_notice", "serve_new_notice"),
            fields=(*PARTY, "facts", "legal_basis", "notified_penalty", "proposed_penalty", "statement_days"),
            letter=True,
            citation=citations.ART_44,
        ),
        DocumentKind(
            "hearing_rights_notice",
            _("Notice of the right to a hearing"),
            "听告",
            {P.GENERAL: (S.INVESTIGATION_CLOSED, S.PRIOR_NOTICE_SERVED)},
            fields=(*PARTY, "facts", "legal_basis", "proposed_penalty", "notified_penalty"),
            letter=True,
            citation=citations.ART_63_64,
        ),
        DocumentKind(
            "hearing_notice",
            _("Hearing notice"),
            "听通",
            {P.GENERAL: (S.HEARING_REQUESTED, S.HEARING_NOTICED)},
            record="hearing_notice",
            acts=("notify_hearing",),
            fields=(*PARTY, "hearing_on", "hearing_chair"),
            entered=(PLACE, Spec("hearing_time", _("Hearing date and time"), max_length=100)),
            letter=True,
            citation=citations.ART_63_64,
        ),
        DocumentKind(
            "hearing_record",
            _("Hearing record"),
            "听录",
            {P.GENERAL: (S.HEARING_NOTICED, S.HEARING_HELD)},
            record="hearing_record",
            acts=("hold_hearing",),
            fields=(*PARTY, "hearing_on", "hearing_chair", "officers"),
            entered=(
                PLACE,
                Spec("proceedings", _("Proceedings of the hearing"), kind="multiline", max_length=30000),
            ),
        ),
        DocumentKind(
            "statement_record",
            _("Record of statement and defence"),
            "陈",
            {P.GENERAL: (S.PRIOR_NOTICE_SERVED,)},
            record="statement_record",
            acts=("record_statement",),
            fields=(*PARTY, "officers", "notice_served_on"),
            entered=(
                Spec(
                    "statement", _("Statement and defence of the party"), kind="multiline", max_length=20000
                ),
            ),
        ),
        DocumentKind(
            "collective_discussion",
            _("Record of the collective discussion of a major case"),
            "集",
            # Issued with the discussion, which follows a passed review before the decision.
            {
                P.GENERAL: (
                    S.INVESTIGATION_CLOSED,
                    S.PRIOR_NOTICE_SERVED,
                    S.HEARING_REQUESTED,
                    S.HEARING_NOTICED,
                    S.HEARING_HELD,
                    S.HEARING_WAIVED,
                )
            },
            fields=(*PARTY, "facts", "legal_basis", "proposed_penalty"),
            entered=(
                Spec("participants", _("Participants"), max_length=500),
                Spec("discussion", _("Discussion"), kind="multiline", max_length=20000),
                Spec("conclusion", _("Conclusion"), kind="multiline", max_length=5000),
            ),
        ),
        DocumentKind(
            "decision_approval",
            _("Penalty decision approval form"),
            "决审",
            {P.GENERAL: (S.PRIOR_NOTICE_SERVED, S.HEARING_HELD)},
            record="decision_approval",
            acts=("decide",),
            fields=(
                *PARTY,
                "facts",
                "legal_basis",
                "notified_penalty",
                "penalty",
                "fine",
                "fine_upper",
                "officers",
            ),
            entered=(OPINION,),
        ),
        DocumentKind(
            "decision",
            _("Administrative penalty decision"),
            "罚",
            {P.GENERAL: GENERAL_DECIDED},
            record="decision",
            acts=("decide",),
            fields=(
                *PARTY,
                "facts",
                "legal_basis",
                "penalty",
                "fine",
                "fine_upper",
                "decided_on",
                "payment_place",
                *REMEDIES,
            ),
            entered=(
                Spec("evidence", _("Evidence"), kind="multiline", max_length=10000),
                Spec(
                    "penalty_basis",
                    _("Legal basis of the penalty"),
                    kind="multiline",
                    max_length=2000,
                    required=False,
                ),
            ),
            letter=True,
            citation=citations.ART_59,
        ),
        DocumentKind(
            "on_the_spot_decision",
            _("On-the-spot administrative penalty decision"),
            "当罚",
            {P.SIMPLE: (S.ON_THE_SPOT, S.DECIDED)},
            record="on_the_spot_decision",
            acts=("decide_on_the_spot",),
            fields=(
                *PARTY,
                "facts",
                "legal_basis",
                "penalty",
                "fine",
                "fine_upper",
                "officers",
                "payment_place",
                *REMEDIES,
            ),
            entered=(PLACE,),
            letter=True,
            citation=citations.ART_52,
        ),
        DocumentKind(
            "service_receipt",
            _("Proof of service"),
            "送",
            {P.GENERAL: (S.DECIDED,), P.SIMPLE: (S.DECIDED,)},
            record="service_receipt",
            acts=("serve_decision",),
            fields=(*PARTY, "officers"),
            entered=(
                Spec("served_document", _("Document served and its number"), max_length=200),
                Spec("method", _("Manner of service"), max_length=100),
                Spec("recipient", _("Recipient"), max_length=100),
            ),
        ),
        DocumentKind(
            "payment_reminder",
            _("Reminder to perform the decision"),
            "催",
            {P.GENERAL: (S.SERVED,), P.SIMPLE: (S.SERVED,)},
            fields=(*PARTY, "penalty", "fine", "fine_upper", "decided_on", "served_on", "payment_place"),
            entered=(Spec("deadline", _("Perform by (date)"), kind="date"),),
            letter=True,
            citation=citations.ENFORCEMENT_ART_35,
        ),
        DocumentKind(
            "legal_review_opinion",
            _("Legal review opinion"),
            "法审",
            {
                P.GENERAL: (
                    S.INVESTIGATION_CLOSED,
                    S.PRIOR_NOTICE_SERVED,
                    S.HEARING_REQUESTED,
                    S.HEARING_NOTICED,
                    S.HEARING_HELD,
                    S.HEARING_WAIVED,
                )
            },
            fields=(*PARTY, "facts", "legal_basis", "proposed_penalty"),
            entered=(
                Spec("review_opinion", _("Legal review opinion"), kind="multiline", max_length=20000),
                Spec("checklist", _("Checklist results"), kind="multiline", max_length=20000),
                Spec("reviewer", _("Legal reviewer"), max_length=100),
                Spec("reviewed_on", _("Reviewed on"), kind="date"),
            ),
            citation=case_citations.ART_58,
        ),
        # 法律顾问意见书: issued by legal_review with the adviser's opinion (国办发〔2018〕118号 §四).
        DocumentKind(
            "legal_adviser_opinion",
            _("Legal adviser's opinion"),
            "法顾",
            {
                P.GENERAL: (
                    S.FILED,
                    S.INVESTIGATING,
                    S.INVESTIGATION_CLOSED,
                    S.PRIOR_NOTICE_SERVED,
                    S.HEARING_REQUESTED,
                    S.HEARING_NOTICED,
                    S.HEARING_HELD,
                    S.HEARING_WAIVED,
                    S.DECIDED,
                    S.SERVED,
                    S.REMINDER_SERVED,
                    S.COURT_APPLIED,
                    S.EXECUTED,
                    S.TRANSFER_PROPOSED,
                    S.TRANSFER_APPROVED,
                )
            },
            fields=(*PARTY, "facts", "legal_basis", "proposed_penalty"),
            entered=(
                Spec("adviser", _("Adviser"), max_length=300),
                Spec("question", _("Question put to the adviser"), kind="multiline", max_length=5000),
                Spec("adviser_opinion", _("Adviser's opinion"), kind="multiline", max_length=20000),
                Spec("consulted_on", _("Consulted on"), kind="date"),
            ),
            citation=_("State Council Guidance No. 118 (2018) §4"),
        ),
        DocumentKind(
            "closing_approval",
            _("Case closing approval form"),
            "结",
            {P.GENERAL: (S.EXECUTED, S.NO_PENALTY, S.TRANSFERRED), P.SIMPLE: (S.EXECUTED,)},
            record="closing_approval",
            acts=("close",),
            fields=(*PARTY, "facts", "penalty", "fine", "fine_upper", "decided_on", "served_on", "officers"),
            entered=(
                Spec("execution", _("How the decision was executed"), kind="multiline", max_length=5000),
                OPINION,
            ),
        ),
        DocumentKind(
            "inspection_record",
            _("Administrative inspection record"),
            "检记",
            {P.INSPECTION: (S.INSPECTING,)},
            record="on_site_record",
            acts=("record_result",),
            fields=(*PARTY, "officers"),
            entered=(PLACE, FINDINGS),
        ),
        DocumentKind(
            "inspection_result_notice",
            _("Notice of the administrative inspection result"),
            "检告",
            {P.INSPECTION: (S.INSPECTING, S.RESULT_RECORDED)},
            record="inspection_result",
            acts=("record_result",),
            fields=(*PARTY, "officers", *REMEDIES),
            entered=(Spec("result", _("Inspection result"), kind="multiline", max_length=5000),),
            letter=True,
        ),
        # 行政许可 (行政许可法 Arts. 32, 38): acceptance or not, grant or refusal, each in writing.
        DocumentKind(
            "licence_acceptance_notice",
            _("Notice of acceptance of the licence application"),
            "许受",
            {P.LICENCE: (S.APPLIED, S.ACCEPTED)},
            record="acceptance_notice",
            acts=("accept_application",),
            fields=(*PARTY, "filed_on"),
            letter=True,
            citation=citations_licence.ACCEPTANCE,
        ),
        DocumentKind(
            "licence_non_acceptance",
            _("Decision not to accept the licence application"),
            "许不受",
            {P.LICENCE: (S.APPLIED, S.NOT_ACCEPTED)},
            record="non_acceptance_decision",
            acts=("refuse_application",),
            fields=(*PARTY, *REMEDIES),
            entered=(Spec("reason", _("Reason for not accepting"), kind="multiline", max_length=5000),),
            letter=True,
            citation=citations_licence.ACCEPTANCE,
        ),
        DocumentKind(
            "licence_grant",
            _("Decision granting the administrative licence"),
            "许准",
            {P.LICENCE: LICENCE_DECIDING},
            record="licence_decision",
            acts=("decide_licence",),
            fields=(*PARTY, "legal_basis", "decided_on"),
            entered=(
                Spec("licence_number", _("Licence number"), max_length=60),
                Spec("valid_until", _("Licence valid until"), kind="date"),
                Spec("scope", _("Content and scope of the licence"), kind="multiline", max_length=5000),
            ),
            letter=True,
            citation=citations_licence.GRANT,
        ),
        DocumentKind(
            "licence_refusal",
            _("Decision refusing the administrative licence"),
            "许不准",
            {P.LICENCE: LICENCE_DECIDING},
            record="licence_decision",
            acts=("decide_licence",),
            fields=(*PARTY, "legal_basis", "decided_on", *REMEDIES),
            entered=(Spec("reasons", _("Reasons for the refusal"), kind="multiline", max_length=5000),),
            letter=True,
            citation=citations_licence.REFUSAL,
        ),
    )
}


def kind_of(code: str) -> DocumentKind | None:
    return KINDS.get(code)


def kinds_for(procedure: str, state: str) -> list[DocumentKind]:
    return [kind for kind in KINDS.values() if kind.fits(procedure, state)]


def kinds_for_record(record: str) -> list[DocumentKind]:
    return [kind for kind in KINDS.values() if kind.record == record]
