"""Django settings for renkei, read from the environment (see README "Configuration")."""

from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from renkei.config.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("RENKEI_DATA_DIR", str(Path.cwd() / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
DEVELOPMENT_SECRET_KEY = "insecure-dev-key-set-SECRET_KEY-in-production"  # noqa: S105
# A development key only: `renkei check --deploy` fails while it is in use (core.checks).
SECRET_KEY = env_str("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
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
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "renkei.core",
    "renkei.orgs",
    "renkei.capabilities",
    "renkei.directory",
    "renkei.imports",
    "renkei.inquiries",
    "renkei.notices",
    "renkei.api",
    "renkei.webhooks",
    "renkei.projects",
    "renkei.knowledge",
    "renkei.cockpit",
    "renkei.demo",
    "renkei.bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

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


def _database(url: str) -> dict[str, Any]:
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0))
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
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "mail"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

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
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Tests and development serve static files from the apps without collectstatic.
WHITENOISE_USE_FINDERS = True
# Uploaded files live under the data dir and are never served by URL: permission-checked views
# stream them (see core.files). MEDIA_URL is deliberately unset.
MEDIA_ROOT = DATA_DIR / "files"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
RENKEI_IMPORT_MAX_BYTES = env_int("RENKEI_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
RENKEI_PHOTO_MAX_BYTES = env_int("RENKEI_PHOTO_MAX_BYTES", 10 * 1024 * 1024)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 1025)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
# A mail task still "running" after this long lost its worker and is retried (core.retry).
RENKEI_TASK_STALE_SECONDS = env_int("RENKEI_TASK_STALE_SECONDS", 600)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "renkei <noreply@renkei.localhost>")
# Periodic checks run by `renkei tick` (started by `renkei serve`); each is safe to repeat.
RENKEI_PERIODIC = [
    "renkei.core.retry.retry_tasks",
    "renkei.inquiries.clock.check_reply_clocks",
    "renkei.notices.digest.queue_daily_digests",
    "renkei.projects.claims.expire_claims",
    "renkei.projects.digest.queue_coordinator_digests",
    "renkei.webhooks.delivery.requeue_stalled",
    "renkei.cockpit.alerts.check_kpis",
    "renkei.cockpit.services.decisions.close_due_proposals",
]
RENKEI_BASE_URL = env_str("RENKEI_BASE_URL", "http://localhost:8000")
# Webhooks go only to public Internet addresses unless this is on (webhooks.addresses).
RENKEI_WEBHOOK_ALLOW_PRIVATE = env_bool("RENKEI_WEBHOOK_ALLOW_PRIVATE", False)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG and env_bool("RENKEI_HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {"django_tasks": {"level": "INFO"}, "renkei": {"level": "INFO"}},
}
