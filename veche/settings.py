"""Veche settings. Everything that differs between machines comes from the environment.

VECHE_DEBUG=1           development mode (the demo sets it)
VECHE_SECRET_KEY        required unless VECHE_DEBUG is on
VECHE_VAR_DIR           where the embedded database, the demo's key and uploads live (var/)
DATABASE_URL            e.g. postgres://veche@127.0.0.1:5432/veche; default: embedded SQLite in var/
VECHE_ALLOWED_HOSTS     comma-separated host names
VECHE_TASKS_BACKEND     "database" (default), "immediate" (tests) or "rq" (Redis, several machines)
VECHE_SMS_SENDER        dotted path of the SMS sender class (console sender by default)
VECHE_ESIA_*            ESIA (Gosuslugi) OpenID Connect client, see docs/auth.md
"""

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VECHE_VAR_DIR", BASE_DIR / "var"))


def env_flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("VECHE_DEBUG")
TESTING = env_flag("VECHE_TESTING")


def _secret_key() -> str:
    key = os.environ.get("VECHE_SECRET_KEY")
    if key:
        return key
    if not (DEBUG or TESTING):
        # One line for the `veche` command to print (veche/cli.py), not a traceback.
        raise ImproperlyConfigured(
            "VECHE_SECRET_KEY не задан: задайте переменную окружения VECHE_SECRET_KEY "
            "(длинная случайная строка, одна на установку) или запустите демо (make demo); "
            "см. docs/operations.md."
        )
    # Development only: one random key per checkout, kept out of git in var/.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h for h in os.environ.get("VECHE_ALLOWED_HOSTS", "").split(",") if h] or (
    ["127.0.0.1", "localhost", "testserver", "[::1]"]
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks_db",
    # Core: every capability app depends on these and on nothing else.
    "veche.territories",
    "veche.accounts",
    "veche.registry",
    "veche.ledger",
    # Capabilities: each depends on the core only.
    "veche.votes",
    "veche.appeals",
    "veche.practices",
    # Shell and HTTP API assembly.
    "veche.web",
    "veche.api",
    # Only so /api/v1/docs renders Swagger UI from ninja's bundled static files, not a CDN.
    "ninja",
    # The demo towns generator (`veche demo`, `veche demo_build`).
    "veche.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "veche.web.middleware.RussianFirstMiddleware",
    # Public pages for anonymous visitors, served before sessions and the database are touched.
    "veche.web.middleware.AnonymousPageCacheMiddleware",
    # Any error under /api/v1/ leaves as JSON, even one raised before the API is reached.
    "veche.api.errors.ApiJsonErrors",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff, heads, curators and admins reach nothing but the code page until they pass TOTP.
    "veche.accounts.otp.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Resolves /t/<slug>/ to request.territory and opens the tenancy scope for the request.
    "veche.territories.middleware.TerritoryScopeMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "veche.urls"
WSGI_APPLICATION = "veche.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "veche.web.context_processors.shell",
            ],
        },
    }
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'veche.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets the worker and the web server use one file without "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses locked-out credentials before any real check runs.
    "axes.backends.AxesStandaloneBackend",
    "veche.accounts.backends.EmailPasswordBackend",
    "veche.accounts.backends.PhoneCodeBackend",
    "veche.accounts.backends.EsiaBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; tests hash many passwords. Production keeps argon2 first.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"

