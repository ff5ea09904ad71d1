"""Roles, shared by every app's permission helpers. A user has exactly one role; an agency role
belongs to one agency, a supervisor (and a regional administrator) to one region."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICER = "officer", _("Enforcement officer")
    HEAD = "head", _("Agency head")
    LEGAL_REVIEWER = "legal_reviewer", _("Legal reviewer")
    PUBLICATION_OFFICER = "publication_officer", _("Publication officer")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Administrator")


AGENCY_ROLES = frozenset({Role.OFFICER, Role.HEAD, Role.LEGAL_REVIEWER, Role.PUBLICATION_OFFICER})
REGION_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})
