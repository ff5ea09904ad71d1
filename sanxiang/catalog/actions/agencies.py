from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from sanxiang.catalog.actions._common import (
    changed_fields,
    clean_reason,
    labels,
    record_change,
    require,
    save_with_history,
)
from sanxiang.catalog.enums import AgencyKind, ChangeKind
from sanxiang.catalog.models import Agency, Region
from sanxiang.catalog.permissions import can_manage_agency
from sanxiang.catalog.validators import clean_uscc
from sanxiang.core import clock
from sanxiang.core.cleaning import Spec, choices_from, clean
from sanxiang.core.errors import FieldError, Invalid

SPECS = [
    Spec("name", _("Agency name"), max_length=100),
    Spec("short_name", _("Short name"), max_length=30, required=False),
    Spec("credit_code", _("Unified social credit code"), kind="custom", parser=clean_uscc),
    Spec("kind", _("Kind"), kind="choice", choices=choices_from(AgencyKind)),
    Spec("entrustment_letter", _("Entrustment letter"), kind="multiline", max_length=5000, required=False),
    Spec("powers_basis", _("Legal basis of powers"), kind="multiline", max_length=5000, required=False),
    Spec("duties", _("Duties and powers"), kind="multiline", max_length=5000, required=False),
    Spec("address", _("Address"), required=False),
    Spec("phone", _("Telephone"), max_length=40, required=False),
    Spec("website", _("Website"), max_length=200, required=False),
    Spec("complaint_phone", _("Complaint telephone"), max_length=40, required=False),
    Spec("complaint_email", _("Complaint e-mail"), max_length=100, required=False),
    Spec("complaint_address", _("Complaint address"), required=False),
    Spec("reconsideration_body", _("Administrative reconsideration body"), required=False),
    Spec("litigation_body", _("Court for administrative litigation"), required=False),
]


def _check_entrustment(kind: str, entrusted_by: Agency | None, letter: str) -> None:
    # 处罚法 Art. 20: an entrusted organisation acts in the name of the entrusting agency, and the
    # entrustment letter must be published.
    if kind != AgencyKind.ENTRUSTED:
        return
    errors = []
    if entrusted_by is None:
        errors.append(
            FieldError(
                "entrusted_by",
                "entrusting_agency_required",
                _("An entrusted organisation must name its entrusting agency (处罚法 Art. 20)."),
            )
        )
    if not letter:
        errors.append(
            FieldError(
                "entrustment_letter",
                "entrustment_letter_required",
                _("The entrustment letter of an entrusted organisation must be published (处罚法 Art. 20)."),
            )
        )
    if errors:
        raise Invalid.many(errors)


@transaction.atomic
def create_agency(
    *, actor: Any, region: Region, data: dict[str, Any], reason: str, entrusted_by: Agency | None = None
) -> Agency:
    if actor is not None:
        require(can_manage_agency(actor, region))
    cleaned = clean(data, SPECS)
    reason = clean_reason(reason)
    _check_entrustment(cleaned["kind"], entrusted_by, cleaned["entrustment_letter"])
    agency = Agency(region=region, entrusted_by=entrusted_by, created_at=clock.now(), **cleaned)
    try:
        with transaction.atomic():
            save_with_history(agency, actor=actor, reason=reason)
    except IntegrityError:
        raise Invalid(
            "credit_code_taken",
            _("Another agency already has this unified social credit code."),
            field="credit_code",
        ) from None
    record_change(
        agency=agency,
        subject=agency,
        kind=ChangeKind.CREATED,
        summary=agency.name,
        reason=reason,
        actor=actor,
    )
    return agency


@transaction.atomic
def update_agency(*, actor: Any, agency: Agency, data: dict[str, Any], reason: str) -> Agency:
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    require(can_manage_agency(actor, agency.region))
    cleaned = clean(data, SPECS, partial=True)
    reason = clean_reason(reason)
    changed = changed_fields(agency, cleaned)
    if not changed:
        return agency
    _check_entrustment(agency.kind, agency.entrusted_by, agency.entrustment_letter)
    try:
        with transaction.atomic():
            save_with_history(agency, actor=actor, reason=reason)
    except IntegrityError:
        raise Invalid(
            "credit_code_taken",
            _("Another agency already has this unified social credit code."),
            field="credit_code",
        ) from None
    record_change(
        agency=agency,
        subject=agency,
        kind=ChangeKind.CHANGED,
        summary=str(_("Changed: %(fields)s") % {"fields": labels(Agency, changed)}),
        reason=reason,
        actor=actor,
    )
    return agency
