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

TRANSITIONS: list[Transition] = [
    *fan(
        (S.INVESTIGATING, S.INVESTIGATION_CLOSED),
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
    Transition(
        S.TRANSFER_PROPOSED,
        "reject_transfer",
        S.INVESTIGATION_CLOSED,
        HEAD,
        specs=(REASON,),
        ends=("transfer.head_decision",),
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
