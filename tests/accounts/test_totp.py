"""The authenticator code (RFC 6238): the RFC's own test vectors, the one-step drift, and a code is
never accepted twice (RFC 6238 §5.2)."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
import time_machine

from sanxiang.accounts import actions, totp
from sanxiang.accounts.models import SecondFactor
from sanxiang.core.errors import Invalid, WrongState
from sanxiang.recordlog.models import Entry

# RFC 6238 Appendix B, the SHA-1 rows: the seed is the ASCII "12345678901234567890"; the table
# gives 8 digits, of which a 6-digit code is the low 6 (the same truncation modulo 10^6).
RFC_SEED = b"12345678901234567890"
RFC_SHA1 = [
    (59, "94287082"),
    (1111111109, "07081804"),
    (1111111111, "14050471"),
    (1234567890, "89005924"),
    (2000000000, "69279037"),
    (20000000000, "65353130"),
]
SECRET = base64.b32encode(RFC_SEED).decode()
NOW = dt.datetime(2026, 11, 2, 9, 0, 10, tzinfo=dt.UTC)


@pytest.mark.parametrize(("unix", "expected"), RFC_SHA1)
def test_the_rfc_6238_sha1_vectors(unix, expected):
    assert totp.hotp(RFC_SEED, totp.step_of(unix), digits=8) == expected
    assert totp.code_at(SECRET, unix) == expected[-6:]


def test_the_rfc_4226_hotp_vectors():
    # RFC 4226 Appendix D, counters 0..9 with the same seed.
    expected = [
        "755224",
        "287082",
        "359152",
        "969429",
        "338314",
        "254676",
        "287922",
        "162583",
        "399871",
        "520489",
    ]
    assert [totp.hotp(RFC_SEED, counter) for counter in range(10)] == expected


def test_one_step_of_drift_either_way_and_no_more():
    now = NOW.timestamp()
    step = totp.step_of(now)
    for drift in (-1, 0, 1):
        assert totp.matching_step(SECRET, totp.hotp(RFC_SEED, step + drift), now) == step + drift
    for drift in (-2, 2):
        assert totp.matching_step(SECRET, totp.hotp(RFC_SEED, step + drift), now) is None
    assert totp.matching_step(SECRET, "12345", now) is None
    assert totp.matching_step(SECRET, "abcdef", now) is None
    spaced = totp.code_at(SECRET, now)
    assert totp.matching_step(SECRET, f"{spaced[:3]} {spaced[3:]}", now) == step


def test_a_new_secret_is_160_bits_of_base32_and_the_uri_carries_it():
    secret = totp.new_secret()
    assert len(totp.key_of(secret)) == 20
    uri = totp.provisioning_uri(secret, "head", "sanxiang")
    assert uri.startswith("otpauth://totp/sanxiang%3Ahead?")
    assert f"secret={secret}" in uri and "digits=6" in uri and "period=30" in uri


def _enrolled(user):
    secret = totp.new_secret()
    actions.confirm_enrolment(user=user, secret=secret, code=totp.code_at(secret, NOW.timestamp()))
    return SecondFactor.objects.get(user=user)


@time_machine.travel(NOW, tick=False)
def test_a_code_is_accepted_once_and_never_again(world):
    head = world.user("head")
    factor = _enrolled(head)
    # The confirming code used this step already: it cannot sign in.
    now = NOW.timestamp()
    assert actions.accept_code(user=head, code=totp.code_at(factor.secret, now)) == "code_replayed"
    following = totp.code_at(factor.secret, now + 30)
    assert actions.accept_code(user=head, code=following) == "ok"
    assert actions.accept_code(user=head, code=following) == "code_replayed"
    # An older code, still within the drift, is refused after a newer one was used.
    assert actions.accept_code(user=head, code=totp.code_at(factor.secret, now - 30)) == "code_replayed"
    assert actions.accept_code(user=head, code="000000") in {"bad_code", "code_replayed"}


@time_machine.travel(NOW, tick=False)
def test_enrolment_needs_the_right_code_and_is_logged_without_the_secret(world):
    head = world.user("head")
    secret = totp.new_secret()
    right = totp.code_at(secret, NOW.timestamp())
    for wrong in ("", "000000" if right != "000000" else "111111"):
        with pytest.raises(Invalid) as refused:
            actions.confirm_enrolment(user=head, secret=secret, code=wrong)
        assert refused.value.errors[0].field == "code"
        assert "验证码" in str(refused.value.errors[0].message)
    assert not SecondFactor.objects.exists()
    assert not Entry.objects.filter(kind="account.second_factor_enrolled").exists()
    factor = actions.confirm_enrolment(user=head, secret=secret, code=right)
    with pytest.raises(WrongState):  # a second app only after an administrator's reset
        actions.confirm_enrolment(user=head, secret=totp.new_secret(), code=right)
    entry = Entry.objects.get(kind="account.second_factor_enrolled")
    assert json.loads(bytes(entry.canonical))["payload"] == {"username": "head", "method": "totp"}
    recorded = b"".join(bytes(e.canonical) for e in Entry.objects.all())
    assert factor.secret.encode() not in recorded
