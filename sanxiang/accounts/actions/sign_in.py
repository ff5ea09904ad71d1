"""Sign-in: the password, then the authenticator code when the user has one, under three lockouts.

Every attempt first reserves its place: in one short transaction it locks its three counter rows
(this account from this address, this address, this account) and counts itself as a failure, or is
refused when one of them is locked. Only then is the password checked. So however many guesses
arrive at once, at most the threshold of them are ever checked in a lockout period (security
review F4); a correct password gives its reservation back. Design and alternatives: docs/adr/0018.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sanxiang.accounts import policies
from sanxiang.accounts.actions.second_factor import accept_code, code_required, confirm_enrolment
from sanxiang.accounts.actions.users import _locked_account, _record
from sanxiang.accounts.models import AccountUnlock, LoginAttempt, SecondFactor, SignInCounter, User
from sanxiang.core import clock, policy
from sanxiang.core.errors import FieldError, Invalid, NotAllowed, WrongState
from sanxiang.core.roles import Role
from sanxiang.core.text import clean_text

Kind = SignInCounter.Kind
# Which roles each value of the accounts.second_factor_required policy covers.
SECOND_FACTOR_ROLES = {
    "none": frozenset(),
    "admin": frozenset({Role.ADMIN}),
    "admin_head": frozenset({Role.ADMIN, Role.HEAD}),
    "all": frozenset(Role),
}


def normalise(username: str) -> str:
    """The counters' name for an account: compatibility-normalised and case-folded, so that 'Admin'
    and 'ａｄｍｉｎ' are counted with 'admin' and cannot be used to get more guesses."""
    return unicodedata.normalize("NFKC", username).strip().casefold()[:150]


def policy_scopes(user: User | None) -> list[str]:
    """The user's agency or region chain; an unknown user name gets the defaults, as it would if it
    were a user without overrides."""
    if user is not None and user.agency_id:
        return user.agency.policy_scopes()  # type: ignore[union-attr]
    if user is not None and user.region_id:
        return user.region.policy_scopes()  # type: ignore[union-attr]
    return []


@dataclass(frozen=True)
class Limits:
    thresholds: dict[str, int]
    period: dt.timedelta
    scopes: list[str]

    @classmethod
    def of(cls, user: User | None) -> Limits:
        scopes = policy_scopes(user)
        return cls(
            thresholds={
                Kind.PAIR: int(policy.value(policies.LOCKOUT_THRESHOLD.key, scopes)),
                Kind.CLIENT: int(policy.value(policies.CLIENT_THRESHOLD.key, scopes)),
                Kind.ACCOUNT: int(policy.value(policies.ACCOUNT_LOCKOUT_THRESHOLD.key, scopes)),
            },
            period=dt.timedelta(minutes=int(policy.value(policies.LOCKOUT_MINUTES.key, scopes))),
            scopes=scopes,
        )


POLICY_OF_KIND = {
    Kind.PAIR: policies.LOCKOUT_THRESHOLD,
    Kind.CLIENT: policies.CLIENT_THRESHOLD,
    Kind.ACCOUNT: policies.ACCOUNT_LOCKOUT_THRESHOLD,
}


def _keys(name: str, ip: str) -> list[tuple[str, str, str]]:
    # Sorted, and locked in this order by everyone, so that two attempts never wait on each other
    # in a cycle (PostgreSQL would abort one as a deadlock).
    return sorted([(Kind.ACCOUNT, name, ""), (Kind.CLIENT, "", ip), (Kind.PAIR, name, ip)])


def _locked_counters(name: str, ip: str) -> list[SignInCounter]:
    """The three counter rows, created if new and locked until the transaction ends."""
    keys = _keys(name, ip)
    SignInCounter.objects.bulk_create(
        [SignInCounter(kind=k, username=u, ip=i) for k, u, i in keys], ignore_conflicts=True
    )
    match = Q()
    for kind, username, address in keys:
        match |= Q(kind=kind, username=username, ip=address)
    return list(SignInCounter.objects.select_for_update().filter(match).order_by("kind", "username", "ip"))


def _forget_stale(row: SignInCounter, now: dt.datetime, period: dt.timedelta) -> None:
    """A lock that ran out, or failures older than the lockout period, no longer count."""
    if row.locked_until is not None and row.locked_until <= now:
        row.failures, row.locked_until = 0, None
    elif row.locked_until is None and row.last_failure_at and now - row.last_failure_at >= period:
        row.failures = 0


def _reserve(name: str, ip: str, limits: Limits) -> SignInCounter | None:
    """Count one attempt on all three counters before it is checked; return the locked counter
    that refuses it instead, if any (then nothing is counted)."""
    now = clock.now()
    with transaction.atomic():
        rows = _locked_counters(name, ip)
        for row in rows:
            _forget_stale(row, now, limits.period)
        locked = [row for row in rows if row.locked_until is not None]
        if locked:
            # The address block first: it is what the client can do something about.
            return min(locked, key=lambda row: row.kind != Kind.CLIENT)
        for row in rows:
            row.failures += 1
            row.last_failure_at = now
            if row.failures >= limits.thresholds[row.kind]:
                row.locked_until = now + limits.period
            row.save(update_fields=["failures", "last_failure_at", "locked_until"])
    return None


@transaction.atomic
def _give_back(name: str, ip: str, limits: Limits, *, signed_in: bool) -> None:
    """A correct password or code was not a failure: give its reservation back. A completed
    sign-in also clears the account's failures (from this address and overall), as a success
    always has; the address's count of failures on other accounts stays."""
    for row in _locked_counters(name, ip):
        if signed_in and row.kind != Kind.CLIENT:
            row.failures = 0
        else:
            row.failures = max(0, row.failures - 1)
        if row.failures < limits.thresholds[row.kind]:
            row.locked_until = None
        row.save(update_fields=["failures", "locked_until"])


