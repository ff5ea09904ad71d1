from __future__ import annotations

import enum
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


class Keep(enum.Enum):
    """``entrusted_by=UNCHANGED``: the caller says nothing about the entrusting agency."""

    UNCHANGED = "unchanged"


UNCHANGED = Keep.UNCHANGED


def _check_entrustment(
    *,
    actor: Any,
    agency: Agency | None,
    kind: str,
    entrusted_by: Agency | None,
    letter: str,
    new_entruster: bool,
) -> None:
    """处罚法 Art. 20: an entrusted organisation acts in the name of the entrusting agency, the
    entrustment letter must be published, and the entrusted organisation may not entrust further —
    so the entrusting agency is itself never an entrusted one. ``new_entruster``: the entrusting
    agency is being chosen now (its own checks then apply; an unchanged one was checked when
    chosen)."""
    errors = []
    if kind != AgencyKind.ENTRUSTED:
        if entrusted_by is not None:
            errors.append(
                FieldError(
                    "entrusted_by",
                    "entrusting_agency_not_applicable",
                    _("Only an entrusted organisation names an entrusting agency."),
                )
            )
        if errors:
            raise Invalid.many(errors)
        return
    if entrusted_by is None:
        errors.append(
            FieldError(
                "entrusted_by",
                "entrusting_agency_required",
                _("An entrusted organisation must name its entrusting agency (处罚法 Art. 20)."),
            )
        )
    elif new_entruster:
        problem = None
        if agency is not None and entrusted_by.pk == agency.pk:
            problem = ("entrusting_agency_self", _("An agency cannot entrust itself (处罚法 Art. 20)."))
        elif entrusted_by.kind == AgencyKind.ENTRUSTED:
            problem = (
                "entrusting_agency_entrusted",
                _(
                    "The entrusting agency is itself an entrusted organisation, which may not entrust "
                    "others (处罚法 Art. 20)."
                ),
            )
        elif entrusted_by.retired_at is not None:
            problem = ("entrusting_agency_retired", _("The entrusting agency has been retired."))
        elif actor is not None and not can_manage_agency(actor, entrusted_by.region):
            problem = (
                "entrusting_agency_out_of_scope",
                _("The entrusting agency must be in a region you manage."),
            )
        if problem:
            errors.append(FieldError("entrusted_by", *problem))
    if not letter:
        errors.append(
            FieldError(
                "entrustment_letter",
                "entrustment_letter_required",
                _("The entrustment letter of an entrusted organisation must be published (处罚法 Art. 20)."),
            )
        )
    if agency is not None and agency.kind != AgencyKind.ENTRUSTED:
        entrusting = Agency.objects.filter(entrusted_by=agency, retired_at__isnull=True)
        if entrusting.exists():
            errors.append(
                FieldError(
                    "kind",
                    "agency_entrusts_others",
                    _(
                        "This agency entrusts %(names)s; an entrusted organisation may not entrust "
                        "others (处罚法 Art. 20). End those entrustments first."
                    )
                    % {"names": "、".join(entrusting.order_by("name").values_list("name", flat=True))},
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
    _check_entrustment(
        actor=actor,
        agency=None,
        kind=cleaned["kind"],
        entrusted_by=entrusted_by,
        letter=cleaned["entrustment_letter"],
        new_entruster=True,
    )
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
def update_agency(
    *,
    actor: Any,
    agency: Agency,
    data: dict[str, Any],
    reason: str,
    entrusted_by: Agency | Keep | None = UNCHANGED,
) -> Agency:
    """Change an agency's fields present in ``data``; ``entrusted_by`` changes the entrusting agency
    (``None`` removes it). An agency that stops being entrusted loses its entrusting agency."""
    agency = Agency.objects.select_for_update(of=("self",)).select_related("entrusted_by").get(pk=agency.pk)
    require(can_manage_agency(actor, agency.region))
    cleaned = clean(data, SPECS, partial=True)
    reason = clean_reason(reason)
    kind = cleaned.get("kind", agency.kind)
    old_kind, old_entruster = agency.kind, agency.entrusted_by
    if isinstance(entrusted_by, Keep):
        entruster = old_entruster if kind == AgencyKind.ENTRUSTED else None
    else:
        entruster = entrusted_by
    _check_entrustment(
        actor=actor,
        agency=agency,
        kind=kind,
        entrusted_by=entruster,
        letter=cleaned.get("entrustment_letter", agency.entrustment_letter),
        new_entruster=getattr(entruster, "pk", None) != getattr(old_entruster, "pk", None),
    )
    cleaned["entrusted_by"] = entruster
    changed = changed_fields(agency, cleaned)
    if not changed:
        return agency
    try:
        with transaction.atomic():
            save_with_history(agency, actor=actor, reason=reason)
    except IntegrityError:
        raise Invalid(
            "credit_code_taken",
            _("Another agency already has this unified social credit code."),
            field="credit_code",
        ) from None
    summary = str(_("Changed: %(fields)s") % {"fields": labels(Agency, changed)})
    details = []
    if "kind" in changed:
        details.append(
            str(
                _("kind %(old)s → %(new)s")
                % {"old": AgencyKind(old_kind).label, "new": AgencyKind(kind).label}
            )
        )
    if "entrusted_by" in changed:
        details.append(
            str(
                _("entrusting agency %(old)s → %(new)s")
                % {
                    "old": old_entruster.name if old_entruster else "—",
                    "new": entruster.name if entruster else "—",
                }
            )
        )
    if details:
        summary += "（" + "；".join(details) + "）"
    record_change(
        agency=agency,
        subject=agency,
        kind=ChangeKind.CHANGED,
        summary=summary,
        reason=reason,
        actor=actor,
    )
    return agency
