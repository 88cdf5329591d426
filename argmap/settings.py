"""argmap settings: one module, driven by environment variables.

Every variable is documented in docs/settings.md. Things that must differ in production
(DEBUG, SECRET_KEY, hosts, HTTPS) are switched by the environment, never by another module.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from argmap.lib import postgres
from argmap.lib.env import cache_from_url, envbool, envint, envlist

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("ARGMAP_DEBUG", False)

SECRET_KEY = os.environ.get("ARGMAP_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "ARGMAP_SECRET_KEY is not set. Set it to a long random string, "
            "or set ARGMAP_DEBUG=True for local development."
        )
    # Only ever used with DEBUG on, on a developer's own machine.
    SECRET_KEY = "django-insecure-argmap-local-development-key-not-for-production-use"

ALLOWED_HOSTS = envlist("ARGMAP_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = envlist("ARGMAP_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "axes",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "argmap.accounts",
    "argmap.maps",
    "argmap.debates",
    "argmap.classroom",
    "argmap.api",
    "argmap.live",
]

MIDDLEWARE = [
    # First: a health check comes by address over plain HTTP (argmap/lib/middleware.py).
    "argmap.lib.middleware.PermissionsPolicyMiddleware",
    "argmap.lib.middleware.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "argmap.lib.middleware.AnswerMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Who made the changes a request publishes to the live map pages (argmap/lib/bus.py).
    "argmap.lib.bus.OriginMiddleware",
    # The reader's time zone, as their browser tells it, for the pages (argmap/lib/zones.py).
    "argmap.lib.zones.TimeZoneMiddleware",
    "argmap.lib.middleware.InputMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into the lock-out answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "argmap.urls"
WSGI_APPLICATION = "argmap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite is the embedded default for `make run`; DATABASE_URL switches to PostgreSQL
# (postgres://user:password@host:5432/name). Persistent connections are on because a new
# PostgreSQL connection per request cut a one-query view from 2,723 to 298 req/s (measured).
DATABASES: dict[str, Any] = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("ARGMAP_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("OPTIONS", {}).update(postgres.OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The API's throttles count requests in the cache, so it must be one that every worker process
# shares: a per-process cache would let each gunicorn worker allow the full rate. The default is
# a table in the database (created by `migrate`: argmap/api/migrations); Redis is faster under
# load (ARGMAP_CACHE_URL=redis://127.0.0.1:6379/0, with the `redis` package installed).
CACHES = {
    "default": cache_from_url(os.environ.get("ARGMAP_CACHE_URL", "db://argmap_cache")),
    # Parts of pages that show nothing of their reader (the debate view's comparison), built
    # once per map revision and address in each process (argmap/lib/revalidation.py). In
    # memory, not in the shared cache: a few hundred rendered parts per process, which would
    # otherwise crowd out the rates and log-in counts that must be shared.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "argmap-pages",
        "TIMEOUT": 6 * 3600,
        "OPTIONS": {"MAX_ENTRIES": 300},
    },
}

AUTHENTICATION_BACKENDS = [
    # Lock-outs first, so that a locked account or address never gets its password checked
    # (argmap/accounts/lockout.py).
    "axes.backends.AxesStandaloneBackend",
    "argmap.accounts.lockout.AddressLockoutBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A map of this many statements or more is kept packed once read, and read from there after
# (argmap/maps/stored.py): below it, reading a map whole costs a few milliseconds.
ARGMAP_PACK_FROM = envint("ARGMAP_PACK_FROM", 5000)
# --- log-in lock-outs and rates (argmap/accounts/lockout.py, argmap/lib/rates.py) -------------
LOGIN_LIMIT_ACCOUNT = envint("ARGMAP_LOGIN_LIMIT_ACCOUNT", 5)
LOGIN_LIMIT_ADDRESS = envint("ARGMAP_LOGIN_LIMIT_ADDRESS", 50)
LOGIN_COOLOFF_MINUTES = envint("ARGMAP_LOGIN_COOLOFF_MINUTES", 15)
AXES_FAILURE_LIMIT = LOGIN_LIMIT_ACCOUNT
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=LOGIN_COOLOFF_MINUTES)
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_CLIENT_IP_CALLABLE = "argmap.lib.addresses.client_address"
AXES_LOCKOUT_CALLABLE = "argmap.accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# axes logs each success and failure itself at INFO/WARNING; the access log table would grow
# with every log-in of every student.
AXES_DISABLE_ACCESS_LOG = True

# The reverse proxies whose X-Forwarded-For is believed (argmap/lib/addresses.py): addresses or
# networks. Behind a proxy on the same machine that is the loopback.
BEHIND_PROXY = envbool("ARGMAP_BEHIND_PROXY", False)
TRUSTED_PROXIES = envlist("ARGMAP_TRUSTED_PROXIES", ["127.0.0.1", "::1"] if BEHIND_PROXY else [])

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# With the manifest (the default unless DEBUG), `collectstatic` must run before serving; the test
# suite and DEBUG runs serve the files as they are.
STATIC_MANIFEST = envbool("ARGMAP_STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Without a manifest (DEBUG, tests) whitenoise serves straight from the static folders.
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

# --- mail: password resets, and errors to ADMINS -----------------------------------------------
# With ARGMAP_EMAIL_HOST set, mail goes out by SMTP; otherwise it is printed to the console
# (a development machine). ARGMAP_EMAIL_BACKEND overrides either.
EMAIL_HOST_NAME = os.environ.get("ARGMAP_EMAIL_HOST", "")
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
_mail_backend = os.environ.get("ARGMAP_EMAIL_BACKEND") or (
    SMTP_BACKEND if EMAIL_HOST_NAME else "django.core.mail.backends.console.EmailBackend"
)
_mailer: dict[str, Any] = {"BACKEND": _mail_backend}
if _mail_backend == SMTP_BACKEND:
    if envbool("ARGMAP_EMAIL_TLS", False) and envbool("ARGMAP_EMAIL_SSL", False):
        raise ImproperlyConfigured(
            "ARGMAP_EMAIL_TLS (STARTTLS, usually port 587) and ARGMAP_EMAIL_SSL (TLS from the "
            "start, usually port 465) are both on: set only the one your mail server uses."
        )
    _mailer["OPTIONS"] = {
        "host": EMAIL_HOST_NAME or "localhost",
        "port": envint("ARGMAP_EMAIL_PORT", 0) or None,
        "username": os.environ.get("ARGMAP_EMAIL_USER", ""),
        "password": os.environ.get("ARGMAP_EMAIL_PASSWORD", ""),
        "use_tls": envbool("ARGMAP_EMAIL_TLS", False),
        "use_ssl": envbool("ARGMAP_EMAIL_SSL", False),
        "timeout": envint("ARGMAP_EMAIL_TIMEOUT", 10),
    }
MAILERS = {"default": _mailer}
DEFAULT_FROM_EMAIL = os.environ.get("ARGMAP_EMAIL_FROM", "argmap <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_SUBJECT_PREFIX = "[argmap] "
ADMINS = envlist("ARGMAP_ADMINS", [])
# A password-reset link is good for this long.
PASSWORD_RESET_TIMEOUT = envint("ARGMAP_PASSWORD_RESET_HOURS", 3) * 3600

# Uploads (imports) are parsed in memory; anything bigger is refused before parsing.
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("ARGMAP_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

# --- security headers --------------------------------------------------------------------------
# Scripts only from our own static files (or with the per-request nonce): no inline JS, no eval.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # htmx gets the token from the page, never from the cookie

# HTTPS-only behaviour is on unless ARGMAP_HTTPS=False (local runs and tests over plain HTTP).
HTTPS = envbool("ARGMAP_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
# Subdomains and the browsers' preload list bind every host of the domain for a year or more,
# and leaving the list takes months: only the operator of the domain can choose that.
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS and envbool("ARGMAP_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = HTTPS and envbool("ARGMAP_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [
    # axes counts failures per account only; the per-address count is
    # argmap.accounts.lockout.AddressLockoutBackend, with its own, higher limit.
    "axes.W006",
    # check --deploy recommends both; they are the operator's choice (see above).
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
# Pages and answers may use no camera, microphone, location, payment or other device feature.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone",
        "payment", "usb", "interest-cohort", "browsing-topics",
    )
)  # fmt: skip
# Redirects and secure cookies follow the proxy's X-Forwarded-Proto; gunicorn itself must be
# reachable only through the proxy (docs/deploy.md).
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- REST API ----------------------------------------------------------------------------------
# argmap/api/: a thin layer over the same services and selectors as the pages (docs/api.md).
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "argmap.api.schema.ArgmapAutoSchema",
    # Token first: an anonymous write is then answered 401 with `WWW-Authenticate: Token`
    # (DRF takes that header from the first class); the session still authenticates browsers.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON in, JSON out (the token endpoint also takes a form, for curl -d).
    "DEFAULT_PARSER_CLASSES": ["argmap.api.parsers.BoundedJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "argmap.api.pagination.PageNumbers",
    "DEFAULT_THROTTLE_CLASSES": [
        "argmap.api.throttling.AnonThrottle",
        "argmap.api.throttling.UserThrottle",
        "argmap.api.throttling.ScopedThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("ARGMAP_API_RATE_ANON", "60/min"),
        "user": os.environ.get("ARGMAP_API_RATE_USER", "600/min"),
        "imports": os.environ.get("ARGMAP_API_RATE_IMPORTS", "20/hour"),
        "token": os.environ.get("ARGMAP_API_RATE_TOKEN", "10/min"),
        # The pages count in the same scopes (argmap/lib/rates.py): an import or a join
        # through the page and through the API spend one budget.
        "join": os.environ.get("ARGMAP_RATE_JOIN", "20/hour"),
        "signup": os.environ.get("ARGMAP_RATE_SIGNUP", "10/hour"),
        "password_reset": os.environ.get("ARGMAP_RATE_PASSWORD_RESET", "5/hour"),
    },
    "EXCEPTION_HANDLER": "argmap.api.errors.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# API keys (argmap/accounts/services.py): stored as SHA-512 digests; no expiry unless the user
# chooses one when making the key. The header stays `Authorization: Token <key>`.
REST_KNOX = {"TOKEN_TTL": None, "AUTH_HEADER_PREFIX": "Token", "AUTO_REFRESH": False}
SPECTACULAR_SETTINGS = {
    "TITLE": "argmap API",
    "DESCRIPTION": (
        "Argument maps of historiographical debates: maps, their statements (nodes) and links, "
        "sources, scholars and characterisations; evaluation, map checks and debate comparison. "
        "Authenticate with a session or `Authorization: Token <key>` (POST /api/auth/token/). "
        "Versioned resources answer GET with an ETag; PUT, PATCH and DELETE must send it back "
        "in If-Match (428 without it, 412 when someone changed the resource since)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set that several fields share.
    "ENUM_NAME_OVERRIDES": {
        "NodeKindEnum": "argmap.maps.models.NodeKind",
        "EvidenceKindEnum": "argmap.maps.models.EvidenceKind",
        "LinkKindEnum": "argmap.maps.models.LinkKind",
        "SourceKindEnum": "argmap.maps.models.SourceKind",
        "StatusEnum": "argmap.api.serializers.analysis.LABELS",
        "StanceEnum": "argmap.api.serializers.analysis.STANCES",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No badge from validator.swagger.io: the docs load nothing from other sites (CSP).
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None},
}

# Everything goes to standard error, one line per event (the container's or systemd's log);
# a server error (500) is also mailed to ADMINS when there are any.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "refusals_without_traceback": {"()": "argmap.lib.logs.RefusalsWithoutTraceback"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["refusals_without_traceback"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("ARGMAP_LOG_LEVEL", "WARNING")},
    "loggers": {"django.request": {"handlers": ["mail_admins"]}},
}
