"""Time-based one-time passwords (RFC 6238 on RFC 4226 HOTP): 6 digits, 30-second steps, HMAC-SHA-1,
the parameters every authenticator app uses by default. Pure functions, no storage: the actions keep
the secret and the last step used (``actions.second_factor``)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from urllib.parse import quote, urlencode

DIGITS = 6
STEP_SECONDS = 30
# Accept the previous and the next step too (RFC 6238 §5.2 recommends at most one step of drift),
# so that a phone clock a little off, or a code typed as it changes, still works.
DRIFT_STEPS = 1
SECRET_BYTES = 20  # 160 bits, the HMAC-SHA-1 key length RFC 4226 §4 recommends


def new_secret() -> str:
    """A random key in base32 without padding, as authenticator apps expect it typed or scanned."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii").rstrip("=")


def key_of(secret: str) -> bytes:
    cleaned = secret.replace(" ", "").upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def hotp(key: bytes, counter: int, digits: int = DIGITS) -> str:
    """RFC 4226 §5.3: HMAC-SHA-1 of the counter, dynamic truncation, the low ``digits`` digits."""
    mac = hmac.new(key, counter.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    number = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def step_of(unix_seconds: float) -> int:
    return int(unix_seconds) // STEP_SECONDS


def code_at(secret: str, unix_seconds: float, digits: int = DIGITS) -> str:
    return hotp(key_of(secret), step_of(unix_seconds), digits)


def matching_step(secret: str, code: str, unix_seconds: float) -> int | None:
    """The step whose code this is, within the allowed drift, or None. Compares in constant time."""
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isdigit():
        return None
    key, now = key_of(secret), step_of(unix_seconds)
    found = None
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if hmac.compare_digest(hotp(key, step), code):
            found = step
    return found


def grouped(secret: str) -> str:
    """The secret in groups of four, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    label = quote(f"{issuer}:{account}", safe="")
    query = urlencode(
        {"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS, "period": STEP_SECONDS}
    )
    return f"otpauth://totp/{label}?{query}"
