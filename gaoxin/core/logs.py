"""Structured logs: one JSON object per line, each carrying the id of the request it belongs to.

The id comes from the X-Request-ID header a proxy set (when it looks like an id) or is made here; it is sent back in
the response so a person reporting a problem can quote it, and every log line written while serving the request
carries it, whichever logger wrote the line.
"""

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from gaoxin.core.clients import client_address

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
HEADER = "X-Request-ID"
access_log = logging.getLogger("gaoxin.access")

# The attributes every LogRecord has; anything else on a record came from `extra=` and goes into the JSON.
STANDARD_RECORD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


def incoming_or_new_request_id(request) -> str:
    offered = request.headers.get(HEADER, "")
    return offered if REQUEST_ID_PATTERN.match(offered) else uuid.uuid4().hex


def user_id_if_loaded(request):
    """The user's id when the view already loaded the user. Loading it only for the log would cost a query, and
    while the database is down it would turn the 503 being logged into an error."""
    return getattr(getattr(request, "_cached_user", None), "pk", None)


class RequestIdMiddleware:
    """Outermost middleware: sets the request id for the log lines of this request and writes one access line, with
    the user and the source address (安全审计: who, from where)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = incoming_or_new_request_id(request)
        token = request_id_var.set(request.request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = request.request_id
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user": user_id_if_loaded(request),
                    # As the throttle and the audit trail see it: the client, not our proxy (core.clients).
                    "address": client_address(request),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


class RequestIdFilter(logging.Filter):
    """Puts the current request id on every record, so plain-text formats can show it too."""

    def filter(self, record):
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            # UTC: gunicorn's master logs before Django sets the process's time zone, its workers after.
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", request_id_var.get()),
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in STANDARD_RECORD_ATTRIBUTES})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def logging_config(level: str, json_lines: bool) -> dict:
    """The LOGGING setting: JSON lines in production, readable text on a developer's terminal; both with the id."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "gaoxin.core.logs.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "gaoxin.core.logs.JsonFormatter"},
            "text": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "json" if json_lines else "text",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Our access line replaces the development server's own, which has no request id.
            "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
            # Django's request logger repeats 4xx answers our access line already shows.
            "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        },
    }
