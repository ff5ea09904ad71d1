"""The second factor: an authenticator app (TOTP, RFC 6238) a user enrols, uses at each sign-in, and
an administrator may reset when the phone is lost. The secret is stored, shown to its user while
enrolling, and never written to the record log or any other log."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sanxiang.accounts import totp
from sanxiang.accounts.actions.users import _locked_account, _record
from sanxiang.accounts.models import SecondFactor, User
from sanxiang.core import clock
from sanxiang.core.errors import Invalid, WrongState
from sanxiang.core.text import clean_text


def _matching_new_step(factor: SecondFactor, code: str) -> int | str:
    """The step the code belongs to, or why it is refused ("bad_code" or "code_replayed")."""
    step = totp.matching_step(factor.secret, code, clock.now().timestamp())
    if step is None:
        return "bad_code"
    if step <= factor.last_step:
        return "code_replayed"  # this code, or a later one, was already accepted
    return step


ENROLLED = _("An authenticator app is already set up; an administrator can reset it.")


def code_required(code: str) -> None:
    """An empty code is a form not filled in, not a guess: refused before anything is counted."""
    if not code.strip():
        raise Invalid(
            "required", _("%(label)s is required.") % {"label": _("Verification code")}, field="code"
        )


@transaction.atomic
def confirm_enrolment(*, user: User, secret: str, code: str) -> SecondFactor:
    """The user proves their app holds the new secret by typing its current code; only then is the
    secret stored. Until then it lives in the user's session (the enrolment page), so that opening
    the page writes nothing."""
    code_required(code)
    User.objects.select_for_update().filter(pk=user.pk).first()  # one enrolment at a time
    if SecondFactor.objects.filter(user=user).exists():
        raise WrongState("second_factor_enrolled", ENROLLED)
    step = totp.matching_step(secret, code, clock.now().timestamp())
    if step is None:
        raise Invalid(
            "bad_code",
            _("Verification code: enter the 6 digits your authenticator app shows now."),
            field="code",
        )
    now = clock.now()
    factor = SecondFactor.objects.create(
        user=user, secret=secret, created_at=now, confirmed_at=now, last_step=step
    )
    _record(
        "account.second_factor_enrolled",
        subject=user,
        actor=user,
        agency_id=user.agency_id,
        username=user.username,
        method="totp",
    )
    return factor


@transaction.atomic
def accept_code(*, user: User, code: str) -> str:
    """Check a sign-in code under a row lock, so that two requests with the same code cannot both
    pass; return "ok", "bad_code" or "code_replayed"."""
    factor = SecondFactor.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    if factor is None:
        return "bad_code"
    step = _matching_new_step(factor, code)
    if isinstance(step, str):
        return step
    factor.last_step = step
    factor.save(update_fields=["last_step"])
    return "ok"


@transaction.atomic
def reset_second_factor(*, actor: Any, user: User, reason: str) -> User:
    """An administrator removes a user's authenticator app (lost or replaced phone). The user
    enrols again at the next sign-in if their role requires it, or when they choose to."""
    user = _locked_account(actor, user)
    reason = clean_text(reason, field="reason", label=_("Reason"), max_length=500)
    deleted, _rows = SecondFactor.objects.filter(user=user).delete()
    if not deleted:
        raise WrongState("second_factor_missing", _("This user has no authenticator app to reset."))
    _record(
        "account.second_factor_reset",
        subject=user,
        actor=actor,
        agency_id=user.agency_id,
        username=user.username,
        reason=reason,
    )
    return user
