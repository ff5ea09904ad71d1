from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("Prefecture-level city")
    COUNTY = "county", _("County")
    TOWNSHIP = "township", _("Township")


class AgencyKind(models.TextChoices):
    # 处罚法 Art. 17-21: statutory bodies, bodies authorised by law, and entrusted organisations.
    STATUTORY = "statutory", _("Statutory agency")
    AUTHORISED = "authorised", _("Organisation authorised by law")
    ENTRUSTED = "entrusted", _("Entrusted organisation")


class CertificateStatus(models.TextChoices):
    """Stored status. "Expired" is never stored: it is computed from the expiry date on the day asked."""

    ACTIVE = "active", _("Valid")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")


class EffectiveStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")
    NOT_YET_VALID = "not_yet_valid", _("Not yet valid")


class CertificateEventKind(models.TextChoices):
    ISSUED = "issued", _("Issued")
    RENEWED = "renewed", _("Renewed")
    SUSPENDED = "suspended", _("Suspended")
    REINSTATED = "reinstated", _("Reinstated")
    REVOKED = "revoked", _("Revoked")


class LegalBasisKind(models.TextChoices):
    LAW = "law", _("Law")
    ADMINISTRATIVE_REGULATION = "admin_regulation", _("Administrative regulation")
    LOCAL_REGULATION = "local_regulation", _("Local regulation")
    DEPARTMENTAL_RULE = "departmental_rule", _("Departmental rule")
    LOCAL_RULE = "local_rule", _("Local government rule")
    NORMATIVE_DOCUMENT = "normative_document", _("Normative document")


class ItemCategory(models.TextChoices):
    LICENSING = "licensing", _("Administrative licensing")
    PENALTY = "penalty", _("Administrative penalty")
    COERCION = "coercion", _("Administrative coercion")
    LEVY = "levy", _("Administrative levy")
    REQUISITION = "requisition", _("Administrative requisition")
    FEE = "fee", _("Administrative fee")
    INSPECTION = "inspection", _("Administrative inspection")
    CONFIRMATION = "confirmation", _("Administrative confirmation")
    PAYMENT = "payment", _("Administrative payment")
    REWARD = "reward", _("Administrative reward")
    ADJUDICATION = "adjudication", _("Administrative adjudication")
    OTHER = "other", _("Other")


class SeverityGrade(models.TextChoices):
    EXEMPT = "exempt", _("Not punished (minor, corrected in time)")
    LIGHTER = "lighter", _("Lighter")
    GENERAL = "general", _("General")
    HEAVIER = "heavier", _("Heavier")
    SERIOUS = "serious", _("Serious")


class ChangeKind(models.TextChoices):
    CREATED = "created", _("Added")
    CHANGED = "changed", _("Changed")
    REMOVED = "removed", _("Removed")
    CERTIFICATE = "certificate", _("Certificate status changed")
