"""Logs as JSON lines on stdout: one object a line, for the journal or a collector.

Every line carries the request id (or the Celery task id), the unit's code
and the signed-in user's id when there is one, and never personal data: the
request line names the path without its query string, the slow-query line the
SQL with its placeholders, never the parameters.
"""

from __future__ import annotations

import json
import logging
import time
from contextvars import ContextVar
from datetime import datetime

from django.conf import settings
from django.db import connection
from django.utils.functional import empty

# The request being served (set by core.middleware.RequestIdMiddleware).
current_request: ContextVar[object | None] = ContextVar("current_request", default=None)
# The Celery task being run, whose id stands in for the request id.
current_task_id: ContextVar[str | None] = ContextVar("current_task_id", default=None)

SLOW_QUERY_LOGGER = "zugong.slow_query"
REQUEST_LOGGER = "zugong.request"
TASK_LOGGER = "zugong.task"
# Attributes every LogRecord has; anything else was passed as `extra=`.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
# Extras never printed: Celery's `data` holds a task's arguments and result,
# which may name a person (zugong.task logs each outcome without them), and
# Django's `request` prints the URL with its query string.
_DROPPED = {"request_id", "data", "request"}


def _user_id(request) -> int | None:
    """The user id if authentication already ran; never queries for it."""
    user = request.__dict__.get("user")
    if user is None:
        return None
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is empty:
        return None
    return wrapped.pk if getattr(wrapped, "is_authenticated", False) else None


def _unit_code(request) -> str | None:
    """The request's unit (once resolved), else the schema's (tasks, commands)."""
    unit = request.__dict__.get("unit") if request is not None else None
    if unit is None:
        unit = getattr(connection, "tenant", None)
    return getattr(unit, "code", None)


class JsonFormatter(logging.Formatter):
    """A log record as one JSON object: time, level, logger, message, context."""

    def format(self, record: logging.LogRecord) -> str:
        from core.middleware import current_request_id

        request = current_request.get()
        line = {
            "time": datetime.fromtimestamp(record.created)
            .astimezone()
            .isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "requestId": current_task_id.get() or current_request_id(),
            "unit": _unit_code(request),
            "userId": _user_id(request) if request is not None else None,
        }
        for key, value in vars(record).items():
            if key in _DROPPED or key in line:
                continue
            if key not in _STANDARD:
                line[key] = value if _plain(value) else str(value)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def _plain(value) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def slow_query_logger(execute, sql, params, many, context):
    """A database execute wrapper: logs statements over SLOW_QUERY_MS."""
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        elapsed = (time.perf_counter() - started) * 1000
        if elapsed >= settings.SLOW_QUERY_MS:
            logging.getLogger(SLOW_QUERY_LOGGER).warning(
                "慢查询 %.0f ms",
                elapsed,
                extra={"durationMs": round(elapsed, 1), "sql": str(sql)[:2000]},
            )


def watch_slow_queries(sender, connection, **kwargs) -> None:
    """On every new database connection (connection_created), add the wrapper."""
    if slow_query_logger not in connection.execute_wrappers:
        connection.execute_wrappers.append(slow_query_logger)


def task_started(task_id=None, **kwargs) -> None:
    """Celery task_prerun: the task id is the request id of its lines."""
    current_task_id.set(task_id)


def task_finished(task_id=None, task=None, state=None, **kwargs) -> None:
    """Celery task_postrun: one line per task with its outcome."""
    name = getattr(task, "name", "?")
    logging.getLogger(TASK_LOGGER).info(
        "任务 %s %s", name, state, extra={"task": name, "state": state}
    )
    current_task_id.set(None)