# Brute-force protection (django-axes) on every login path: password, phone code, TOTP.
AXES_FAILURE_LIMIT = int(os.environ.get("VECHE_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "veche.accounts.views.lockout_response"
AXES_ENABLED = True
# Each login path counts failures under its own key (email/phone, "phone:+7…", "otp:<id>", "esia").
AXES_USERNAME_CALLABLE = "veche.accounts.throttle.axes_username"
OTP_TOTP_ISSUER = "Вече"

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Русский")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "veche" / "locale"]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request otherwise
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
WHITENOISE_USE_FINDERS = DEBUG or TESTING

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_flag("VECHE_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Background work through Django's tasks API.
_TASKS: dict[str, dict[str, Any]] = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "immediate": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
}
_TASKS_CHOSEN = os.environ.get("VECHE_TASKS_BACKEND", "immediate" if TESTING else "database")
if _TASKS_CHOSEN not in _TASKS:
    raise ImproperlyConfigured(
        f"VECHE_TASKS_BACKEND={_TASKS_CHOSEN!r} не понят: задайте database, immediate или rq "
        "(см. docs/operations.md)."
    )
TASKS = {"default": _TASKS[_TASKS_CHOSEN]}
RQ_QUEUES = {"default": {"URL": os.environ.get("VECHE_REDIS_URL", "redis://127.0.0.1:6379/0")}}
if TASKS["default"]["BACKEND"].startswith("django_tasks_rq"):
    # Workers: `veche rqworker default --job-class django_tasks_rq.Job` (docs/operations.md).
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache",
         "LOCATION": os.environ["VECHE_REDIS_URL"]}
        if os.environ.get("VECHE_REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Django 6.1 mailers; OPTIONS go to the backend (host/port for SMTP).
MAILERS: dict[str, dict[str, Any]] = {
    "default": {
        "BACKEND": os.environ.get(
            "VECHE_EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend"
            if DEBUG
            else "django.core.mail.backends.smtp.EmailBackend",
        ),
        "OPTIONS": {},
    }
}
if MAILERS["default"]["BACKEND"].endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("VECHE_EMAIL_HOST", "127.0.0.1"),
        "port": int(os.environ.get("VECHE_EMAIL_PORT", "25")),
    }
DEFAULT_FROM_EMAIL = os.environ.get("VECHE_FROM_EMAIL", "veche@localhost")

VECHE_SMS_SENDER = os.environ.get("VECHE_SMS_SENDER", "veche.accounts.sms.ConsoleSmsSender")
VECHE_SMS_GATEWAY_URL = os.environ.get("VECHE_SMS_GATEWAY_URL", "")
VECHE_SMS_GATEWAY_TOKEN = os.environ.get("VECHE_SMS_GATEWAY_TOKEN", "")
# accounts' sign-up and login reach the registry only through this interface
# (accounts/residents.py).
VECHE_RESIDENT_DIRECTORY = "veche.registry.residents.RegistryResidents"
# Public town figures are shared by all visitors for this long (Redis cache across web processes).
VECHE_FIGURES_CACHE_SECONDS = int(os.environ.get("VECHE_FIGURES_CACHE_SECONDS", "60"))
# HTTP API rate limits per IP (anonymous) and per user; tests lift them (one test lowers them).
VECHE_API_RATES = {
    "anon": os.environ.get("VECHE_API_RATE_ANON", "100000/min" if TESTING else "120/min"),
    "user": os.environ.get("VECHE_API_RATE_USER", "100000/min" if TESTING else "600/min"),
}

# ESIA (Gosuslugi) as an OpenID Connect provider; off unless configured.
VECHE_ESIA = {
    "ENABLED": env_flag("VECHE_ESIA_ENABLED"),
    "ISSUER": os.environ.get("VECHE_ESIA_ISSUER", ""),
    "CLIENT_ID": os.environ.get("VECHE_ESIA_CLIENT_ID", ""),
    "CLIENT_SECRET": os.environ.get("VECHE_ESIA_CLIENT_SECRET", ""),
    "SCOPE": os.environ.get("VECHE_ESIA_SCOPE", "openid fullname birthdate mobile email"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("VECHE_LOG_LEVEL", "WARNING")},
}
# Engagement breakdowns (district, age band, segment) are stored and refreshed in the background
# when older than this (veche/ledger/snapshots.py).
VECHE_BREAKDOWNS_MAX_AGE_SECONDS = int(os.environ.get("VECHE_BREAKDOWNS_MAX_AGE_SECONDS", "600"))
# The registry's covering index carries search_name on PostgreSQL; SQLite builds it without.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
