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
    "decide": _("Decide the penalty"),
    "serve_decision": _("Serve the decision"),
    "record_execution": _("Record payment or performance"),
    "close": _("Close the case"),
    "propose_transfer": _("Propose transfer to the judicial organs"),
    "approve_transfer": _("Approve the transfer"),
    "reject_transfer": _("Refuse the transfer"),
    "hand_over": _("Hand the case over to the public security organ"),
    "decide_on_the_spot": _("Decide on the spot"),
    "start_inspection": _("Start the inspection"),
    "record_result": _("Record the inspection result"),
}


def act_label(act: str) -> str | Promise:
    return ACTS.get(act, act)
