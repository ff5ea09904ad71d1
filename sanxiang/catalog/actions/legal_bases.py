from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from sanxiang.catalog.actions._common import (
    changed_fields,
    clean_reason,
    record_change,
    require,
    save_with_history,
)
from sanxiang.catalog.enums import ChangeKind, LegalBasisKind
from sanxiang.catalog.models import LegalBasis
from sanxiang.catalog.permissions import can_manage_legal_bases
from sanxiang.core import clock
from sanxiang.core.cleaning import Spec, choices_from, clean
from sanxiang.core.errors import Invalid

SPECS = [
    Spec("title", _("Title"), max_length=200),
    Spec("kind", _("Kind"), kind="choice", choices=choices_from(LegalBasisKind)),
    Spec("issuing_body", _("Issuing body"), max_length=100),
    Spec("document_number", _("Document number"), max_length=100, required=False),
    Spec("effective_on", _("Effective on"), kind="date", required=False),
    Spec("repealed_on", _("Repealed on"), kind="date", required=False),
    Spec("text_url", _("Link to the text"), max_length=300, required=False),
]


@transaction.atomic
def save_legal_basis(
    *, actor: Any, data: dict[str, Any], reason: str, basis: LegalBasis | None = None
) -> LegalBasis:
    if actor is not None:
        require(can_manage_legal_bases(actor))
    cleaned = clean(data, SPECS, partial=basis is not None)
    reason = clean_reason(reason)
    if basis is None:
        basis = LegalBasis(created_at=clock.now(), **cleaned)
        kind = ChangeKind.CREATED
    else:
        basis = LegalBasis.objects.select_for_update().get(pk=basis.pk)
        if not changed_fields(basis, cleaned):
            return basis
        kind = ChangeKind.CHANGED
    if basis.effective_on and basis.repealed_on and basis.repealed_on <= basis.effective_on:
        raise Invalid(
            "repeal_before_effect",
            _("The repeal date must be after the effective date."),
            field="repealed_on",
        )
    try:
        with transaction.atomic():
            save_with_history(basis, actor=actor, reason=reason)
    except IntegrityError:
        raise Invalid(
            "legal_basis_exists",
            _("This legal basis with this effective date already exists."),
            field="title",
        ) from None
    record_change(agency=None, subject=basis, kind=kind, summary=basis.title, reason=reason, actor=actor)
    return basis
