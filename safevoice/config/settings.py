"""Settings, all read from the environment (twelve-factor, as in cookiecutter-django).

SAFEVOICE_ENV chooses the profile:
- ``local`` (default): what ``make run`` and the tests use, served over plain http on 127.0.0.1.
- ``production``: behind TLS; a secret key must be given; secure cookies and HSTS on.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

SAFEVOICE_ENV = env.str("SAFEVOICE_ENV", default="local")
if SAFEVOICE_ENV not in {"local", "production"}:
    raise environ.ImproperlyConfigured("SAFEVOICE_ENV must be 'local' or 'production'")
PRODUCTION = SAFEVOICE_ENV == "production"

DEBUG = env.bool("DJANGO_DEBUG", default=False)


def _local_secret_key() -> str:
    # A per-checkout key kept out of git, so `make run` needs no configuration and no key is ever committed.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = (
    env.str("DJANGO_SECRET_KEY")
    if PRODUCTION
    else env.str("DJANGO_SECRET_KEY", default="") or (_local_secret_key())
)

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "safevoice.core",
    "safevoice.protection",
    "safevoice.audit",
    "safevoice.consultations",
    "safevoice.questionnaires",
    "safevoice.responses",
    "safevoice.publishing",
    "safevoice.journey",
    "safevoice.housekeeping",
    "safevoice.exports",
    "safevoice.backoffice",
]

MIDDLEWARE = [
    # First, so that nothing after it (static files included) sees a header the application does not need.
    "safevoice.core.middleware.privacy_headers",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "safevoice.core.middleware.refuse_unwanted_bodies",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "safevoice.core.middleware.RemoveCsrfHeaders",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor (safevoice.backoffice).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "safevoice.config.urls"
WSGI_APPLICATION = "safevoice.config.wsgi.application"

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
                "safevoice.core.context_processors.site",
                "safevoice.backoffice.context_processors.staff_navigation",
            ],
        },
    }
]

# Databases: SQLite embedded by default, PostgreSQL in deployment (DATABASE_URL).
# An empty DATABASE_URL (as `make` passes when none is set) means the embedded default.
DATABASES = {
    "default": environ.Env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{VAR_DIR / 'safevoice.sqlite3'}"
    ),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The database holds answers: readable by this user only, as the secret key is. SQLite gives its -wal and
    # -shm files the database file's permissions, so creating the file 0600 first covers all three.
    _sqlite = Path(DATABASES["default"]["NAME"])
    if str(_sqlite) != ":memory:":
        _sqlite.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(_sqlite, os.O_CREAT | os.O_RDWR, 0o600))
        for _file in (
            _sqlite,
            _sqlite.with_name(_sqlite.name + "-wal"),
            _sqlite.with_name(_sqlite.name + "-shm"),
        ):
            if _file.exists() and _file.stat().st_mode & 0o077:
                _file.chmod(0o600)
    # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at BEGIN so two writers queue on
    # the busy timeout instead of failing with "database is locked" when a read lock is upgraded.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    # Each worker keeps its connection: opening one per request (PRAGMAs, schema read) halved page throughput.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Staff sign in at /staff/ (safevoice.backoffice): a password, then a code from an authenticator app or a one-time
# recovery code. django-axes counts failures of either step and locks the username out for a while.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "backoffice:sign_in"
# Lock out by username only, and store no address and no browser details: the privacy middleware has already
# blanked them, and the callable below makes sure axes never looks for an address anywhere else.
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_CLIENT_IP_CALLABLE = "safevoice.backoffice.signin.no_client_address"
AXES_CLIENT_STR_CALLABLE = "safevoice.backoffice.signin.client_description"
AXES_LOCKOUT_CALLABLE = "safevoice.backoffice.views.signin.locked_out"
AXES_FAILURE_LIMIT = env.int("SAFEVOICE_STAFF_FAILED_SIGN_INS", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("SAFEVOICE_STAFF_LOCKOUT_MINUTES", default=15))
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_ENABLE_ADMIN = False
AXES_SENSITIVE_PARAMETERS = ["username", "password", "code", "new_password1", "new_password2"]
# The authenticator app's label for the account.
OTP_TOTP_ISSUER = env.str("SAFEVOICE_SITE_NAME", default="Northamptonshire Serious Violence Alliance")
# Minutes without a request after which a staff session ends and its holder signs in again.
SAFEVOICE_STAFF_IDLE_MINUTES = env.int("SAFEVOICE_STAFF_IDLE_MINUTES", default=30)
# Where uploads (consultation zips, questionnaire files) wait between "check" and "confirm".
SAFEVOICE_UPLOAD_DIR = Path(env.str("SAFEVOICE_UPLOAD_DIR", default=str(VAR_DIR / "uploads")))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: every interface string is marked for translation; the other languages come with their files
# (and LOCALE_PATHS with them).
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English")]
USE_I18N = True
TIME_ZONE = "Europe/London"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "frontend" / "build"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names let browsers cache assets for a year.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Sessions hold a resident's answers between pages: kept on the server, the cookie gone when the browser closes,
# and the answers deleted after SAFEVOICE_IDLE_MINUTES without a page (the session's expiry moves on as they go;
# housekeeping deletes expired rows), unless the resident saved them under a code.
SAFEVOICE_IDLE_MINUTES = env.int("SAFEVOICE_IDLE_MINUTES", default=60)
SESSION_ENGINE = "safevoice.core.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = SAFEVOICE_IDLE_MINUTES * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "safevoice_session"
# The CSRF token lives in the session, so the site sets no cookie but the session's, and none outlives the visit.
CSRF_USE_SESSIONS = True
CSRF_FAILURE_VIEW = "safevoice.core.views.csrf_failure"

SESSION_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
# Preloading is a one-way decision for whoever owns the domain (often a council's): off unless they choose it,
# so Django's reminder about it is silenced rather than answered for them.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# django-axes would also lock out by address; staff are locked out by username alone (see AXES_LOCKOUT_PARAMETERS),
# which rotating browsers or cookies cannot get round, and no address is ever kept.
SILENCED_SYSTEM_CHECKS.append("axes.W006")
SECURE_CONTENT_TYPE_NOSNIFF = True
# No referrer leaves the site: the neutral site behind "Exit this page" must not learn where the visitor came
# from. "same-origin" rather than "no-referrer", because under "no-referrer" browsers send `Origin: null` with
# every form POST and Django's CSRF check then refuses all forms (the staff login, the questionnaire).
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Request bodies are bounded early: a whole questionnaire's answers fit well inside these.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", default=256 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env.int("DJANGO_DATA_UPLOAD_MAX_NUMBER_FIELDS", default=300)
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

# Content-Security-Policy: nothing from another site, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# Notices after an action ("Consultation closed") live in the server-side session, like everything else.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Email. EMAIL_URL says how mail leaves, e.g. smtp+tls://user:password@smtp.example.org:587 (django-environ's
# format); the default prints each message to the console, for development only. DJANGO_DEFAULT_FROM_EMAIL is the
# sender residents see.
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS", False))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL", False))
EMAIL_TIMEOUT = env.int("DJANGO_EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="SafeVoice <no-reply@localhost>")
# Offer "email yourself a link" on the saved-answers page (off unless a deployment has a mail server that keeps no
# copy of what it sends). `check --deploy` refuses it with the console backend, which would print addresses.
SAFEVOICE_EMAIL_RESUME_LINKS = env.bool("SAFEVOICE_EMAIL_RESUME_LINKS", default=False)

# Logging: nothing that identifies a client. Django's own request logger names only the path and status.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "null": {"class": "logging.NullHandler"},
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
    # A request for an unknown host names the host it asked for and where it came from: dropped, not printed
    # (with no handler at all, Python's last-resort handler would print it with its traceback).
    "loggers": {
        "django.security.DisallowedHost": {"handlers": ["null"], "propagate": False},
    },
}

# SafeVoice's own settings.
SAFEVOICE_SITE_NAME = env.str("SAFEVOICE_SITE_NAME", default="Northamptonshire Serious Violence Alliance")
# Where "Exit this page" goes: a neutral site, configurable per deployment.
SAFEVOICE_EXIT_URL = env.str("SAFEVOICE_EXIT_URL", default="https://www.bbc.co.uk/weather")
# Marks every page as a demonstration, for the copy of the consultation that `make run` re-opens.
SAFEVOICE_DEMONSTRATION = env.bool("SAFEVOICE_DEMONSTRATION", default=False)
# Absolute address of the site, for share links and Open Graph tags.
SAFEVOICE_PUBLIC_URL = env.str("SAFEVOICE_PUBLIC_URL", default="http://127.0.0.1:8000")
SAFEVOICE_CONTENT_DIR = Path(env.str("SAFEVOICE_CONTENT_DIR", default=str(BASE_DIR / "content")))
# Minutes after the closing instant that a response begun before it may still be sent.
SAFEVOICE_CLOSING_GRACE_MINUTES = env.int("SAFEVOICE_CLOSING_GRACE_MINUTES", default=60)
# Which request header holds the client's address, only ever used to derive an opaque rate-limit key. Behind the
# reverse proxy (required in production, docs/deployment.md) it is the header the proxy sets, HTTP_X_FORWARDED_FOR;
# `check --deploy` refuses REMOTE_ADDR in production, where every resident would share the proxy's one address.
SAFEVOICE_CLIENT_ADDRESS_HEADER = env.str("SAFEVOICE_CLIENT_ADDRESS_HEADER", default="REMOTE_ADDR")
# Where the staff side lives: it may take file uploads (public pages may not).
SAFEVOICE_STAFF_PREFIX = "/staff/"
# Abuse protection (safevoice.protection). Answers sent sooner than this after "Start now" are shown again to check
# and send: no person reads the questions that fast, a script does.
SAFEVOICE_MIN_COMPLETION_SECONDS = env.int("SAFEVOICE_MIN_COMPLETION_SECONDS", default=20)
# Per-client limits, keyed on a daily-rotating HMAC of the address. Residents can share an address (a library, the
# wifi at a community event): a deployment expecting that raises the submission limit.
SAFEVOICE_RATE_LIMITS_ENABLED = env.bool("SAFEVOICE_RATE_LIMITS_ENABLED", default=True)
SAFEVOICE_SUBMISSIONS_PER_HOUR = env.int("SAFEVOICE_SUBMISSIONS_PER_HOUR", default=10)
SAFEVOICE_RESUME_GUESSES_PER_15_MINUTES = env.int("SAFEVOICE_RESUME_GUESSES_PER_15_MINUTES", default=10)
# Emails of a resume code, per client per hour and per visit (a session) in all.
SAFEVOICE_RESUME_EMAILS_PER_HOUR = env.int("SAFEVOICE_RESUME_EMAILS_PER_HOUR", default=3)
SAFEVOICE_RESUME_EMAILS_PER_VISIT = env.int("SAFEVOICE_RESUME_EMAILS_PER_VISIT", default=3)
# Hours a response keeps the token that makes a double click or a resent form store it only once.
SAFEVOICE_IDEMPOTENCY_HOURS = env.int("SAFEVOICE_IDEMPOTENCY_HOURS", default=3)
# Identical answer sets sent within this many minutes of each other are flagged for review (never deleted).
SAFEVOICE_DUPLICATE_WINDOW_MINUTES = env.int("SAFEVOICE_DUPLICATE_WINDOW_MINUTES", default=10)
# Minutes between housekeeping runs (expired sessions, saved answers and counters deleted), by the task worker.
SAFEVOICE_HOUSEKEEPING_MINUTES = env.int("SAFEVOICE_HOUSEKEEPING_MINUTES", default=15)
# Seconds each worker may reuse the rendered consultation page (0 turns it off); never past a change of state.
SAFEVOICE_PAGE_CACHE_SECONDS = env.int("SAFEVOICE_PAGE_CACHE_SECONDS", default=30)
# Where background exports write their files (copies of responses: never a public folder), and how many hours
# after finishing they are deleted by housekeeping.
SAFEVOICE_EXPORT_DIR = Path(env.str("SAFEVOICE_EXPORT_DIR", default=str(VAR_DIR / "exports")))
SAFEVOICE_EXPORT_KEEP_HOURS = env.int("SAFEVOICE_EXPORT_KEEP_HOURS", default=24)
