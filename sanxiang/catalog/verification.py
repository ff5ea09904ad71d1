"""Public verification of an enforcement certificate (亮证执法).

A certificate's verification URL carries a token signed with the installation's SECRET_KEY over the
certificate's random ``public_id``. Knowing a certificate number is therefore not enough to build
its URL or its QR code, and a forged or altered token is refused without a database lookup.
The status shown is read live from the database, so a revocation shows at once.
"""

from __future__ import annotations

import io
import uuid

import segno
from django.conf import settings
from django.core import signing
from django.urls import reverse

from sanxiang.catalog.models import Certificate
from sanxiang.catalog.queries import certificate_by_public_id

_SALT = "sanxiang.certificate"


def _signer() -> signing.Signer:
    return signing.Signer(salt=_SALT)


def make_token(cert: Certificate) -> str:
    return _signer().sign(str(cert.public_id))


def verification_path(cert: Certificate) -> str:
    return reverse("catalog_public:verify", args=[make_token(cert)])


def make_verification_url(cert: Certificate) -> str:
    """Absolute URL, built from SITE_URL (not the request's Host header, which a client controls)."""
    return f"{settings.SITE_URL}{verification_path(cert)}"


def public_id_from_token(token: str) -> uuid.UUID | None:
    """The public id inside a genuine token, or None for a forged, altered or malformed one."""
    try:
        return uuid.UUID(_signer().unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def certificate_from_token(token: str) -> Certificate | None:
    public_id = public_id_from_token(token)
    if public_id is None:
        return None
    return certificate_by_public_id(public_id)


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


def qr_svg(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=6, border=4, xmldecl=True, svgns=True)
    return buffer.getvalue()
