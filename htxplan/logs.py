"""Logs a monitor can follow: every line of a request carries its id.

RequestIdMiddleware takes the id the proxy sent (X-Request-ID, as nginx's
$request_id) or makes one, answers with it, and keeps it for the request's
log lines; the access log of gunicorn prints it too (gunicorn.conf.py), so
a line of the access log, the application's traceback and the user's
screenshot of an error page meet on one id. LOG_FORMAT=json writes one JSON
object a line, for a log collector; the default is plain text.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import uuid

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
VALID_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.id = given if VALID_ID.fullmatch(given) else uuid.uuid4().hex
        token = _request_id.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request.id
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)