def _refusal(row: SignInCounter, limits: Limits) -> NotAllowed:
    assert row.locked_until is not None
    rule = policy.resolve(POLICY_OF_KIND[Kind(row.kind)].key, limits.scopes)
    if row.kind == Kind.CLIENT:
        return NotAllowed(
            "client_throttled",
            _("Too many failed sign-ins from your network address: try again after %(time)s.")
            % {"time": clock.localtime_str(row.locked_until)},
            field="username",
            citation=rule.citation,
        )
    return NotAllowed(
        "account_locked",
        _("Too many failed sign-ins: the account is locked until %(time)s.")
        % {"time": clock.localtime_str(row.locked_until)},
        field="username",
        citation=rule.citation,
    )


def _refused_outcome(row: SignInCounter) -> str:
    return "address_blocked" if row.kind == Kind.CLIENT else "locked"


def _attempt(username: str, user: User | None, ip: str, user_agent: str, outcome: str) -> None:
    """The sign-in record (LoginAttempt) every attempt leaves, whatever its outcome."""
    LoginAttempt.objects.create(
        username=username,
        user=user,
        succeeded=outcome == "ok",
        outcome=outcome,
        ip=ip[:64],
        user_agent=user_agent[:300],
        at=clock.now(),
    )


def second_factor_required(user: User) -> bool:
    wanted = policy.value(policies.SECOND_FACTOR_REQUIRED.key, policy_scopes(user))
    return user.role in SECOND_FACTOR_ROLES.get(wanted, frozenset())


def _required(*, username: str, password: str) -> None:
    """A form sent with an empty field is not a guess: refused before anything is counted (no
    password is empty, so nothing could be learnt from checking it)."""
    labels = {"username": _("User name"), "password": _("Password")}
    errors = [
        FieldError(field, "required", _("%(label)s is required.") % {"label": labels[field]})
        for field, value in (("username", username), ("password", password))
        if not value
    ]
    if errors:
        raise Invalid.many(errors)


@dataclass(frozen=True)
class SignIn:
    """A checked password: ``next_step`` is "done" (signed in), "code" (the authenticator code is
    asked next) or "enrol" (the role must use an authenticator app and the user has none yet)."""

    user: User
    next_step: str


