"""Settings for sanxiang. Every value comes from the environment through the strict parsers in
``config.env``; a bad value stops start-up with a message naming the variable.

``SANXIANG_MODE=production`` switches on the deployment hardening that ``sanxiang check --deploy``
asks for and makes ``SECRET_KEY`` mandatory.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

from django.utils.translation import gettext_lazy as _

from config import env

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env.string("SANXIANG_DATA_DIR", str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)

MODE = env.choice("SANXIANG_MODE", "dev", {"dev", "production"})
PRODUCTION = MODE == "production"
DEBUG = env.boolean("SANXIANG_DEBUG", not PRODUCTION)

_secret = env.raw("SECRET_KEY")
if _secret is None:
    if PRODUCTION:
        raise env.ImproperlyConfiguredEnv("SECRET_KEY", "is required when SANXIANG_MODE=production")
    _secret = "dev-only-insecure-key-0123456789-abcdefghijklmnopqrstuvwxyz-sanxiang"  # noqa: S105
elif len(_secret) < 50:
    raise env.ImproperlyConfiguredEnv("SECRET_KEY", "must be at least 50 characters")
SECRET_KEY = _secret

ALLOWED_HOSTS = env.string_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.string_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env.string("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "ninja",
    "huey.contrib.djhuey",
    "sanxiang.core",
    "sanxiang.recordlog",
    "sanxiang.workdays",
    "sanxiang.inbox",
    "sanxiang.catalog",
    "sanxiang.cases",
    "sanxiang.evidence",
    "sanxiang.documents",
    "sanxiang.legal_review",
    "sanxiang.publication",
    "sanxiang.annual_reports",
    "sanxiang.casefiles",
    "sanxiang.accounts",
    "sanxiang.api",
    "sanxiang.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sanxiang.core.csp.ContentSecurityPolicyMiddleware",
    "sanxiang.api.middleware.ApiJsonErrorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "sanxiang" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sanxiang.core.context_processors.site",
                "sanxiang.inbox.context_processors.unread",
            ],
        },
    },
]

DATABASES = {"default": env.database("DATABASE_URL", f"sqlite:///{DATA_DIR / 'sanxiang.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:workbench"
LOGOUT_REDIRECT_URL = "catalog_public:home"

REDIS_URL = env.raw("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sanxiang"}}

# Jobs: huey on SQLite by default (no broker to run), on Redis in production.
HUEY = {
    "name": "sanxiang",
    "immediate": env.boolean("SANXIANG_JOBS_IMMEDIATE", False),
    "huey_class": "huey.RedisHuey" if REDIS_URL else "huey.SqliteHuey",
    **({"url": REDIS_URL} if REDIS_URL else {"filename": str(DATA_DIR / "huey.sqlite3")}),
}

# The UI is Chinese whatever the browser asks for (no LocaleMiddleware): officers' and the public's
# browsers are often set to English, and the legal texts must read the same for everyone.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "sanxiang" / "locale"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "sanxiang" / "static"]
STATIC_ROOT = Path(env.string("STATIC_ROOT", str(DATA_DIR / "static")))
if not PRODUCTION:  # whitenoise warns about a missing folder; production runs collectstatic
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.string("MEDIA_ROOT", str(DATA_DIR / "media")))
# Content-addressed evidence and document bytes (sanxiang.evidence.blobs); private, never served.
BLOB_ROOT = Path(env.string("BLOB_ROOT", str(DATA_DIR / "blobs")))
STORAGES = {
    "default": {
        "BACKEND": env.string("SANXIANG_FILE_STORAGE", "django.core.files.storage.FileSystemStorage")
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploads above this size go to a temporary file, never into memory (ARCHITECTURE rule 6).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.integer("SESSION_COOKIE_AGE", 8 * 3600, minimum=300)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Reverse proxies in front of the app that append to X-Forwarded-For: the client address for rate
# limits is read that many hops from the right of the header. 0 (the default) ignores the header,
# which a client could forge to dodge every per-client limit.
TRUSTED_PROXIES = env.integer("SANXIANG_TRUSTED_PROXIES", 0, minimum=0)
if TRUSTED_PROXIES > 5:
    raise env.ImproperlyConfiguredEnv("SANXIANG_TRUSTED_PROXIES", "must be at most 5")
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.boolean("SECURE_HSTS_PRELOAD", False)
    if env.boolean("BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.choice("LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING"})},
}

# Test speed: a cheap hasher is swapped in by tests/conftest.py, never here.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Record log (sanxiang.recordlog): the origin names the log in its signed checkpoints (C2SP
# tlog-checkpoint), so it must not contain spaces or "+". The hash algorithm is fixed when the log is
# created and recorded on it; changing the setting later does not change an existing log.
RECORDLOG_ORIGIN = env.string("RECORDLOG_ORIGIN", f"{urlparse(SITE_URL).hostname or 'localhost'}/recordlog")
if not RECORDLOG_ORIGIN or any(ch.isspace() or ch == "+" for ch in RECORDLOG_ORIGIN):
    raise env.ImproperlyConfiguredEnv("RECORDLOG_ORIGIN", "must be non-empty, without spaces or '+'")
RECORDLOG_HASH = env.choice("RECORDLOG_HASH", "sha256", {"sha256", "sm3"})
RECORDLOG_SIGNING_KEY_FILE = Path(
    env.string("RECORDLOG_SIGNING_KEY_FILE", str(DATA_DIR / "recordlog-ed25519.key"))
)
# How often the worker (`sanxiang run_huey`) signs a checkpoint when the log grew: minutes, 1–1440.
RECORDLOG_CHECKPOINT_MINUTES = env.integer("RECORDLOG_CHECKPOINT_MINUTES", 10, minimum=1)
if RECORDLOG_CHECKPOINT_MINUTES > 24 * 60:
    raise env.ImproperlyConfiguredEnv("RECORDLOG_CHECKPOINT_MINUTES", "must be at most 1440 (one day)")
