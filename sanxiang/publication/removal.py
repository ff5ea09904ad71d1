"""Early removal after credit repair (信用修复): a published item leaves the portal before its public
period ends, once the party's credit has been repaired, when the agency's policy allows it.

Never for the penalty kinds 市场监督管理行政处罚信息公示规定 Art. 14 ¶2 excludes; never before the
minimum public period (信用修复管理办法, in force 2026-04-01: repair only after the minimum period).
The item is kept internally like an expired one, and the public takedown log shows that it was
removed and why, never its content."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import DateTimeField, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from sanxiang.cases.enums import PenaltyKind
from sanxiang.cases.penalties import Penalty
from sanxiang.core import clock, policy
from sanxiang.core.cleaning import Spec, clean
from sanxiang.core.errors import NotAllowed
from sanxiang.publication import actions, outbox, permissions, rules
from sanxiang.publication.models import Record, RecordState

REPAIR_CITATION = (
    "《信用修复管理办法》（国家发展改革委，2026年4月1日起施行）：公示期满最短期限后，"
    "当事人可申请信用修复，修复后提前停止公示（legal-rules A-26）；"
    "《市场监督管理行政处罚信息公示规定》第十四条"
)
EXCLUDED_CITATION = (
    "《市场监督管理行政处罚信息公示规定》第十四条第二款：受到责令停产停业、限制开展生产经营活动、"
    "限制从业、降低资质等级、吊销许可证件、吊销营业执照行政处罚的，不得提前停止公示（legal-rules A-21）"
)
# Art. 14 ¶2, mapped onto the penalty kinds of 处罚法 Art. 9 (``cases.enums.PenaltyKind``).
EXCLUDED_KINDS = frozenset(
    {
        PenaltyKind.SUSPENSION,
        PenaltyKind.ACTIVITY_RESTRICTION,
        PenaltyKind.EMPLOYMENT_RESTRICTION,
        PenaltyKind.QUALIFICATION_LOWERED,
        PenaltyKind.LICENCE_REVOCATION,
        PenaltyKind.LICENCE_SUSPENSION,
    }
)

REMOVAL_SPECS = (
    Spec("reason", _("Public reason"), max_length=300),
    Spec("repair_reference", _("Credit repair decision (document number)"), max_length=100),
)


def _refusal(record: Record) -> tuple[str, Any, str] | None:
    """Why this item may not be removed early, as (code, message, citation), or None."""
    scopes = record.agency.policy_scopes()
    allowed = policy.resolve("publication.early_removal", scopes)
    if not allowed.value:
        return (
            "removal_not_allowed_by_policy",
            _("Early removal: this agency's policy does not allow removing published items early."),
            f"{REPAIR_CITATION}；{allowed.citation}",
        )
    labels = dict(PenaltyKind.choices)
    excluded = [
        str(labels[k]) for k in Penalty.from_json(record.case.decided_penalty).kinds if k in EXCLUDED_KINDS
    ]
    if excluded:
        return (
            "removal_excluded_penalty",
            _("Early removal: the penalty includes %(kinds)s, which stays public for its whole period.")
            % {"kinds": "、".join(excluded)},
            EXCLUDED_CITATION,
        )
    minimum = policy.resolve("publication.early_removal_min_months", scopes)
    earliest = rules.add_months(record.decided_on, int(minimum.value))
    if clock.today() < earliest:
        return (
            "removal_too_early",
            _("Early removal: possible from %(day)s, after the minimum public period of %(months)s months.")
            % {"day": earliest.isoformat(), "months": minimum.value},
            f"{REPAIR_CITATION}；{minimum.citation}",
        )
    return None


def refusal_now(record: Record) -> tuple[str, Any, str] | None:
    """For the record page: why an early removal would be refused today, to say before the click
    (the action asks again when it runs)."""
    return _refusal(record) if record.state == RecordState.PUBLISHED else None


@transaction.atomic
def remove_early(*, actor: Any, record: Record, data: dict[str, Any]) -> Record:
    """The publication officer or the head removes a published item after the party's credit was
    repaired: it leaves the portal and the search, the takedown log names the reason, the outbox
    tells the platforms it was pushed to (legal-rules A-23)."""
    record = actions._locked(record, actor, permissions.can_remove, {RecordState.PUBLISHED})
    values = clean(data, REMOVAL_SPECS)
    refused = _refusal(record)
    if refused is not None:
        code, message, citation = refused
        raise NotAllowed(code, message, citation=citation)
    record.state = RecordState.REMOVED
    record.removed_at = clock.now()
    record.removal_reason = values["reason"]
    record.removal_citation = REPAIR_CITATION[:300]
    # No field of its own: the credit repair decision is kept with the record's summary (internal
    # once removed) and in the log entry.
    record.summary = {**record.summary, "credit_repair_reference": values["repair_reference"]}
    record.search_text = ""
    record.search_grams = ""
    record.save()
    outbox.enqueue(record, "removed")
    actions._log(
        "removed",
        record,
        actor,
        {
            "reason": values["reason"],
            "repair_reference": values["repair_reference"],
            "citation": record.removal_citation,
        },
    )
    return record


def takedown_log() -> QuerySet[Record]:
    """The public takedown log: withdrawn items (处罚法 Art. 48 ¶2) and items removed early after
    credit repair, newest first — when and why, never the content."""
    return (
        Record.objects.filter(state__in=(RecordState.WITHDRAWN, RecordState.REMOVED))
        .select_related("agency")
        .only(
            "pk",
            "state",
            "agency__name",
            "document_number",
            "withdrawal_ground",
            "withdrawal_reason",
            "withdrawn_at",
            "withdrawal_due",
            "removed_at",
            "removal_reason",
            "decided_on",
        )
        .annotate(taken_down_at=Coalesce("withdrawn_at", "removed_at", output_field=DateTimeField()))
        .order_by("-taken_down_at", "-pk")
    )
