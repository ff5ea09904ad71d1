import os
import subprocess
import sys

import pytest

from config import env


def test_it_parses_booleans_strictly(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert env.boolean("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(env.ImproperlyConfiguredEnv, match="X_FLAG"):
        env.boolean("X_FLAG", False)


def test_it_reads_secrets_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret-from-file\n", encoding="utf-8")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env.raw("X_SECRET") == "s3cret-from-file"
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(env.ImproperlyConfiguredEnv, match="X_SECRET_FILE"):
        env.raw("X_SECRET")


def test_it_parses_database_urls(monkeypatch):
    monkeypatch.setenv("X_DB", "postgres://u:p%40ss@db.internal:6543/sx?sslmode=require")
    parsed = env.database("X_DB", "sqlite:///x")
    assert parsed["ENGINE"] == "django.db.backends.postgresql"
    assert (parsed["USER"], parsed["PASSWORD"], parsed["HOST"], parsed["PORT"], parsed["NAME"]) == (
        "u",
        "p@ss",
        "db.internal",
        "6543",
        "sx",
    )
    assert parsed["OPTIONS"] == {"sslmode": "require"}
    monkeypatch.setenv("X_DB", "mysql://x/y")
    with pytest.raises(env.ImproperlyConfiguredEnv, match="unsupported scheme"):
        env.database("X_DB", "sqlite:///x")
    assert env.database("NOT_SET_DB", "sqlite:////tmp/a.sqlite3")["NAME"] == "/tmp/a.sqlite3"


def _run_check(extra_env, *args):
    environment = {**os.environ, **extra_env}
    environment.pop("DATABASE_URL", None)
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by conftest for Playwright only
    return subprocess.run(
        [sys.executable, "-m", "sanxiang", "check", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_bad_value_stops_start_up_naming_the_variable(tmp_path):
    result = _run_check({"SANXIANG_DEBUG": "perhaps", "SANXIANG_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SANXIANG_DEBUG" in result.stderr


def test_production_requires_a_secret_key(tmp_path):
    result = _run_check({"SANXIANG_MODE": "production", "SANXIANG_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_check_deploy_passes_with_production_settings(tmp_path):
    key = tmp_path / "key"
    key.write_text("k" * 20 + "-production-secret-key-for-the-deploy-check-0123456789", encoding="utf-8")
    result = _run_check(
        {
            "SANXIANG_MODE": "production",
            "SECRET_KEY_FILE": str(key),
            "ALLOWED_HOSTS": "zhifa.example.gov.cn",
            "SANXIANG_DATA_DIR": str(tmp_path),
        },
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
