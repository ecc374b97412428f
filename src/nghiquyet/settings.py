"""One settings module, driven by the environment (see README "Triển khai").

Without DATABASE_URL the project runs on SQLite in ./var, which is enough for a demo or a
single commune. DATABASE_URL=postgres://... selects PostgreSQL for a province or more.
"""

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("NGHIQUYET_VAR_DIR", Path.cwd() / "var")).resolve()


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = _env_bool("DEBUG")
DEMO_MODE = _env_bool("NGHIQUYET_DEMO")
# The API docs and OpenAPI spec are for signed-in users unless DEBUG or this is on (issue 8).
API_DOCS_PUBLIC = _env_bool("NGHIQUYET_API_DOCS_PUBLIC")


def _secret_key() -> str:
    """Read SECRET_KEY from the environment; only demo and test runs may generate one."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    if not (DEMO_MODE or DEBUG or _env_bool("NGHIQUYET_TESTING")):
        raise RuntimeError("SECRET_KEY is not set. See README, section 'Triển khai'.")
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Counts failed logins and locks an account or an address out (see "Login throttling").
    "axes",
    # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below).
    "csp",
    "django_htmx",
    # Listed so that the API docs page serves Swagger UI from our static files, not a CDN.
    "ninja",
    "template_partials",
    # Background work (Django's tasks interface; TASKS below) and its database queue.
    "django_tasks",
    "django_tasks_db",
    # Project apps. Order matters: demo data, workbook sheets and report sections are
    # collected from the apps in this order.
    "nghiquyet.core",
    "nghiquyet.audit",
    "nghiquyet.orgs",
    "nghiquyet.accounts",
    "nghiquyet.web",
    "nghiquyet.api",
    "nghiquyet.indicators",
    "nghiquyet.reporting",
    "nghiquyet.documents",
    "nghiquyet.dissemination",
    "nghiquyet.tasks",
    "nghiquyet.oversight",
    "nghiquyet.registers",
    "nghiquyet.exports",
    "nghiquyet.notifications",
    "nghiquyet.explanations",
    "nghiquyet.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "nghiquyet.web.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "nghiquyet.audit.middleware.RequestContextMiddleware",
    "nghiquyet.web.middleware.ServiceErrorMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nghiquyet.urls"
WSGI_APPLICATION = "nghiquyet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "nghiquyet.web.context_processors.shell",
                "nghiquyet.notifications.context_processors.unread",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL")
    if url:
        # Persistent connections help a server; in tests they outlive threads (live server,
        # concurrency tests) and block dropping the test database.
        max_age = 0 if _env_bool("NGHIQUYET_TESTING") else 60
        return dict(dj_database_url.parse(url, conn_max_age=max_age, conn_health_checks=True))
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "nghiquyet.sqlite3")),
        # Tests use a file too (one per xdist worker), so that they see the same WAL locking
        # and busy timeout as production rather than in-memory shared-cache table locks.
        # The process id keeps two separate test runs on one machine apart.
        "TEST": {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")},
        "OPTIONS": {
            # IMMEDIATE transactions take the write lock up front, so concurrent writers wait
            # for the busy timeout instead of failing with "database is locked" mid-transaction.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        },
    }


DATABASES = {"default": _database()}
# A client that wrote reads from the primary for this many seconds (replica lag; decision 0013).
NGHIQUYET_REPLICA_STICKY_SECONDS = int(os.environ.get("NGHIQUYET_REPLICA_STICKY_SECONDS", 10))
if os.environ.get("DATABASE_REPLICA_URL"):
    # Dashboard and report reads go to a PostgreSQL replica (core/db_router.py, decision 0013).
    # In tests the alias mirrors default: the same database, no replication to wait for.
    _replica = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=0 if _env_bool("NGHIQUYET_TESTING") else 60,
        conn_health_checks=True,
    )
    DATABASES["replica"] = {**_replica, "TEST": {"MIRROR": "default"}}
    DATABASE_ROUTERS = ["nghiquyet.core.db_router.ReplicaRouter"]
    MIDDLEWARE.insert(1, "nghiquyet.core.db_router.ReplicaReadsMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Computed dashboards are cached per process (indicators.selectors.dashboard_lines). The key
# holds the data generations of audit.generations, so a committed write is never followed by a
# stale page and nothing has to be shared between processes or machines.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "nghiquyet",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("NGHIQUYET_CACHE_ENTRIES", 2000))},
    }
}

# Django's validators with Vietnamese messages (accounts/validators.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "nghiquyet.accounts.validators.UserAttributeSimilarityValidator"},
    {
        "NAME": "nghiquyet.accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("NGHIQUYET_PASSWORD_MIN_LENGTH", 10))},
    },
    {"NAME": "nghiquyet.accounts.validators.CommonPasswordValidator"},
    {"NAME": "nghiquyet.accounts.validators.NumericPasswordValidator"},
]
# Argon2 hashes new passwords; the others only verify older hashes, which Django re-hashes
# with Argon2 at the user's next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# E-mail (reminders): printed on the console unless EMAIL_HOST names an SMTP server.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "nghiquyet@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 587))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", True)
# `nghiquyet send-reminders` reminds of items due within this many days (and overdue ones).
NGHIQUYET_REMINDER_DAYS = int(os.environ.get("NGHIQUYET_REMINDER_DAYS", 7))

if _env_bool("NGHIQUYET_TESTING"):
    # Tests create many users; a slow password hash would dominate the suite's run time.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]

# Login throttling (django-axes, accounts/lockout.py). Failures are counted separately per
# account and per client address over the cool-off window: NGHIQUYET_LOGIN_FAILURE_LIMIT wrong
# passwords for one account lock that account from every address; NGHIQUYET_LOGIN_IP_FAILURE_LIMIT
# failures from one address, whatever the accounts, lock that address (higher, because a whole
# office may share one public address). A lock ends NGHIQUYET_LOGIN_COOLOFF_MINUTES after it
# began (0: only an administrator unlocks), or when an administrator unlocks the account.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "nghiquyet.accounts.lockout.LoginThrottleHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = int(os.environ.get("NGHIQUYET_LOGIN_FAILURE_LIMIT", 5))
NGHIQUYET_LOGIN_IP_FAILURE_LIMIT = int(os.environ.get("NGHIQUYET_LOGIN_IP_FAILURE_LIMIT", 20))
_cooloff_minutes = int(os.environ.get("NGHIQUYET_LOGIN_COOLOFF_MINUTES", 15))
AXES_COOLOFF_TIME = dt.timedelta(minutes=_cooloff_minutes) if _cooloff_minutes > 0 else None
AXES_RESET_ON_SUCCESS = True
# Attempts during a lock are refused without being counted, so the lock ends when the page says.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "nghiquyet.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "nghiquyet.accounts.lockout.client_ip"
# Behind nginx every request comes from the proxy: set this to the number of proxies that
# append to X-Forwarded-For, so the address counted is the client's.
NGHIQUYET_TRUSTED_PROXIES = int(os.environ.get("NGHIQUYET_TRUSTED_PROXIES", 0))
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Attachments are served through a permission-checked view, never straight from MEDIA_URL.
MEDIA_URL = "/media-private/"

# Uploads: the largest attachment or workbook a user may send, in bytes.
NGHIQUYET_MAX_UPLOAD_BYTES = int(os.environ.get("NGHIQUYET_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
# What one workbook import may hold (checked before and while parsing; see core/workbook.py).
NGHIQUYET_WORKBOOK_MAX_UNCOMPRESSED = int(
    os.environ.get("NGHIQUYET_WORKBOOK_MAX_UNCOMPRESSED", 200 * 1024 * 1024)
)
NGHIQUYET_WORKBOOK_MAX_ROWS = int(os.environ.get("NGHIQUYET_WORKBOOK_MAX_ROWS", 300_000))
NGHIQUYET_WORKBOOK_MAX_COLUMNS = int(os.environ.get("NGHIQUYET_WORKBOOK_MAX_COLUMNS", 100))
# A workbook uploaded on the web page whose sheets declare more data rows than this is imported
# by the worker (`nghiquyet db_worker`, started by `make demo`) with a progress page.
NGHIQUYET_BACKGROUND_IMPORT_ROWS = int(os.environ.get("NGHIQUYET_BACKGROUND_IMPORT_ROWS", 2000))
# Background work goes through Django's tasks interface (django-tasks): queued in the database
# and run by `nghiquyet db_worker`; tests run each task at once, in the enqueuing process.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if _env_bool("NGHIQUYET_TESTING")
        else "django_tasks_db.DatabaseBackend"
    }
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
# A session ends this many hours after sign-in (Django's default is 14 days): a shared office
# computer left signed in does not stay signed in for weeks.
SESSION_COOKIE_AGE = int(float(os.environ.get("NGHIQUYET_SESSION_HOURS", 12)) * 3600)
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp 4): scripts, styles, fonts and images come from our own
# static files only; no inline <script>, no style="" attribute, no on*= handler, no eval (so no
# htmx hx-on attributes: behaviour lives in static JS files). htmx's own indicator <style> is
# switched off in web/base.html. Nothing may frame the pages, and forms post only to us.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for the small SVG icons that the API docs page (Swagger UI) embeds in its CSS.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

if not DEBUG and not DEMO_MODE and not _env_bool("NGHIQUYET_TESTING"):
    # Production defaults. A TLS-terminating proxy must set X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
