"""Writes for accounts: sign-in with lockout, password change, users, API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from typing import Any

from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from sanxiang.accounts import policies
from sanxiang.accounts.models import ApiToken, LoginAttempt, User
from sanxiang.catalog.models import Agency, Region
from sanxiang.catalog.permissions import can_manage_agency, can_see_agency_internal
from sanxiang.core import clock, policy
from sanxiang.core.cleaning import Spec, choices_from, clean
from sanxiang.core.errors import FieldError, Invalid, NotAllowed, WrongState
from sanxiang.core.roles import AGENCY_ROLES, Role

API_SCOPES = {
    "catalog:read": _("Read the agency's catalog, including internal fields"),
    "catalog:write": _("Change the agency's lists"),
}


def _lockout_scopes(user: User | None) -> list[str]:
    if user is not None and user.agency_id:
        return user.agency.policy_scopes()  # type: ignore[union-attr]
    if user is not None and user.region_id:
        return user.region.policy_scopes()  # type: ignore[union-attr]
    return []


def locked_until(username: str, user: User | None = None) -> dt.datetime | None:
    """The account is locked when the last N attempts for this username all failed and the last
    failure is less than the lockout period ago (N and the period are policy settings)."""
    scopes = _lockout_scopes(user)
    threshold = int(policy.value(policies.LOCKOUT_THRESHOLD.key, scopes))
    minutes = int(policy.value(policies.LOCKOUT_MINUTES.key, scopes))
    recent = list(
        LoginAttempt.objects.filter(username=username)
        .exclude(outcome="locked")
        .order_by("-at", "-id")[:threshold]
    )
    if len(recent) < threshold or any(a.succeeded for a in recent):
        return None
    until = recent[0].at + dt.timedelta(minutes=minutes)
    return until if until > clock.now() else None


def sign_in(*, username: str, password: str, ip: str, user_agent: str = "", request: Any = None) -> User:
    """Check a password, applying the lockout rule, and record the attempt whatever its outcome."""
    username = (username or "").strip()[:150]
    user = User.objects.select_related("agency__region", "region").filter(username=username).first()

    def record(outcome: str, succeeded: bool = False) -> None:
        LoginAttempt.objects.create(
            username=username,
            user=user,
            succeeded=succeeded,
            outcome=outcome,
            ip=ip[:64],
            user_agent=user_agent[:300],
            at=clock.now(),
        )

    until = locked_until(username, user)
    if until is not None:
        record("locked")
        raise NotAllowed(
            "account_locked",
            _("Too many failed sign-ins: the account is locked until %(time)s.")
            % {"time": clock.localtime_str(until)},
            field="username",
            citation=str(policy.resolve(policies.LOCKOUT_THRESHOLD.key, _lockout_scopes(user)).citation),
        )
    authenticated = authenticate(request, username=username, password=password)
    if authenticated is None:
        record("inactive" if user is not None and not user.is_active else "bad_password")
        raise Invalid("bad_credentials", _("The user name or password is wrong."), field="password")
    record("ok", succeeded=True)
    assert isinstance(authenticated, User)
    return authenticated


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


USER_SPECS = [
    Spec("username", _("User name"), max_length=150),
    Spec("display_name", _("Name"), max_length=50),
    Spec("role", _("Role"), kind="choice", choices=choices_from(Role)),
]


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
    cleaned = clean(data, USER_SPECS)
    role = cleaned["role"]
    if role in AGENCY_ROLES and agency is None:
        raise Invalid("agency_required", _("An agency role needs an agency."), field="agency")
    if role == Role.SUPERVISOR and region is None:
        raise Invalid("region_required", _("A supervisor needs a region."), field="region")
    if actor is not None:
        allowed = getattr(actor, "role", None) == Role.ADMIN and (
            can_see_agency_internal(actor, agency)
            if agency
            else region is not None and can_manage_agency(actor, region)
        )
        if not allowed:
            raise NotAllowed("not_allowed", _("You are not allowed to create users here."))
    user = User(
        **cleaned,
        agency=agency if role in AGENCY_ROLES else None,
        region=region if role in {Role.SUPERVISOR, Role.ADMIN} else None,
        holds_legal_qualification=holds_legal_qualification,
    )
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise Invalid.many([FieldError("password", "weak_password", m) for m in exc.messages]) from None
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise Invalid("username_taken", _("This user name is already taken."), field="username") from None
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
    return token, secret


@transaction.atomic
def revoke_api_token(*, actor: Any, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().select_related("agency__region").get(pk=token.pk)
    if getattr(actor, "role", None) != Role.ADMIN or not can_see_agency_internal(actor, token.agency):
        raise NotAllowed("not_allowed", _("Only an administrator in scope may revoke API tokens."))
    if token.revoked_at is not None:
        raise WrongState("token_revoked", _("This token has already been revoked."))
    token.revoked_at = clock.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked_at", "revoked_by"])
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
