"""Certificate lifecycle: issue, renew, suspend, reinstate, revoke. Each act is a
``CertificateEvent`` with reason and actor plus a public change-log line; the verification page reads
the stored status live, so a revocation shows there at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from sanxiang.catalog.actions._common import clean_reason, record_change, require, save_with_history
from sanxiang.catalog.enums import CertificateEventKind, CertificateStatus, ChangeKind
from sanxiang.catalog.models import Certificate, CertificateEvent, Officer
from sanxiang.catalog.permissions import can_manage_officers
from sanxiang.catalog.validators import clean_certificate_number
from sanxiang.core import clock
from sanxiang.core.cleaning import Spec, clean
from sanxiang.core.errors import FieldError, Invalid, WrongState

SPECS = [
    Spec("number", _("Certificate number"), kind="custom", parser=clean_certificate_number),
    Spec("categories", _("Enforcement categories"), max_length=200),
    Spec("areas", _("Enforcement area"), max_length=200, required=False),
    Spec("issuing_authority", _("Issuing authority"), max_length=100),
    Spec("issued_on", _("Issued on"), kind="date"),
    Spec("expires_on", _("Expires on"), kind="date"),
]


def _check_dates(issued_on: dt.date, expires_on: dt.date) -> None:
    if expires_on <= issued_on:
        raise Invalid(
            "expiry_before_issue", _("The expiry date must be after the issue date."), field="expires_on"
        )


def _event(cert: Certificate, kind: CertificateEventKind, reason: str, actor: Any) -> None:
    """The certificate's own event, its public change-log line, and one record log entry
    ``catalog.certificate.<event>`` (with the certificate's state after the act), all in the
    caller's transaction."""
    event = CertificateEvent.objects.create(
        certificate=cert,
        kind=kind,
        reason=reason,
        actor=actor if getattr(actor, "pk", None) else None,
        occurred_at=clock.now(),
        expires_on=cert.expires_on,
    )
    record_change(
        agency=cert.officer.agency,
        subject=cert,
        kind=ChangeKind.CERTIFICATE,
        summary=_summary(kind, cert),
        reason=reason,
        actor=actor,
        log_kind=f"catalog.certificate.{kind.value}",
        log_extra={"event_id": event.pk, "officer_id": cert.officer_id},
    )


def _locked(cert: Certificate) -> Certificate:
    return (
        Certificate.objects.select_for_update(of=("self",)).select_related("officer__agency").get(pk=cert.pk)
    )


def _summary(kind: CertificateEventKind, cert: Certificate) -> str:
    return f"{kind.label}：{cert.officer.name} {cert.number}"


@transaction.atomic
def issue_certificate(*, actor: Any, officer: Officer, data: dict[str, Any], reason: str) -> Certificate:
    if actor is not None:
        require(can_manage_officers(actor, officer.agency))
    cleaned = clean(data, SPECS)
    reason = clean_reason(reason)
    _check_dates(cleaned["issued_on"], cleaned["expires_on"])
    if officer.retired_at is not None:
        raise WrongState(
            "officer_retired",
            _("A certificate cannot be issued to an officer who has left."),
            field="officer",
        )
    cert = Certificate(officer=officer, **cleaned)
    try:
        with transaction.atomic():
            save_with_history(cert, actor=actor, reason=reason)
    except IntegrityError:
        raise Invalid(
            "certificate_number_taken", _("This certificate number is already in use."), field="number"
        ) from None
    _event(cert, CertificateEventKind.ISSUED, reason, actor)
    return cert


@transaction.atomic
def renew_certificate(*, actor: Any, certificate: Certificate, expires_on: Any, reason: str) -> Certificate:
    cert = _locked(certificate)
    require(can_manage_officers(actor, cert.officer.agency))
    new_expiry = clean({"expires_on": expires_on}, [Spec("expires_on", _("Expires on"), kind="date")])[
        "expires_on"
    ]
    reason = clean_reason(reason)
    if cert.status == CertificateStatus.REVOKED:
        raise WrongState("certificate_revoked", _("A revoked certificate cannot be renewed."))
    if new_expiry <= cert.expires_on:
        raise Invalid(
            "renewal_not_later",
            _("The new expiry date must be later than the current one."),
            field="expires_on",
        )
    cert.expires_on = new_expiry
    save_with_history(cert, actor=actor, reason=reason)
    _event(cert, CertificateEventKind.RENEWED, reason, actor)
    return cert


def _change_status(
    *,
    actor: Any,
    certificate: Certificate,
    reason: str,
    to: CertificateStatus,
    kind: CertificateEventKind,
    allowed_from: set[CertificateStatus],
) -> Certificate:
    cert = _locked(certificate)
    if actor is not None:
        require(can_manage_officers(actor, cert.officer.agency))
    reason = clean_reason(reason)
    if cert.status not in allowed_from:
        raise WrongState(
            "certificate_wrong_state",
            _("The certificate is %(status)s; it cannot be %(act)s.")
            % {"status": CertificateStatus(cert.status).label, "act": kind.label},
            errors=[FieldError("status", "certificate_wrong_state", _("Wrong certificate status."))],
        )
    cert.status = to
    save_with_history(cert, actor=actor, reason=reason)
    _event(cert, kind, reason, actor)
    return cert


@transaction.atomic
def suspend_certificate(*, actor: Any, certificate: Certificate, reason: str) -> Certificate:
    return _change_status(
        actor=actor,
        certificate=certificate,
        reason=reason,
        to=CertificateStatus.SUSPENDED,
        kind=CertificateEventKind.SUSPENDED,
        allowed_from={CertificateStatus.ACTIVE},
    )


@transaction.atomic
def reinstate_certificate(*, actor: Any, certificate: Certificate, reason: str) -> Certificate:
    return _change_status(
        actor=actor,
        certificate=certificate,
        reason=reason,
        to=CertificateStatus.ACTIVE,
        kind=CertificateEventKind.REINSTATED,
        allowed_from={CertificateStatus.SUSPENDED},
    )


@transaction.atomic
def revoke_certificate(*, actor: Any, certificate: Certificate, reason: str) -> Certificate:
    # Revocation is final: a new certificate must be issued instead.
    return _change_status(
        actor=actor,
        certificate=certificate,
        reason=reason,
        to=CertificateStatus.REVOKED,
        kind=CertificateEventKind.REVOKED,
        allowed_from={CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED},
    )
