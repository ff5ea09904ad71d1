"""Withdrawal tasks (处罚法 Art. 48 ¶2, legal-rules A-16): when the case records that its decision was
changed, revoked, confirmed illegal or void, the published item must come down within the policy's
working days with a public reason. The task is the record itself — published, with a withdrawal
ground and due date set — until the publication officer withdraws it (``actions.withdraw``). A
record not yet published is stopped at once: withheld with that reason.

This module runs as an after-act hook of ``cases`` (registered in ``apps.py``), inside the act's
transaction, so the act and the task are written together or not at all."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from sanxiang.cases.models import Act
from sanxiang.core import clock
from sanxiang.publication import queries, rules
from sanxiang.publication.models import Record, RecordState, WithdrawalGround
from sanxiang.recordlog import actions as recordlog
from sanxiang.workdays import deadlines
from sanxiang.workdays.arithmetic import CalendarMissing

# The case act (``cases.procedures.decision_change.ACT``), by name: publication reads the case's
# acts, it does not import the procedure tables.
ACT = "record_decision_change"
START_EVENT = "决定被变更、撤销或者确认违法、无效"


def _log(kind: str, record: Record, actor: Any, payload: dict[str, Any]) -> None:
    recordlog.append(
        kind=f"publication.{kind}",
        subject=record,
        actor=actor if getattr(actor, "pk", None) else None,
        payload={"case_id": record.case_id, "state": record.state, **payload},
        occurred_at=clock.now(),
        agency_id=record.agency_id,
    )


def due_of(record: Record, changed_on: dt.date) -> deadlines.Deadline | None:
    """The withdrawal deadline counted from the day of the change; None while the official calendar
    it needs is not entered (the case act is never refused for that)."""
    try:
        return rules.withdrawal_deadline(record, changed_on, START_EVENT)
    except CalendarMissing:
        return None


def on_decision_change(ctx: Any, act: Act) -> None:
    """After-act hook: open the withdrawal task on the case's publication record."""
    if act.act != ACT or ctx.preview:
        return
    record = Record.objects.select_for_update().filter(case_id=act.case_id).first()
    if record is None:
        return
    ground, reason, changed_on = ctx.data["change"], ctx.data["public_reason"], ctx.data["changed_on"]
    source = {
        "act_id": act.pk,
        "ground": ground,
        "changed_on": changed_on.isoformat(),
        "changed_by": ctx.data.get("changed_by", ""),
        "document": ctx.data.get("change_document", ""),
    }
    if record.state == RecordState.PUBLISHED:
        due = due_of(record, changed_on)
        record.withdrawal_ground = ground
        record.withdrawal_reason = reason
        record.withdrawal_due = due.due if due else None
        record.save(update_fields=["withdrawal_ground", "withdrawal_reason", "withdrawal_due"])
        _log("withdrawal_task_opened", record, ctx.actor, {**source, "due": due.as_dict() if due else None})
    elif record.state in queries.PENDING:
        # Not on the portal yet: it never goes out.
        label = WithdrawalGround(ground).label
        record.state = RecordState.WITHHELD
        record.withheld_reason = f"{label}：{reason}（{rules.WITHDRAWAL_CITATION}）"[:300]
        record.withdrawal_ground = ground
        record.withdrawal_reason = reason
        record.save(update_fields=["state", "withheld_reason", "withdrawal_ground", "withdrawal_reason"])
        _log("withheld", record, ctx.actor, {**source, "reason": record.withheld_reason})


def latest_change(record: Record) -> dict[str, Any] | None:
    """The open task's data as the withdrawal form takes it (ground, reason, ground_on), from the
    latest decision-change act of the case; None when no task is open."""
    if record.state != RecordState.PUBLISHED or not record.withdrawal_ground:
        return None
    act = Act.objects.filter(case_id=record.case_id, act=ACT).order_by("-occurred_at", "-id").first()
    if act is None:
        return None
    return {
        "ground": act.data.get("change", record.withdrawal_ground),
        "reason": act.data.get("public_reason", record.withdrawal_reason),
        "ground_on": act.data.get("changed_on", ""),
    }


def open_tasks(user: Any) -> QuerySet[Record]:
    """Published items whose decision was changed: to withdraw, earliest due first."""
    return (
        queries.visible_records(user)
        .filter(state=RecordState.PUBLISHED)
        .exclude(withdrawal_ground="")
        .order_by("withdrawal_due", "pk")
    )


def on_time(record: Record) -> bool | None:
    """Was the item withdrawn by its due date (Beijing time)? None when no due date was recorded."""
    if record.withdrawn_at is None or record.withdrawal_due is None:
        return None
    from django.utils import timezone

    return timezone.localdate(record.withdrawn_at) <= record.withdrawal_due
