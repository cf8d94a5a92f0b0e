"""Settings for the Summit tracker, read from the environment.

Local use needs no configuration at all: DEBUG on, a SQLite file in the project
folder, a throw-away secret key. Production mode (`DJANGO_DEBUG=0`) refuses to start
without a real secret key and turns on every protection `check --deploy` asks for.
"""

import datetime as dt
import hashlib
import os
from pathlib import Path

import dj_database_url
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 0 or 1 (got {value!r}).")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number (got {value!r}).") from None


def envrate(name: str, default: str) -> str:
    """A request rate as Django REST framework reads it: "5000/hour"."""
    value = os.environ.get(name) or default
    number, _, period = value.partition("/")
    if not number.isdigit() or period not in {"second", "minute", "hour", "day"}:
        raise ImproperlyConfigured(
            f"{name} must be a number of requests per second, minute, hour or day, "
            f'e.g. "5000/hour" (got {value!r}).'
        )
    return value


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = envbool("DJANGO_DEBUG", True)

# Only ever used with DEBUG on, on the developer's own machine.
INSECURE_LOCAL_KEY = "django-insecure-local-development-key-do-not-deploy"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG=0. Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = INSECURE_LOCAL_KEY
elif not DEBUG and (
    # Django's own rule (`check --deploy`, security.W009), so a key it warns about never starts.
    len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
    or len(set(SECRET_KEY)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
    or SECRET_KEY.startswith(SECRET_KEY_INSECURE_PREFIX)
):
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY is too weak for production: use at least {SECRET_KEY_MIN_LENGTH} "
        "random characters. Generate one with: "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = envlist(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "summits.adminsite.TrackerAdminConfig",  # django.contrib.admin, its index in sections
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles, so that `runserver` serves static files the way production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "simple_history",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served as our own static files
    "django_tasks_db",  # the default task backend's table, and its admin (failed tasks)
    "summits",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Sets request.htmx: list pages answer htmx requests with just their table.
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Addresses and parameters no page can have (NUL, line breaks): 404/400 before a view.
    "summits.middleware.RefuseControlCharactersMiddleware",
    # Every page needs a login; the few public views say so with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # ... and reading needs the records' view permissions (Viewers, Analysts): 403 without.
    "summits.access.ReadPermissionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signs every history entry with the user who made the change.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Cache-Control: no-store on what signed-in users receive (after WhiteNoise: not static).
    "summits.accounts.no_store_when_signed_in",
    # Last, as django-axes requires: turns repeated failed logins into a lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"

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

WSGI_APPLICATION = "tracker.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DJANGO_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers write to one file. A transaction that starts by reading
    # and then writes cannot wait for the write lock: SQLite answers "database is locked"
    # at once. BEGIN IMMEDIATE takes the lock up front, so writers queue instead, for up
    # to `timeout` seconds; WAL lets pages keep reading while one of them writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Menus and figures every page shows, kept until a record changes (summits/caching.py),
# and sessions. Without REDIS_URL a file cache shares them between the workers of one
# machine; with it, between machines. The prefix keeps two databases' figures apart.
_database_id = "|".join(str(DATABASES["default"].get(key)) for key in ("HOST", "PORT", "NAME"))
CACHE_KEY_PREFIX = hashlib.sha256(_database_id.encode()).hexdigest()[:12]
if REDIS_URL := os.environ.get("REDIS_URL"):
    _redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": CACHE_KEY_PREFIX,
    }
    CACHES = {"default": _redis, "sessions": _redis}
else:
    _cache_dir = Path(os.environ.get("TRACKER_CACHE_DIR") or BASE_DIR / ".cache")
    CACHES = {
        # tracker/filecache.py: Django's file cache, listing its directory less often.
        "default": {
            "BACKEND": "tracker.filecache.FileCache",
            "LOCATION": _cache_dir,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        # Sessions in a directory of their own: culled at random with the figures'
        # files, each lost session cost its reader a database query and a write here.
        "sessions": {
            "BACKEND": "tracker.filecache.FileCache",
            "LOCATION": _cache_dir / "sessions",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }
# Sessions read from their cache, written through to the database: one query less a page
# than the database alone, and a session the cache lost is read from the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_CACHE_ALIAS = "sessions"
# A sign-in lasts a working day, not Django's two weeks; its cookie goes when the browser
# closes unless the user ticks "Keep me signed in on this device" (summits/accounts.py).
SESSION_COOKIE_AGE = envint("TRACKER_SESSION_HOURS", 8) * 60 * 60

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out accounts and addresses
    "summits.access.PermissionsBackend",  # ModelBackend, permissions in one query
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # still reads older hashes
]

# Login throttling (django-axes), for the cool-off period: an account is locked at the
# address its password was guessed from, not everywhere (or anyone could lock anyone out),
# and an address trying many accounts is locked for all of them, at a higher limit since
# a whole office may share one address. summits.access.AccountAtAddressHandler counts the
# two, in the order of AXES_LOCKOUT_PARAMETERS.
AXES_FAILURE_LIMIT = envint("TRACKER_LOGIN_FAILURE_LIMIT", 5)
TRACKER_LOGIN_ADDRESS_FAILURE_LIMIT = envint("TRACKER_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = dt.timedelta(minutes=envint("TRACKER_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "summits.access.AccountAtAddressHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
if envbool("DJANGO_BEHIND_PROXY", False):
    # The client's address is the one the proxy appends to X-Forwarded-For: the
    # right-most entry. Entries left of it are whatever the client sent, never trusted.
    # (django-ipware counts the proxies named in the header, and ours names none.)
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    AXES_IPWARE_PROXY_COUNT = 0
    # Read a longer header from the right instead of ignoring it for REMOTE_ADDR (the
    # proxy's own address, shared by everyone).
    IPWARE_STRICT = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files need `collectstatic`; local runs and tests skip it.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if envbool("DJANGO_STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

# Security. Production defaults are strict; each can be relaxed by its variable, e.g.
# behind a proxy that already redirects to HTTPS.
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("DJANGO_SECURE_HSTS_PRELOAD", not DEBUG)
if envbool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        # Standard output, where gunicorn's access log and container platforms look.
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "stream": "ext://sys.stdout",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # Django's own loggers would print a second copy of each line when debugging.
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        # Lockouts are warnings; every successful login would otherwise be logged too.
        "axes": {"level": "WARNING"},
        # fpdf2 subsets the brief's font through fontTools, which logs every glyph table.
        "fontTools": {"level": "WARNING"},
    },
}

# Follow-up rules: an item is "stale" without an update for this many days.
TRACKER_STALE_DAYS = envint("TRACKER_STALE_DAYS", 60)
# The pre-summit brief's PDF font (with its "-Bold" beside it); missing, PDF core fonts.
TRACKER_PDF_FONT = os.environ.get(
    "TRACKER_PDF_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
)
# A mechanism an agreement sets up (a working group) is expected to meet this often.
TRACKER_MECHANISM_MONTHS = envint("TRACKER_MECHANISM_MONTHS", 12)
# Links in e-mails point here.
TRACKER_SITE_URL = os.environ.get("TRACKER_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# E-mail: printed to the console when debugging locally; otherwise sent by SMTP, to the
# machine's own mail server unless another is named.
if os.environ.get("DJANGO_EMAIL_HOST") or not DEBUG:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
                "port": envint("DJANGO_EMAIL_PORT", 25),
                "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
                "use_tls": envbool("DJANGO_EMAIL_USE_TLS", False),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "summit-tracker@localhost")

# Report imports: a larger file is refused before it is parsed (one report is kilobytes).
TRACKER_IMPORT_MAX_BYTES = envint("TRACKER_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
# ...and a file of more records is refused after reading this many (a report has a few
# hundred; 10,000 import in about a second, well within a web request).
TRACKER_IMPORT_MAX_RECORDS = envint("TRACKER_IMPORT_MAX_RECORDS", 10_000)
# Errors and warnings listed per import (the command and the admin): the first ones, and
# how many more.
TRACKER_IMPORT_MAX_PROBLEMS = envint("TRACKER_IMPORT_MAX_PROBLEMS", 50)
# Report intake: a larger .txt/.html/.pdf/.docx file is refused before it is read (a
# report, even as a PDF with its pictures, is well under this).
TRACKER_REPORT_MAX_BYTES = envint("TRACKER_REPORT_MAX_BYTES", 5 * 1024 * 1024)

# The REST API (summits/api/): JSON only; a browser's session or a personal token
# (`Authorization: Bearer …`, made on the "API tokens" page); the pages' read and write
# rules; pages of TRACKER_API_PAGE_SIZE records; each user throttled to
# TRACKER_API_RATE requests ("5000/hour": a number, then second, minute, hour or day).
TRACKER_API_PAGE_SIZE = envint("TRACKER_API_PAGE_SIZE", 50)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First: its "Bearer" challenge is what a 401 answers.
        "summits.api.auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["summits.api.auth.TrackerAccess"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "summits.api.pagination.RecordPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": envrate("TRACKER_API_RATE", "5000/hour")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Summit tracker API",
    "DESCRIPTION": (
        "Summits, meetings, commissions, commitments (action items) and their status "
        "history, addressed by natural key as the pages are: an action item by its "
        "reference, slashes and all (`/api/action-items/IRIGC-TEC-26/TRADE-1/`), a summit "
        "by its series and number (`/api/summits/india-russia-annual-summit/23/`), every "
        "other record by its slug. A commission's sessions are its meetings of kind "
        "`commission_session`. Lists take the list pages' filters, in pages of 50 "
        "(`?page=2&per_page=200`) with their `count`; as on the list pages, a long list is "
        "counted up to a limit (TRACKER_LIST_COUNT_LIMIT, 100,000 by default), past which "
        "`count_exact` is false and there are more than `count` records (`?count=all` "
        "counts them all). Authenticate with `Authorization: Bearer <token>` (a personal "
        "token from the API tokens page) or a signed-in browser session."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["summits.api.auth.TrackerAccess"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set, where several models' fields are all called "status".
    "ENUM_NAME_OVERRIDES": {
        "ActionItemStatusEnum": "summits.models.Status",
        "SummitStatusEnum": "summits.models.Summit.Status",
        "AgreementStatusEnum": "summits.models.Agreement.Status",
        "DatePrecisionEnum": "summits.fuzzydates.Precision",
    },
}

# Background work (mail, reminders, digests) on Django's task framework. "database" (the
# default: nothing to install, `manage.py tasks_worker` runs the tasks) or "redis" (RQ,
# at REDIS_URL or the local Redis: a team's deployment; the same command runs an RQ worker).
TRACKER_TASKS = os.environ.get("TRACKER_TASKS", "database")
if TRACKER_TASKS == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif TRACKER_TASKS == "redis":
    INSTALLED_APPS.append("django_rq")
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0"}}
else:
    raise ImproperlyConfigured(f"TRACKER_TASKS must be database or redis (got {TRACKER_TASKS!r}).")
# A failed task is tried again after each of these delays (back-off), then given up and
# listed for analysts in the admin (Background tasks).
TRACKER_TASK_RETRY_SECONDS = [
    envint("TRACKER_TASK_RETRY_SECONDS", 60) * 5**attempt for attempt in range(3)
]
# An XLSX export of more rows than this is written by a background task (a job page shows
# its progress, then a download link) instead of inside the request.
TRACKER_BACKGROUND_EXPORT_ROWS = envint("TRACKER_BACKGROUND_EXPORT_ROWS", 20_000)
# A list counts its rows up to this many, then says "more than 100,000" with a link that
# counts them all: counting a million rows cost more than the rest of the page. 0 counts
# every list exactly. Keep it above TRACKER_BACKGROUND_EXPORT_ROWS, which the list
# compares with its count to offer an XLSX file as a download or a background job.
TRACKER_LIST_COUNT_LIMIT = envint("TRACKER_LIST_COUNT_LIMIT", 100_000)
# Where background exports are written: not served by the web server, only through the
# job's download page to its owner; files older than a day are deleted (expire_exports).
TRACKER_EXPORT_DIR = Path(os.environ.get("TRACKER_EXPORT_DIR") or BASE_DIR / "var" / "exports")
# A report upload of more records than this is checked and imported by a background task
# (its job page shows the progress, then the outcome) instead of inside the request.
TRACKER_BACKGROUND_IMPORT_RECORDS = envint("TRACKER_BACKGROUND_IMPORT_RECORDS", 2_000)
# Where those uploads wait for the task: not served by the web server; a file is deleted
# once imported, or once its check has been confirmed as an import.
TRACKER_IMPORT_DIR = Path(os.environ.get("TRACKER_IMPORT_DIR") or BASE_DIR / "var" / "imports")
# An item's owner is reminded this many days before it falls due (and once when overdue).
TRACKER_REMINDER_DAYS = envint("TRACKER_REMINDER_DAYS", 7)
