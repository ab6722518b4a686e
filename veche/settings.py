"""Veche settings. Everything that differs between machines comes from the environment.

VECHE_DEBUG=1           development mode (the demo sets it)
VECHE_DEMO=1            this installation is the demo: only then do demo_build/demo_code run
VECHE_HTTPS=0           production served over plain HTTP (no HSTS, SSL redirect, secure cookies)
VECHE_BEHIND_PROXY=0    Veche is not behind nginx: take REMOTE_ADDR, not X-Real-IP (default: =HTTPS)
VECHE_SECRET_KEY        required unless VECHE_DEBUG is on
VECHE_VAR_DIR           where the embedded database, the demo's key and uploads live (var/)
DATABASE_URL            e.g. postgres://veche@127.0.0.1:5432/veche; default: embedded SQLite in var/
VECHE_DB_POOL           PostgreSQL connections per process from a pool (veche.asgi sets 10)
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
# The demo's accounts have public passwords and derivable TOTP keys: `veche demo` sets this for
# the embedded database of a checkout only (veche/cli.py, veche/demo/guard.py).
VECHE_DEMO = env_flag("VECHE_DEMO")


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
    # The next three under Russian names in the admin (veche/admin_apps.py).
    "veche.admin_apps.TotpConfig",
    "veche.admin_apps.AxesConfig",
    "veche.admin_apps.TasksConfig",
    # Core: every capability app depends on these and on nothing else.
    "veche.territories",
    "veche.accounts",
    "veche.registry",
    "veche.ledger",
    # Capabilities: each depends on the core only.
    "veche.votes",
    "veche.appeals",
    "veche.practices",
    "veche.events",
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
    # Content-Security-Policy and Permissions-Policy on every response, cached pages included.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "veche.web.headers.PermissionsPolicyMiddleware",
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


def database_pooled(db: Any, size: int) -> None:  # a DATABASES entry (dj-database-url's TypedDict)
    """Take `db`'s PostgreSQL connections from a pool of at most `size` per process.

    Why: a WSGI worker's threads live as long as the worker, so each keeps one connection for
    CONN_MAX_AGE and the total is workers × threads. Under ASGI (veche.asgi, the ballot
    intake) Django runs every request in a new thread, and a connection kept 60 s per thread
    piled up to the server's max_connections: the whole site answered 500 (issue 15.1). With
    the pool each request borrows a connection and gives it back when it ends (CONN_MAX_AGE 0
    is what returns it); past `size` at once a request waits for one (up to 10 s)."""
    if size > 0 and db["ENGINE"].endswith("postgresql"):
        db["CONN_MAX_AGE"] = 0
        db.setdefault("OPTIONS", {})["pool"] = {"min_size": 1, "max_size": size,
                                                "timeout": 10, "max_idle": 60}


# VECHE_DB_POOL: connections per process; veche/asgi.py sets it (0 or unset: kept per thread).
database_pooled(DATABASES["default"], int(os.environ.get("VECHE_DB_POOL") or 0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # An address that failed on many accounts is refused before anything else (a password spray).
    "veche.accounts.throttle.AddressThrottleBackend",
    # Axes next: it refuses locked-out credentials before any real check runs.
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
# How many different accounts may fail from one address within the cool-off (accounts/throttle.py).
VECHE_LOGIN_ADDRESS_LIMIT = int(os.environ.get("VECHE_LOGIN_ADDRESS_LIMIT", "20"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "veche.accounts.views.lockout_response"
AXES_ENABLED = True
# Each login path counts failures under its own key (email/phone, "phone:+7…", "otp:<id>", "esia").
AXES_USERNAME_CALLABLE = "veche.accounts.throttle.axes_username"
AXES_CLIENT_IP_CALLABLE = "veche.accounts.throttle.client_ip"
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
# After Django checks who may read an uploaded file, nginx may send it (X-Accel-Redirect to an
# `internal` location aliasing MEDIA_ROOT, e.g. /_media/); empty: Django streams it
# (veche/web/views/media.py, docs/operations.md).
VECHE_MEDIA_ACCEL = os.environ.get("VECHE_MEDIA_ACCEL", "")
WHITENOISE_USE_FINDERS = DEBUG or TESTING

SESSION_COOKIE_HTTPONLY = True
# Production is served over HTTPS behind a proxy (docs/operations.md, nginx); the demo and the
# tests are plain HTTP on 127.0.0.1. VECHE_HTTPS=0 is for a production without TLS (then
# `check --deploy` rightly warns).
HTTPS = env_flag("VECHE_HTTPS", default=not (DEBUG or TESTING))
SESSION_COOKIE_SECURE = env_flag("VECHE_SECURE_COOKIES", default=HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("VECHE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Only a header: it submits nothing; the site's owner decides on hstspreload.org.
    SECURE_HSTS_PRELOAD = True
    # nginx overwrites X-Forwarded-Proto on every request, so a client cannot forge it; without
    # it Django takes HTTPS requests for HTTP and a login fails the CSRF origin check.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind nginx the client's address is its X-Real-IP (login limits: veche/accounts/throttle.py).
VECHE_BEHIND_PROXY = env_flag("VECHE_BEHIND_PROXY", default=HTTPS)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Scripts, styles, images and fonts only from the installation itself (152-FZ: no foreign CDN);
# no inline script or style anywhere (tests/browser/test_csp.py walks the pages in Chromium).
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Features no page of Veche uses are switched off for it and for anything it could embed;
# geolocation stays for the page itself (an appeal's place on the map).
VECHE_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(self), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)

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
# The public address every absolute link is built from (e-mails, SMS, QR codes, posters,
# invitations: veche/accounts/links.py); `veche demo` sets it to its own address.
VECHE_SITE_URL = os.environ.get("VECHE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

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
