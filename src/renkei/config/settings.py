"""Django settings for renkei, read from the environment (see README "Configuration")."""

import datetime as dt
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from renkei.config.env import env_bool, env_int, env_list, env_str
from renkei.config.storage import default_storage_config
from renkei.core.logs import logging_config

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("RENKEI_DATA_DIR", str(Path.cwd() / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
DEVELOPMENT_SECRET_KEY = "insecure-dev-key-set-SECRET_KEY-in-production"  # noqa: S105
# A development key only: `renkei check --deploy` fails while it is in use (core.checks).
SECRET_KEY = env_str("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "renkei.core",
    "renkei.accounts",
    "renkei.orgs",
    "renkei.capabilities",
    "renkei.directory",
    "renkei.imports",
    "renkei.inquiries",
    "renkei.notices",
    "renkei.api",
    "renkei.webhooks",
    "renkei.outbox",
    "renkei.projects",
    "renkei.knowledge",
    "renkei.cockpit",
    "renkei.portal",
    "renkei.settlement",
    "renkei.region",
    "renkei.quality",
    "renkei.previews",
    "renkei.catalogue",
    "renkei.products",
    "renkei.joining",
    "renkei.demo",
    "renkei.bench",
]

MIDDLEWARE = [
    # First: the request id, one log line and the metrics of what the client really got.
    "renkei.core.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Keeps the request at hand for the audit log (address, browser) while it is served.
    "renkei.core.request_context.CurrentRequestMiddleware",
    # A full disk or a busy database raised by a view: a polite 503, never a 500.
    "renkei.core.unavailable.UnavailableMiddleware",
    # Before anything reads the database: PostgreSQL refuses NUL in text (a 500 otherwise).
    "renkei.core.nul.RefuseNulMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After OTPMiddleware: sends a signed-in person who owes a second factor to verify or setup.
    "renkei.accounts.two_factor_middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: turns a locked-out login into the lockout page (accounts.login_throttle).
    "axes.middleware.AxesMiddleware",
]

# fields.W161 warns of a fixed date/time default that lies within ten seconds of now (UTC): the
# business day's 08:30 and 17:30 are meant to be fixed, and the check failed CI run at 08:30.
SILENCED_SYSTEM_CHECKS = ["fields.W161"]

ROOT_URLCONF = "renkei.config.urls"
WSGI_APPLICATION = "renkei.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "renkei.notices.context_processors.unread_notices",
                "renkei.orgs.nav.navigation",
            ],
        },
    },
]

# SQLite is tuned for several processes at once (web server + task worker): WAL lets readers go on
# while one writer writes, IMMEDIATE takes the write lock at BEGIN so two writers queue on the busy
# timeout instead of failing with "database is locked" mid-transaction.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
        "PRAGMA busy_timeout=20000; PRAGMA cache_size=-20000;"
    ),
}


# A connection is kept by each of the web server's threads for this long instead of one opened
# per request (a new SQLite connection runs the PRAGMAs above, a PostgreSQL one a TLS/auth
# handshake: most of an idle /healthz). Health checks retire a broken one before it is used.
CONN_MAX_AGE = env_int("RENKEI_CONN_MAX_AGE", 300)


