"""移送司法机关: the crime-transfer branch of the general procedure (处罚法 Art. 27; 行政执法机关移送
涉嫌犯罪案件的规定 Arts. 5, 6). Two or more officers report in writing; the head decides within 3 days
(counted as working days, like the Penalty Law's short periods); once approved the case goes to the
public security organ within 24 hours with the materials of Art. 6."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sanxiang.cases import citations, gates
from sanxiang.cases.enums import CaseState as S
from sanxiang.cases.enums import DeadlineMode
from sanxiang.cases.procedures.base import HEAD, OFFICERS, DeadlineRule, Transition, fan
from sanxiang.cases.procedures.common import REASON

HEAD_DECISION = DeadlineRule(
    "transfer.head_decision",
    citations.TRANSFER_ART_5,
    _("the written transfer report"),
    DeadlineMode.WORKING_DAYS,
    3,
)
HAND_OVER = DeadlineRule(
    "transfer.hand_over",
    citations.TRANSFER_ART_5,
    _("approval of the transfer"),
    DeadlineMode.HOURS,
    24,
)

STATES = (S.TRANSFER_PROPOSED, S.TRANSFER_APPROVED, S.TRANSFERRED)
# A crime may come to light at any point before the decision: during the investigation, or later,
# from the party's statement, the hearing or a legal review's "crime" opinion given after the prior
# notice was served. 处罚法 Art. 27 obliges the transfer whenever it is found, so the proposal is open
# until the decision; Art. 82 makes not transferring a liability.
PROPOSE_FROM = (
    S.INVESTIGATING,
    S.INVESTIGATION_CLOSED,
    S.PRIOR_NOTICE_SERVED,
    S.HEARING_REQUESTED,
    S.HEARING_NOTICED,
    S.HEARING_HELD,
    S.HEARING_WAIVED,
)
# The party's windows of a served notice, which a rejected transfer stops (see ``reject_transfer``).
NOTICE_WINDOWS = ("penalty.statement_window", "penalty.hearing_request")

TRANSITIONS: list[Transition] = [
    *fan(
        PROPOSE_FROM,
        "propose_transfer",
        S.TRANSFER_PROPOSED,
        OFFICERS,
        guards=(gates.two_certified_officers,),
        records=("transfer_report",),
        starts=(HEAD_DECISION,),
        choose_officers=True,
    ),
    Transition(
        S.TRANSFER_PROPOSED,
        "approve_transfer",
        S.TRANSFER_APPROVED,
        HEAD,
        records=("transfer_approval",),
        ends=("transfer.head_decision",),
        starts=(HAND_OVER,),
    ),
    # A rejected transfer returns the case to the end of the investigation wherever it was proposed:
    # a notice served before the proposal is stopped with its windows, and the officers serve a new
    # one, so the party is heard on the case as it stands after the transfer was refused (the party's
    # rights are given again, never cut short).
    Transition(
        S.TRANSFER_PROPOSED,
        "reject_transfer",
        S.INVESTIGATION_CLOSED,
        HEAD,
        specs=(REASON,),
        ends=("transfer.head_decision",),
        stops=NOTICE_WINDOWS,
    ),
    Transition(
        S.TRANSFER_APPROVED,
        "hand_over",
        S.TRANSFERRED,
        OFFICERS,
        records=("transfer_letter", "transfer_materials"),
        ends=("transfer.hand_over",),
        stops=("*",),
    ),
]
