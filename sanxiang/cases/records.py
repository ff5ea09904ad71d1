"""Names of the documents and records (文书/记录) the procedures require, with their Chinese titles
(市场监督管理行政处罚文书格式范本 2021, 司法部行政检查文书基本格式文本; legal-rules D, document types).
Until the documents app renders them, a record is present when an act says so (``ActRecord``)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

RECORDS: dict[str, str | Promise] = {
    "filing_approval": _("Case filing approval form"),
    "not_filing_approval": _("Approval form for not filing"),
    "inquiry_record": _("Inquiry record"),
    "on_site_record": _("On-site inspection record"),
    "investigation_report": _("Investigation closing report"),
    "no_penalty_approval": _("Approval of no penalty"),
    "prior_notice": _("Prior notice of administrative penalty"),
    "statement_record": _("Record of statement and defence"),
    "waiver": _("Written waiver of statement, defence and hearing"),
    "hearing_request": _("Hearing request"),
    "hearing_notice": _("Hearing notice"),
    "hearing_record": _("Hearing record"),
    "extension_approval": _("Approval of the extended decision period"),
    "collective_discussion_record": _("Record of the heads' collective discussion"),
    "pause_approval": _("Record of the period not counted (hearing, appraisal, announcement, suspension)"),
    "filing_extension_approval": _("Approval of the extended filing check"),
    "hearing_waiver_record": _("Record of the withdrawn or waived hearing"),
    "recusal_request": _("The party's recusal request"),
    "recusal_decision": _("The head's decision on recusal"),
    "remedy_record": _("Record of the administrative review or litigation"),
    "deferral_approval": _("Approval of deferred or instalment payment of the fine"),
    "reminder": _("Reminder to perform"),
    "court_application": _("Application to the people's court for compulsory execution"),
    "decision_approval": _("Penalty decision approval form"),
    "decision": _("Administrative penalty decision"),
    "on_the_spot_decision": _("On-the-spot administrative penalty decision"),
    "service_receipt": _("Proof of service"),
    "payment_receipt": _("Proof of payment or performance"),
    "closing_approval": _("Case closing approval form"),
    "transfer_report": _("Written report proposing a transfer"),
    "transfer_approval": _("Head's decision on the transfer"),
    "transfer_letter": _("Letter transferring the suspected criminal case"),
    "transfer_materials": _("Investigation report, list of items and appraisal reports for the police"),
    "inspection_approval": _("Administrative inspection approval form"),
    "inspection_result": _("Inspection result"),
    # 先行登记保存证据 (处罚法 Art. 56) and 查封、扣押 (行政强制法 Arts. 18-28)
    "preservation_approval": _("Approval form for registering and preserving evidence in advance"),
    "preservation_notice": _("Notice of registering and preserving evidence in advance"),
    "preserved_items_list": _("List of the items registered and preserved"),
    "preserved_items_decision": _("Decision on the registered and preserved items"),
    "seizure_approval": _("Approval form for sealing or seizure"),
    "seizure_decision": _("Decision on sealing or seizure, with the list of items"),
    "seizure_extension_decision": _("Decision extending the sealing or seizure"),
    "seizure_release_decision": _("Decision releasing the sealing or seizure"),
    # administrative licence (行政许可法 Arts. 32-44)
    "acceptance_notice": _("Notice of acceptance of the licence application"),
    "non_acceptance_decision": _("Decision not to accept the licence application"),
    "licence_verification_record": _("On-site verification record"),
    "licence_extension_approval": _("Approval of the extended licence decision period"),
    "licence_extension_notice": _("Notice telling the applicant why the decision period is extended"),
    "licence_decision": _("Licence decision (grant or refusal)"),
    "licence_certificate": _("Licence certificate"),
}


def record_label(name: str) -> str | Promise:
    return RECORDS.get(name, name)
