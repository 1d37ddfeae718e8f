"""Log lines that a log shipper can read: one JSON object per line, with the request's id.

``RENKEI_LOG_FORMAT=json`` (the default once ``RENKEI_HTTPS`` says this is production) formats
every record as one JSON object; ``text`` keeps the console readable in development. Either way
``RequestIdFilter`` puts the id of the request being served (or of the request that enqueued the
task being run, see core.tasks_backend) on every record, so that the lines of one customer's
click — the view's, and later the worker's mail task's — can be found together.
"""

import contextvars
import datetime as dt
import json
import logging
import re
import uuid
from typing import Any

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "renkei_request_id", default=None
)

# A client's X-Request-ID is kept only when it is a plain token: it goes into every log line,
# and a header with spaces, quotes or control characters could forge or break them.
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")
# The attributes every LogRecord has: whatever else a caller passed in ``extra`` is kept.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def current_request_id() -> str | None:
    return _request_id.get()


def set_request_id(value: str | None) -> contextvars.Token[str | None]:
    return _request_id.set(value)


def reset_request_id(token: contextvars.Token[str | None]) -> None:
    _request_id.reset(token)


def request_id_from(header: str | None) -> str:
    """The client's (or the proxy's) id when it is a plain token, else a new one."""
    if header and REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` (None outside any request or task of one) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time (UTC, ISO 8601), level, logger, message, request_id,
    anything passed in ``extra`` (path, status, duration_ms, user_id …), and the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in line:
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        # default=str: an extra that JSON cannot hold (a date, a path) is still written.
        return json.dumps(line, ensure_ascii=False, default=str)


def logging_config(log_format: str, level: str) -> dict[str, Any]:
    """The LOGGING setting for ``json`` or ``text``."""
    json_lines = log_format == "json"
    formatter = (
        {"()": "renkei.core.logs.JsonFormatter"}
        if json_lines
        else {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "renkei.core.logs.RequestIdFilter"}},
        "formatters": {"default": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "default",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django_tasks": {"level": "INFO"},
            "renkei": {"level": "INFO"},
            # One line per request: what a log shipper wants, noise on a developer's console.
            "renkei.request": {"level": "INFO" if json_lines else "WARNING"},
        },
    }
