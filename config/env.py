"""Strict environment parsing: a bad value stops start-up and names the variable.

Secrets may be given as ``NAME_FILE`` pointing at a file whose content is the value
(Docker/Kubernetes secrets), after healthchecks' ``envsecret``.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse


class ImproperlyConfiguredEnv(SystemExit):
    """Raised for a bad environment value; exits start-up with the message."""

    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"配置错误 / configuration error: environment variable {name}: {problem}")


def raw(name: str) -> str | None:
    file_var = f"{name}_FILE"
    if file_var in os.environ:
        path = Path(os.environ[file_var])
        try:
            return path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfiguredEnv(file_var, f"cannot read {path}: {exc.strerror}") from exc
    return os.environ.get(name)


def string(name: str, default: str) -> str:
    value = raw(name)
    return default if value is None else value


def boolean(name: str, default: bool) -> bool:
    value = raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfiguredEnv(name, f"expected true/false, got {value!r}")


def integer(name: str, default: int, *, minimum: int | None = None) -> int:
    value = raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise ImproperlyConfiguredEnv(name, f"expected an integer, got {value!r}") from exc
    if minimum is not None and number < minimum:
        raise ImproperlyConfiguredEnv(name, f"must be at least {minimum}, got {number}")
    return number


def string_list(name: str, default: list[str]) -> list[str]:
    value = raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def choice(name: str, default: str, choices: set[str]) -> str:
    value = string(name, default)
    if value not in choices:
        raise ImproperlyConfiguredEnv(name, f"must be one of {sorted(choices)}, got {value!r}")
    return value


def database(name: str, default: str) -> dict[str, object]:
    """Parse ``sqlite:///path`` or ``postgres://user:pass@host:port/db`` into Django's dict."""
    url = string(name, default)
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = unquote(parsed.path)
        if url.startswith("sqlite:////"):
            path = "/" + path.lstrip("/")
        elif url.startswith("sqlite:///"):
            path = path.lstrip("/")
        if not path:
            raise ImproperlyConfiguredEnv(name, "sqlite URL needs a file path, e.g. sqlite:///var/db.sqlite3")
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path,
            # WAL lets the portal read while an action writes; a generous timeout rides out bursts.
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    if parsed.scheme in {"postgres", "postgresql", "pgsql"}:
        if not parsed.path.strip("/"):
            raise ImproperlyConfiguredEnv(name, "postgres URL needs a database name")
        options = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
        try:
            port = parsed.port
        except ValueError as exc:
            raise ImproperlyConfiguredEnv(name, "port is not a number") from exc
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.strip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(port or ""),
            "OPTIONS": options,
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfiguredEnv(
        name, f"unsupported scheme {parsed.scheme!r} (use sqlite:/// or postgres://)"
    )
