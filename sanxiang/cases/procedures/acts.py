"""Labels of the acts, shared by every procedure table (an act means the same in each)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTS: dict[str, str | Promise] = {
    "open": _("Open the case record"),
    "file": _("File the case"),
    "decline_filing": _("Decide not to file"),
    "start_investigation": _("Start the investigation"),
    "close_investigation": _("Close the investigation"),
    "decide_no_penalty": _("Decide not to impose a penalty"),
    "serve_prior_notice": _("Serve the prior notice"),
    "record_statement": _("Record the party's statement and defence"),
    "waive_rights": _("Record the party's written waiver"),
    "request_hearing": _("Record the party's hearing request"),
    "notify_hearing": _("Notify the hearing"),
    "hold_hearing": _("Hold the hearing"),
    "serve_new_notice": _("Serve a new prior notice"),
    "extend_decision_period": _("Approve an extension of the decision period"),
    "extend_by_collective_discussion": _("Extend the decision period again after collective discussion"),
    "pause_decision_period": _("Stop counting the decision period"),
    "resume_decision_period": _("Resume counting the decision period"),
    "extend_filing_check": _("Approve an extension of the filing check"),
    "end_hearing_waived": _("Record the withdrawn or waived hearing"),
    "request_recusal": _("Record the party's recusal request"),
    "decide_recusal": _("Decide on the recusal request"),
    "start_remedy": _("Record that review or litigation started"),
    "end_remedy": _("Record that review or litigation ended"),
    "defer_payment": _("Approve deferred or instalment payment"),
    "serve_reminder": _("Serve the reminder to perform"),
    "apply_to_court": _("Apply to the court for compulsory execution"),
    "decide": _("Decide the penalty"),
    "serve_decision": _("Serve the decision"),
    "record_execution": _("Record payment or performance"),
    "close": _("Close the case"),
    "record_decision_change": _("Record that the decision was changed, revoked, confirmed illegal or void"),
    "propose_transfer": _("Propose transfer to the judicial organs"),
    "approve_transfer": _("Approve the transfer"),
    "reject_transfer": _("Refuse the transfer"),
    "hand_over": _("Hand the case over to the public security organ"),
    "decide_on_the_spot": _("Decide on the spot"),
    "start_inspection": _("Start the inspection"),
    "open_penalty_case": _("Open a penalty case from the inspection"),
    "record_result": _("Record the inspection result"),
    "approve_preservation": _("Approve registering and preserving evidence"),
    "preserve_evidence": _("Register and preserve evidence"),
    "decide_preserved_items": _("Decide on the preserved items"),
    "approve_seizure": _("Approve sealing or seizure"),
    "seal_or_seize": _("Seal or seize"),
    "extend_seizure": _("Extend the sealing or seizure"),
    "release_seizure": _("Release the sealing or seizure"),
    # administrative licence
    "accept_application": _("Accept the licence application"),
    "refuse_application": _("Decide not to accept the application"),
    "start_review": _("Start reviewing the application"),
    "verify_on_site": _("Record the on-site verification"),
    "extend_licence_period": _("Approve extending the licence decision period by 10 working days"),
    "decide_licence": _("Decide on the licence"),
    "issue_certificate": _("Issue the licence certificate"),
}


def act_label(act: str) -> str | Promise:
    return ACTS.get(act, act)
