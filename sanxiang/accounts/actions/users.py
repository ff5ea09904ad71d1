"""Writes for accounts: password change, users, API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from sanxiang.accounts.models import ApiToken, User
from sanxiang.accounts.permissions import can_manage_user, can_place_user, is_admin
from sanxiang.catalog.models import Agency, Region
from sanxiang.catalog.permissions import can_see_agency_internal
from sanxiang.core import clock
from sanxiang.core.cleaning import Spec, choices_from, clean
from sanxiang.core.errors import FieldError, Invalid, NotAllowed, WrongState
from sanxiang.core.roles import AGENCY_ROLES, REGION_ROLES, Role
from sanxiang.recordlog import actions as recordlog

API_SCOPES = {
    "catalog:read": _("Read the agency's catalog, including internal fields"),
    "catalog:write": _("Change the agency's lists"),
    # Case files hold personal data (parties' identity card numbers): a scope of their own, read only.
    "cases:read": _("Read the agency's cases, including the parties' personal data"),
}


def change_password(*, user: User, old_password: str, new_password: str, new_password_again: str) -> None:
    errors = []
    if not user.check_password(old_password):
        errors.append(FieldError("old_password", "bad_password", _("The current password is wrong.")))
    if new_password != new_password_again:
        errors.append(
            FieldError("new_password_again", "passwords_differ", _("The two new passwords differ."))
        )
    if not errors:
        try:
            password_validation.validate_password(new_password, user)
        except ValidationError as exc:
            errors.extend(FieldError("new_password", "weak_password", m) for m in exc.messages)
    if errors:
        raise Invalid.many(errors)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    _record(
        "account.password_changed", subject=user, actor=user, agency_id=user.agency_id, username=user.username
    )


USER_SPECS = [
    Spec("username", _("User name"), max_length=150),
    Spec("display_name", _("Name"), max_length=50),
    Spec("role", _("Role"), kind="choice", choices=choices_from(Role)),
]
# The user name is the sign-in name and the key of the sign-in record: it never changes.
USER_EDIT_SPECS = [s for s in USER_SPECS if s.name != "username"]
PASSWORD_LABEL = _("Password")


def _clean_account(
    data: dict[str, Any], specs: list[Spec], agency: Agency | None, region: Region | None
) -> tuple[dict[str, Any], list[FieldError]]:
    """Clean the typed fields and check that the role has the place it needs; every problem at once."""
    errors: list[FieldError] = []
    cleaned: dict[str, Any] = {}
    for spec in specs:  # one at a time, so that a bad name does not hide what the role needs
        try:
            cleaned.update(clean(data, [spec]))
        except Invalid as exc:
            errors.extend(exc.errors)
    role = cleaned.get("role")
    if role in AGENCY_ROLES and agency is None:
        errors.append(FieldError("agency", "agency_required", _("An agency role needs an agency.")))
    if role == Role.SUPERVISOR and region is None:
        errors.append(FieldError("region", "region_required", _("A supervisor needs a region.")))
    return cleaned, errors


def _placement(
    role: str, agency: Agency | None, region: Region | None
) -> tuple[Agency | None, Region | None]:
    """Agency roles belong to an agency, supervisors and administrators to a region (an
    administrator without one serves the whole installation)."""
    return (agency if role in AGENCY_ROLES else None, region if role in REGION_ROLES else None)


def _require_placement(actor: Any, agency: Agency | None, region: Region | None) -> None:
    if can_place_user(actor, agency, region):
        return
    if agency is None and region is None:
        raise NotAllowed(
            "installation_admin_only",
            _("Only an installation-wide administrator may make someone an installation-wide administrator."),
            field="region",
        )
    raise NotAllowed("not_allowed", _("You are not allowed to create users here."))


def _password_errors(password: str, user: User) -> list[FieldError]:
    if not password:
        return [FieldError("password", "required", _("%(label)s is required.") % {"label": PASSWORD_LABEL})]
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        return [FieldError("password", "weak_password", m) for m in exc.messages]
    return []


def _record(kind: str, *, subject: Any, actor: Any, agency_id: int | None, **payload: Any) -> None:
    """Account acts go into the record log in the same transaction (who changed whose access, when).
    Passwords and token secrets never do."""
    recordlog.append(
        kind=kind,
        subject=subject,
        actor=actor if getattr(actor, "pk", None) else None,
        payload={key: value for key, value in payload.items() if value is not None},
        occurred_at=clock.now(),
        agency_id=agency_id,
    )


def _account_payload(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "agency": user.agency_id,
        "region_code": user.region.code if user.region_id and user.region else None,
        "holds_legal_qualification": user.holds_legal_qualification,
        "is_active": user.is_active,
    }


@transaction.atomic
def create_user(
    *,
    actor: Any,
    data: dict[str, Any],
    password: str,
    agency: Agency | None = None,
    region: Region | None = None,
    holds_legal_qualification: bool = False,
) -> User:
    """Administrators create users in their scope; ``actor=None`` is the system (demo, first admin)."""
    if actor is not None and not is_admin(actor):
        raise NotAllowed("not_allowed", _("You are not allowed to create users here."))
    cleaned, errors = _clean_account(data, USER_SPECS, agency, region)
    agency, region = _placement(cleaned.get("role", ""), agency, region)
    user = User(**cleaned, agency=agency, region=region, holds_legal_qualification=holds_legal_qualification)
    errors += _password_errors(password, user)
    if errors:
        raise Invalid.many(errors)
    if actor is not None:
        _require_placement(actor, agency, region)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise Invalid("username_taken", _("This user name is already taken."), field="username") from None
    _record("account.created", subject=user, actor=actor, agency_id=user.agency_id, **_account_payload(user))
    return user


def _locked_account(actor: Any, user: User) -> User:
    """The account row, locked for the change, after checking the actor manages it."""
    if not can_manage_user(actor, user):
        raise NotAllowed("not_allowed", _("You are not allowed to manage this account."))
    return (
        User.objects.select_for_update(of=("self",))
        .select_related("agency__region", "region")
        .get(pk=user.pk)
    )


@transaction.atomic
def update_user(
    *,
    actor: Any,
    user: User,
    data: dict[str, Any],
    agency: Agency | None = None,
    region: Region | None = None,
    holds_legal_qualification: bool = False,
) -> User:
    """Change a user's name, role, place and legal qualification. An administrator may move a user
    only to a place within their own region, and may not change their own role."""
    user = _locked_account(actor, user)
    cleaned, errors = _clean_account(data, USER_EDIT_SPECS, agency, region)
    if errors:
        raise Invalid.many(errors)
    if user.pk == actor.pk and cleaned["role"] != user.role:
        raise NotAllowed("own_role", _("You cannot change your own role."), field="role")
    agency, region = _placement(cleaned["role"], agency, region)
    _require_placement(actor, agency, region)
    user.display_name = cleaned["display_name"]
    user.role = cleaned["role"]
    user.agency = agency
    user.region = region
    user.holds_legal_qualification = holds_legal_qualification
    user.save(update_fields=["display_name", "role", "agency", "region", "holds_legal_qualification"])
    _record("account.changed", subject=user, actor=actor, agency_id=user.agency_id, **_account_payload(user))
    return user


@transaction.atomic
def set_user_active(*, actor: Any, user: User, active: Any) -> User:
    """Deactivate (the user can no longer sign in, and open sessions end) or reactivate an account.
    Accounts are never deleted: cases and logs refer to them."""
    user = _locked_account(actor, user)
    wanted = clean({"active": active}, [Spec("active", _("Account status"), kind="bool")])["active"]
    if not wanted and user.pk == actor.pk:
        raise NotAllowed("own_account", _("You cannot deactivate your own account."))
    if user.is_active != wanted:
        user.is_active = wanted
        user.save(update_fields=["is_active"])
        _record(
            "account.reactivated" if wanted else "account.deactivated",
            subject=user,
            actor=actor,
            agency_id=user.agency_id,
            username=user.username,
        )
    return user


@transaction.atomic
def reset_password(*, actor: Any, user: User, password: str) -> User:
    """An administrator sets a new password, e.g. for a user who forgot theirs."""
    user = _locked_account(actor, user)
    errors = _password_errors(password, user)
    if errors:
        raise Invalid.many(errors)
    user.set_password(password)
    user.save(update_fields=["password"])
    _record(
        "account.password_reset", subject=user, actor=actor, agency_id=user.agency_id, username=user.username
    )
    return user


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def issue_api_token(*, actor: Any, agency: Agency, name: str, scopes: Sequence[str]) -> tuple[ApiToken, str]:
    """Returns the token row and the secret, which is shown once and never stored."""
    if getattr(actor, "role", None) != Role.ADMIN or not can_see_agency_internal(actor, agency):
        raise NotAllowed("not_allowed", _("Only an administrator in scope may issue API tokens."))
    cleaned = clean({"name": name}, [Spec("name", _("Token name"), max_length=100)])
    unknown = [s for s in scopes if s not in API_SCOPES]
    if unknown or not scopes:
        raise Invalid(
            "token_scopes",
            _("Choose one or more of: %(scopes)s.") % {"scopes": ", ".join(API_SCOPES)},
            field="scopes",
        )
    secret = "sx_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        agency=agency,
        name=cleaned["name"],
        prefix=secret[3:13],
        digest=_digest(secret),
        scopes=sorted(set(scopes)),
        created_by=actor,
        created_at=clock.now(),
    )
    _record(
        "token.issued",
        subject=token,
        actor=actor,
        agency_id=agency.pk,
        name=token.name,
        prefix=token.prefix,
        scopes=token.scopes,
    )
    return token, secret


@transaction.atomic
def revoke_api_token(*, actor: Any, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update(of=("self",)).select_related("agency__region").get(pk=token.pk)
    if getattr(actor, "role", None) != Role.ADMIN or not can_see_agency_internal(actor, token.agency):
        raise NotAllowed("not_allowed", _("Only an administrator in scope may revoke API tokens."))
    if token.revoked_at is not None:
        raise WrongState("token_revoked", _("This token has already been revoked."))
    token.revoked_at = clock.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    _record("token.revoked", subject=token, actor=actor, agency_id=token.agency_id, prefix=token.prefix)
    return token


def token_for_secret(secret: str) -> ApiToken | None:
    """The live token for a presented secret, marking its use (at most once a minute per token)."""
    if not secret.startswith("sx_"):
        return None
    token = (
        ApiToken.objects.select_related("agency__region")
        .filter(digest=_digest(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None:
        return None
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
