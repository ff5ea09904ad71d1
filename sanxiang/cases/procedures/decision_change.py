"""A decision later changed, revoked, confirmed illegal or confirmed void — by the agency itself, a
reconsideration decision or a judgment — is recorded on its case (处罚法 Art. 48 ¶2, legal-rules A-16).
The act keeps the case in its state: the case goes on (or was already executed), but what was
published about the decision must come down; the publication app opens that task after the act."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanxiang.cases import citations
from sanxiang.cases.enums import CaseState
from sanxiang.cases.procedures.base import OFFICERS, Context, Refusal, Transition, fan
from sanxiang.core.cleaning import Spec, choices_from
from sanxiang.core.errors import Invalid

ACT = "record_decision_change"


class DecisionChange(models.TextChoices):
    # The same values as ``publication.models.WithdrawalGround``: the withdrawal takes them over.
    CHANGED = "changed", _("The decision was changed")
    REVOKED = "revoked", _("The decision was revoked")
    ILLEGAL = "illegal", _("The decision was confirmed illegal")
    VOID = "void", _("The decision was confirmed void")


SPECS = (
    Spec("change", _("What happened to the decision"), kind="choice", choices=choices_from(DecisionChange)),
    Spec("changed_on", _("Date the decision was changed or revoked"), kind="date"),
    Spec("changed_by", _("Body that changed or revoked it"), max_length=100),
    Spec("change_document", _("Its document (e.g. reconsideration decision or judgment)"), max_length=100),
    Spec("public_reason", _("Public reason"), max_length=300),
)


def change_date(ctx: Context) -> Refusal | None:
    """The change happens on or after the decision and not in the future."""
    if ctx.preview:
        return None
    day, decided = ctx.data.get("changed_on"), ctx.case.decided_on
    if day is None or ((decided is None or day >= decided) and day <= ctx.on):
        return None
    return Refusal(
        "decision_change_date",
        _(
            "Date the decision was changed or revoked: it must lie between the decision (%(decided)s) and today."
        )
        % {"decided": decided.isoformat() if decided else "?"},
        citations.ART_48_2,
        error=Invalid,
        field="changed_on",
    )


def transitions(states: Sequence[CaseState]) -> list[Transition]:
    return fan(states, ACT, None, OFFICERS, guards=(change_date,), specs=SPECS)
