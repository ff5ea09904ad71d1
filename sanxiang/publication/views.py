"""Staff pages of publication: the workbench (countdown, overdue, on-time rate, corrections) and the
record page (redaction side by side, the steps of the flow). Every write posts to one step view that
calls the action; the form carries the state the user saw, so a double submit is refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sanxiang.catalog.actions.access import record_private_read
from sanxiang.catalog.permissions import is_staff_user
from sanxiang.core import clock
from sanxiang.core.errors import DomainError, Invalid, WrongState
from sanxiang.publication import (
    actions,
    decision_number,
    full_text,
    permissions,
    queries,
    redaction,
    removal,
    withdrawal_tasks,
)
from sanxiang.publication.models import Record, RecordState, WithdrawalGround


def _staff(request: HttpRequest) -> None:
    if not is_staff_user(request.user):
        raise Http404


def _record(request: HttpRequest, pk: int) -> Record:
    _staff(request)
    record = queries.record_for(request.user, pk)
    if record is None:
        raise Http404
    return record


@login_required
def workbench_view(request: HttpRequest) -> HttpResponse:
    _staff(request)
    today = clock.today()
    pending = [(record, queries.days_left(record, today)) for record in queries.workbench(request.user)[:200]]
    context = {
        "pending": pending,
        "overdue": queries.overdue(request.user, today)[:200],
        "rates": queries.on_time_rates(request.user),
        "corrections": queries.open_corrections(request.user)[:100],
        "withdrawals": withdrawal_tasks.open_tasks(request.user)[:200],
        "today": today,
    }
    return render(request, "publication/workbench.html", context)


def _page(request: HttpRequest, record: Record, error: DomainError | None = None) -> HttpResponse:
    user = request.user
    # The original text holds the parties' personal data: reading it is logged.
    record_private_read(
        actor=user, subject=record, agency_id=record.agency_id, what="publication_original", channel="page"
    )
    masks = list(enumerate(record.masks))
    context = {
        "record": record,
        "segments": redaction.segments(record.original_text, record.masks),
        "redacted": redaction.apply(record.original_text, record.masks),
        "masks": [(i, m, record.original_text[m["start"] : m["end"]]) for i, m in masks],
        "hits": actions.leak_hits(record) if record.state == RecordState.REDACTION else [],
        "days_left": queries.days_left(record),
        "can_draft": permissions.can_draft(user, record) and record.state == RecordState.DRAFT,
        "can_redact": permissions.can_redact(user, record) and record.state == RecordState.REDACTION,
        "can_approve": permissions.can_approve(user, record) and record.state == RecordState.APPROVAL,
        "can_withdraw": permissions.can_withdraw(user, record) and record.state == RecordState.PUBLISHED,
        "can_correct": permissions.can_redact(user, record) and record.state == RecordState.PUBLISHED,
        # An abuse request can be closed whatever became of the item since.
        "can_close_correction": permissions.can_redact(user, record),
        "can_remove": permissions.can_remove(user, record) and record.state == RecordState.PUBLISHED,
        "removal_refusal": removal.refusal_now(record) if permissions.can_remove(user, record) else None,
        "full": record.content == full_text.FULL,
        "number_missing": decision_number.is_missing(record),
        "repair_reference": record.summary.get("credit_repair_reference", ""),
        "corrections": record.corrections.order_by("-created_at"),
        "versions": record.versions.order_by("number"),
        "grounds": WithdrawalGround.choices,
        "task": withdrawal_tasks.latest_change(record),
        "error": error,
    }
    return render(request, "publication/record.html", context, status=error.status if error else 200)


@login_required
def record_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _record(request, pk))


Step = Callable[[Any, Record, dict[str, Any]], Any]

STEPS: dict[str, tuple[Callable[[Any, Record], bool], Step, Any]] = {
    "edit": (
        permissions.can_draft,
        lambda u, r, d: actions.edit_draft(actor=u, record=r, data=d),
        gettext_lazy("The draft has been saved."),
    ),
    "withhold": (
        permissions.can_draft,
        lambda u, r, d: actions.withhold(actor=u, record=r, data=d),
        gettext_lazy("The record is withheld from publication."),
    ),
    "submit": (
        permissions.can_draft,
        lambda u, r, d: actions.submit(actor=u, record=r),
        gettext_lazy("Sent to redaction; masks were proposed."),
    ),
    "mask": (
        permissions.can_redact,
        lambda u, r, d: actions.add_mask(actor=u, record=r, data=d),
        gettext_lazy("The mask has been added."),
    ),
    "unmask": (
        permissions.can_redact,
        lambda u, r, d: actions.remove_mask(actor=u, record=r, data=d),
        gettext_lazy("The mask has been removed."),
    ),
    "review": (
        permissions.can_redact,
        lambda u, r, d: actions.review(actor=u, record=r),
        gettext_lazy("The leak scan found nothing; sent to the head for approval."),
    ),
    "send_back": (
        permissions.can_approve,
        lambda u, r, d: actions.send_back(actor=u, record=r, data=d),
        gettext_lazy("Sent back to redaction."),
    ),
    "approve": (
        permissions.can_approve,
        lambda u, r, d: actions.approve(actor=u, record=r),
        gettext_lazy("Approved and published."),
    ),
    "withdraw": (
        permissions.can_withdraw,
        lambda u, r, d: actions.withdraw(actor=u, record=r, data=d),
        gettext_lazy("The item has been withdrawn from the portal."),
    ),
    "remove": (
        permissions.can_remove,
        lambda u, r, d: removal.remove_early(actor=u, record=r, data=d),
        gettext_lazy("The item was removed from the portal after credit repair."),
    ),
    "correction": (
        permissions.can_redact,
        lambda u, r, d: _handle_correction(u, r, d),
        gettext_lazy("The correction request has been answered."),
    ),
    "close_correction": (
        permissions.can_redact,
        lambda u, r, d: actions.close_as_abuse(actor=u, correction=_correction(r, d), data=d),
        gettext_lazy("The correction request has been closed as an abuse request."),
    ),
}


def _correction(record: Record, data: dict[str, Any]) -> Any:
    raw = str(data.get("correction", "")).strip()
    correction = record.corrections.filter(pk=int(raw) if raw.isdigit() else 0).first()
    if correction is None:
        raise Invalid(
            "correction_unknown", _("Correction request: there is no such request."), field="correction"
        )
    return correction


def _handle_correction(user: Any, record: Record, data: dict[str, Any]) -> Any:
    return actions.handle_correction(actor=user, correction=_correction(record, data), data=data)


def step_view(name: str) -> Callable[[HttpRequest, int], HttpResponse]:
    allowed, run, done = STEPS[name]

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        record = _record(request, pk)
        if not allowed(request.user, record):
            raise PermissionDenied
        data = {key: request.POST.get(key, "") for key in request.POST}
        try:
            seen = data.pop("state", "")
            if not seen:
                raise Invalid(
                    "state_missing",
                    _("The form is incomplete: reload the page and try again."),
                    field="state",
                )
            if seen != record.state:
                raise WrongState(
                    "publication_changed", _("The record changed since you opened it: reload the page.")
                )
            run(request.user, record, data)
        except DomainError as exc:
            return _page(request, Record.objects.get(pk=record.pk), exc)
        messages.success(request, str(done))
        return redirect("publication:record", record.pk)

    view.__name__ = f"{name}_view"
    return view
