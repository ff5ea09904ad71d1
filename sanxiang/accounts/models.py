from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sanxiang.core.roles import AGENCY_ROLES, Role


class User(AbstractUser):
    """A person who signs in. Agency roles belong to one agency; a supervisor belongs to a region;
    an administrator to a region, or to none for the whole installation."""

    display_name = models.CharField(_("name"), max_length=50)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    agency = models.ForeignKey(
        "catalog.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("agency"),
    )
    region = models.ForeignKey(
        "catalog.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("region"),
    )
    officer = models.OneToOneField(
        "catalog.Officer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("officer record"),
    )
    # 具备法律职业资格: checked later for first-time reviewers of penalties (处罚法 Art. 58).
    holds_legal_qualification = models.BooleanField(
        _("holds the national legal qualification"), default=False
    )

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        constraints = [
            models.CheckConstraint(
                name="agency_roles_have_agency",
                condition=~Q(role__in=sorted(r.value for r in AGENCY_ROLES)) | Q(agency__isnull=False),
            ),
            models.CheckConstraint(
                name="supervisor_has_region", condition=~Q(role="supervisor") | Q(region__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username


class LoginAttempt(models.Model):
    """Every sign-in attempt, successful or not, kept for audit and for the lockout rule."""

    username = models.CharField(max_length=150, db_index=True)
    user = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="login_attempts")
    succeeded = models.BooleanField()
    # ok, bad_password, locked, address_blocked, inactive, password_ok (code asked next), bad_code,
    # code_replayed (actions.sign_in); unknown_user in rows written before the counters
    outcome = models.CharField(max_length=20)
    ip = models.CharField(max_length=64)
    user_agent = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["username", "-at"], name="login_attempt_recent")]

    def __str__(self) -> str:
        return f"{self.username} {self.outcome} {self.at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A token another government system uses for the API. Issued per agency by an administrator,
    limited to scopes, revocable; only its SHA-256 digest is stored."""

    agency = models.ForeignKey("catalog.Agency", on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class AccountUnlock(models.Model):
    """An administrator lifted a sign-in lockout. Append-only: the lockout rule counts only the
    attempts made after the latest unlock of the account (``actions.locked_until``)."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="unlocks")
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    reason = models.CharField(max_length=500)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} unlocked {self.at:%Y-%m-%d %H:%M}"


class SignInCounter(models.Model):
    """Failed sign-ins counted per account, per network address, and per account from one address.

    A sign-in reserves its place by incrementing its three counters under a row lock before the
    password is checked (``actions.sign_in``), so that concurrent guesses cannot all be checked
    before any is counted (security review F4). The account is named by its normalised user name,
    whether or not such a user exists, so that the answers do not reveal which names exist."""

    class Kind(models.TextChoices):
        ACCOUNT = "account"  # one user name, from anywhere
        CLIENT = "client"  # one network address, whatever the user name
        PAIR = "pair"  # one user name from one network address

    kind = models.CharField(max_length=10, choices=Kind.choices)
    username = models.CharField(max_length=150, blank=True)
    ip = models.CharField(max_length=64, blank=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True)
    locked_until = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "username", "ip"], name="sign_in_counter_key")]

    def __str__(self) -> str:
        return f"{self.kind} {self.username} {self.ip}: {self.failures}"


class SecondFactor(models.Model):
    """A user's authenticator app (TOTP, RFC 6238). Unconfirmed until the user typed a correct code;
    ``last_step`` is the time step of the last code accepted, so that a code is never accepted twice
    (RFC 6238 §5.2). The secret is never written to a log; an administrator's reset deletes it."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="second_factor")
    secret = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"second factor of {self.user}"