def _database(url: str) -> dict[str, Any]:
    config: dict[str, Any] = dict(
        dj_database_url.parse(url, conn_max_age=CONN_MAX_AGE, conn_health_checks=True)
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = dict(SQLITE_OPTIONS)
    return config


DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'renkei.sqlite3'}"
DATABASES = {"default": _database(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The task queue lives in its own SQLite file so that a busy worker never holds the write
    # lock of the main database (and vice versa). On PostgreSQL one database serves both.
    tasks_url = env_str("TASKS_DATABASE_URL") or f"sqlite:///{DATA_DIR / 'tasks.sqlite3'}"
    DATABASES["tasks"] = _database(tasks_url)
DATABASE_ROUTERS = ["renkei.config.routers.TaskQueueRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {
    "default": {
        # django-tasks-db's, carrying the enqueuing request's id into the task (core.logs).
        "BACKEND": "renkei.core.tasks_backend.DatabaseBackend",
        "QUEUES": ["default", "mail"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
# The name authenticator apps show next to the account (two-factor authentication).
OTP_TOTP_ISSUER = "renkei"
LOGIN_REDIRECT_URL = "orgs:today"
LOGOUT_REDIRECT_URL = "home"
# django-axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (accounts.login_throttle): 5 wrong passwords for one username from one
# address, or 20 from one address across usernames, lock for 15 minutes; a success clears the
# username's count. Counted in the database, so every process agrees.
AXES_HANDLER = "renkei.accounts.login_throttle.LoginAttempts"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
RENKEI_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("RENKEI_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "renkei.accounts.login_throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "renkei.accounts.login_throttle.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
# renkei's own audit log records logins (accounts.auth_audit); axes keeps only its counts.
AXES_DISABLE_ACCESS_LOG = True

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    # The data dir's files/, or an S3-compatible bucket with RENKEI_S3_BUCKET (config.storage).
    "default": default_storage_config(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Tests and development serve static files from the apps without collectstatic.
WHITENOISE_USE_FINDERS = True
# Uploaded files live under the data dir and are never served by URL: permission-checked views
# stream them (see core.files). MEDIA_URL is deliberately unset.
MEDIA_ROOT = DATA_DIR / "files"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Drawings, photos and imports are readable by renkei's own user only, whichever way Django
# stored them (from memory or from a temporary file) and whatever the umask.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
RENKEI_IMPORT_MAX_BYTES = env_int("RENKEI_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
RENKEI_PHOTO_MAX_BYTES = env_int("RENKEI_PHOTO_MAX_BYTES", 10 * 1024 * 1024)
# The TrueType font every PDF embeds (core.pdf); empty: IPAex Gothic where the OS packages put it.
RENKEI_PDF_FONT = env_str("RENKEI_PDF_FONT")

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 1025)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# A mail task still "running" after this long lost its worker and is retried (core.retry). Mail
# tasks only render into the outbox and never talk SMTP inside them, so a minute is plenty.
RENKEI_TASK_STALE_SECONDS = env_int("RENKEI_TASK_STALE_SECONDS", 60)
# /healthz answers 503 once a due task has waited longer than this for a worker (core.heartbeat).
RENKEI_HEALTH_MAX_TASK_AGE = env_int("RENKEI_HEALTH_MAX_TASK_AGE", 300)
# Mail the server would not take is tried again after these many seconds (renkei.outbox.mail);
# sent mail is kept this many days for the operators' admin, then forgotten.
RENKEI_MAIL_RETRY_BACKOFF = [int(s) for s in env_list("RENKEI_MAIL_RETRY_BACKOFF", [])] or [
    60, 300, 1800, 7200, 21600
]  # fmt: skip
RENKEI_MAIL_KEEP_DAYS = env_int("RENKEI_MAIL_KEEP_DAYS", 90)
# A mail server that is not there at all is waited for (at the last of those intervals) until
# the mail is this many hours old; then the mail is given up and the audit log says so.
RENKEI_MAIL_GIVE_UP_HOURS = env_int("RENKEI_MAIL_GIVE_UP_HOURS", 72)
# A mail "sending" this long lost its worker and is sent again; a mail or follow-up task waiting
# this long lost its task and is queued again (renkei.outbox). After a mail server that did not
# answer, a worker waits RENKEI_MAIL_PAUSE_SECONDS before it tries that server again.
RENKEI_OUTBOX_STALE_SECONDS = env_int("RENKEI_OUTBOX_STALE_SECONDS", 60)
RENKEI_MAIL_PAUSE_SECONDS = env_int("RENKEI_MAIL_PAUSE_SECONDS", 30)
# How often `renkei tick` runs the periodic checks below.
RENKEI_TICK_SECONDS = env_int("RENKEI_TICK_SECONDS", 60)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "renkei <noreply@renkei.localhost>")
# Periodic checks run by `renkei tick` (started by `renkei serve`); each is safe to repeat.
RENKEI_PERIODIC = [
    "renkei.core.retry.retry_tasks",
    "renkei.outbox.followups.requeue_lost",
    "renkei.outbox.mail.sweep",
    "renkei.core.orphans.remove_orphan_files",
    "renkei.core.throttle.purge_expired",
    "renkei.inquiries.clock.check_reply_clocks",
    "renkei.notices.digest.queue_daily_digests",
    "renkei.projects.claims.expire_claims",
    "renkei.projects.digest.queue_coordinator_digests",
    "renkei.webhooks.delivery.requeue_stalled",
    "renkei.inquiries.staging.purge_stale_drawings",
    "renkei.knowledge.indexing.index_unindexed_inquiries",
    "renkei.cockpit.alerts.check_kpis",
    "renkei.cockpit.services.decisions.close_due_proposals",
    "renkei.joining.services.follow_decisions",  # after the outcomes above are stated
    "renkei.settlement.tasks.close_due_periods",
    "renkei.settlement.tasks.deem_statements",
    "renkei.region.rollups.periodic_rollup",
]
RENKEI_BASE_URL = env_str("RENKEI_BASE_URL", "http://127.0.0.1:8000")  # as `renkei serve` prints
# Rate limits on what anyone can do without an account ("N/period": s, m, h, d; core.throttle).
# RENKEI_RATE_LIMITS="inquiry_address=20/h,ack_recipient=10/d" overrides single ones.
RENKEI_RATE_LIMITS = {
    "inquiry_address": "10/h",
    "ack_recipient": "5/d",
    "upload_address": "60/h",
    "password_reset_address": "5/h",
    "password_reset_email": "3/h",
    # Customer portal sign-in links (portal.views): asked per client address, mailed per e-mail.
    "portal_link_address": "10/h",
    "portal_link_email": "3/h",
    # Orders from a group's product pages (products.views), per client address.
    "product_order_address": "10/h",
    # Applications to join a group sent from one client address (joining.views).
    "application_address": "5/h",
} | {
    name.strip(): value.strip()
    for name, _sep, value in (item.partition("=") for item in env_list("RENKEI_RATE_LIMITS", []))
    if value.strip()
}
# How many proxies in front of renkei append to X-Forwarded-For (0: use the peer's address).
RENKEI_TRUSTED_PROXIES = env_int("RENKEI_TRUSTED_PROXIES", 0)
# Drawings staged for an inquiry not yet sent: at most this many MB under one form (or API
# Idempotency-Key), and from one address within a day (inquiries.staging).
RENKEI_STAGED_MB_PER_FORM = env_int("RENKEI_STAGED_MB_PER_FORM", 200)
RENKEI_STAGED_MB_PER_ADDRESS = env_int("RENKEI_STAGED_MB_PER_ADDRESS", 400)
# Webhooks go only to public Internet addresses unless this is on (webhooks.addresses).
RENKEI_WEBHOOK_ALLOW_PRIVATE = env_bool("RENKEI_WEBHOOK_ALLOW_PRIVATE", False)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Links out of renkei carry no path: tracking and token pages have secrets in their URLs.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Every script and style comes from our own static files: no inline code, no CDN, no eval.
# A page that needs more gets it from django-csp's decorators on that view alone.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Behind a TLS-terminating proxy, the header it sets to tell the original scheme
# (e.g. X-Forwarded-Proto). Trusted only when named: otherwise a client could claim HTTPS.
RENKEI_PROXY_SSL_HEADER = env_str("RENKEI_PROXY_SSL_HEADER").strip()
if RENKEI_PROXY_SSL_HEADER:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + RENKEI_PROXY_SSL_HEADER.upper().replace("-", "_"), "https")
RENKEI_HTTPS = not DEBUG and env_bool("RENKEI_HTTPS", False)
if RENKEI_HTTPS:
    SECURE_SSL_REDIRECT = True
    # A load balancer's health probes may come over plain HTTP and must not be redirected.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$", r"^readyz$"]
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # Preloading commits the whole domain to HTTPS in browsers for a long time: an operator
    # decides it (and submits the domain), so it is off unless asked and not nagged about.
    SECURE_HSTS_PRELOAD = env_bool("RENKEI_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS.append("security.W021")

# /metrics (core.metrics) answers a scraper sending "Authorization: Bearer <this>", and
# signed-in superusers; nobody else (404).
RENKEI_METRICS_TOKEN = env_str("RENKEI_METRICS_TOKEN").strip()
# One JSON object per line for a log shipper (production: RENKEI_HTTPS), readable text otherwise.
RENKEI_LOG_FORMAT = env_str("RENKEI_LOG_FORMAT", "json" if RENKEI_HTTPS else "text").strip()
LOGGING = logging_config(RENKEI_LOG_FORMAT, env_str("LOG_LEVEL", "WARNING"))