def sign_in(*, username: str, password: str, ip: str, user_agent: str = "", request: Any = None) -> SignIn:
    """Check a password under the lockouts, and record the attempt whatever its outcome."""
    username = (username or "").strip()[:150]
    _required(username=username, password=password)
    user = User.objects.select_related("agency__region", "region").filter(username=username).first()
    limits = Limits.of(user)
    name = normalise(username)
    refused_by = _reserve(name, ip, limits)
    if refused_by is not None:
        _attempt(username, user, ip, user_agent, _refused_outcome(refused_by))
        raise _refusal(refused_by, limits)
    authenticated = authenticate(request, username=username, password=password)
    if authenticated is None:
        _attempt(
            username, user, ip, user_agent, "inactive" if user and not user.is_active else "bad_password"
        )
        raise Invalid("bad_credentials", _("The user name or password is wrong."), field="password")
    assert isinstance(authenticated, User)
    factor = SecondFactor.objects.filter(user=authenticated, confirmed_at__isnull=False).first()
    if factor is None and not second_factor_required(authenticated):
        _give_back(name, ip, limits, signed_in=True)
        _attempt(username, authenticated, ip, user_agent, "ok")
        return SignIn(authenticated, "done")
    _give_back(name, ip, limits, signed_in=False)
    _attempt(username, authenticated, ip, user_agent, "password_ok")
    return SignIn(authenticated, "code" if factor is not None else "enrol")


def sign_in_with_code(*, user: User, code: str, ip: str, user_agent: str = "") -> User:
    """The second step: the authenticator code of a user whose password was just checked. A code
    is accepted once (RFC 6238 §5.2), and wrong codes count against the same lockouts."""
    code_required(code)
    limits = Limits.of(user)
    name = normalise(user.username)
    refused_by = _reserve(name, ip, limits)
    if refused_by is not None:
        _attempt(user.username, user, ip, user_agent, _refused_outcome(refused_by))
        raise _refusal(refused_by, limits)

    outcome = accept_code(user=user, code=code)
    if outcome != "ok":
        _attempt(user.username, user, ip, user_agent, outcome)
        if outcome == "code_replayed":
            raise Invalid(
                "code_used",
                _("This code has already been used: wait for the next code in your authenticator app."),
                field="code",
            )
        raise Invalid("bad_code", _("The verification code is wrong or has expired."), field="code")
    _give_back(name, ip, limits, signed_in=True)
    _attempt(user.username, user, ip, user_agent, "ok")
    return user


def sign_in_enrolling(*, user: User, secret: str, code: str, ip: str, user_agent: str = "") -> User:
    """The second step when the role requires an authenticator app and the user had none: the code
    confirming the new app completes the sign-in. Wrong codes are not counted: the secret is on the
    screen of whoever passed the password, so there is nothing to guess."""
    confirm_enrolment(user=user, secret=secret, code=code)
    _give_back(normalise(user.username), ip, Limits.of(user), signed_in=True)
    _attempt(user.username, user, ip, user_agent, "ok")
    return user


def locked_until(username: str, user: User | None = None) -> dt.datetime | None:
    """When the account's lock ends, overall or from any one address, if it is locked now (what
    an administrator sees, and may lift)."""
    now = clock.now()
    locks = SignInCounter.objects.filter(
        kind__in=[Kind.ACCOUNT, Kind.PAIR], username=normalise(username), locked_until__gt=now
    ).values_list("locked_until", flat=True)
    return max((at for at in locks if at is not None), default=None)


@transaction.atomic
def unlock_account(*, actor: Any, user: User, reason: str) -> AccountUnlock:
    """Lift a sign-in lockout before it runs out: the failed attempts so far stop counting, from
    every address (an address's block on all accounts stays)."""
    user = _locked_account(actor, user)
    reason = clean_text(reason, field="reason", label=_("Reason"), max_length=500)
    if locked_until(user.username, user) is None:
        raise WrongState("not_locked", _("This account is not locked."))
    SignInCounter.objects.filter(
        kind__in=[Kind.ACCOUNT, Kind.PAIR], username=normalise(user.username)
    ).update(failures=0, locked_until=None)
    unlock = AccountUnlock.objects.create(user=user, by=actor, at=clock.now(), reason=reason)
    _record(
        "account.unlocked",
        subject=user,
        actor=actor,
        agency_id=user.agency_id,
        username=user.username,
        reason=reason,
    )
    return unlock
