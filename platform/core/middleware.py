"""Request-wide middleware: request ids, the content security policy and
session timeouts."""

from __future__ import annotations

import logging
import time
import uuid
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import logout

REQUEST_ID_HEADER = "X-Request-ID"
_request_id: ContextVar[str] = ContextVar("request_id", default="-")

# Session keys of the idle and absolute timeouts (seconds since the epoch).
SESSION_STARTED_KEY = "_session_started_at"
SESSION_SEEN_KEY = "_session_seen_at"
# Refreshing "last seen" at most once a minute spares a write per request.
SESSION_SEEN_RESOLUTION = 60


def current_request_id() -> str:
    """The id of the request being served, "-" outside one (commands, tasks)."""
    return _request_id.get()


class RequestIdMiddleware:
    """Give every request an id, in the response header and in every log record.

    The id is generated here, never taken from the client, so a caller cannot
    make its request look like another one in the log.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from core.logs import REQUEST_LOGGER, current_request

        started = time.perf_counter()
        request_id = uuid.uuid4().hex[:16]
        request.request_id = request_id
        token = _request_id.set(request_id)
        request_token = current_request.set(request)
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            # One line per request: the path without its query string (which
            # may carry a name or a number typed into a search).
            logging.getLogger(REQUEST_LOGGER).info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "durationMs": round((time.perf_counter() - started) * 1000, 1),
                },
            )
        finally:
            current_request.reset(request_token)
            _request_id.reset(token)
        return response


class RequestIdLogFilter(logging.Filter):
    """Adds `request_id` to log records for the log format."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id()
        return True


class ContentSecurityPolicyMiddleware:
    """Send settings.CONTENT_SECURITY_POLICY (when set) on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response


def session_clocks_start(sender, request, user, **kwargs) -> None:
    """On sign-in (Django's user_logged_in), start the idle and absolute clocks.

    Starting them here rather than on the next request spares that request a
    session write. Connected in tenants.apps.
    """
    session = getattr(request, "session", None)
    if session is not None:
        now = int(time.time())
        session[SESSION_STARTED_KEY] = now
        session[SESSION_SEEN_KEY] = now


class SessionTimeoutMiddleware:
    """Sign a session out after SESSION_IDLE_SECONDS without a request, and
    SESSION_ABSOLUTE_SECONDS after it began, however busy.

    The request then goes on as anonymous, so the API answers as it does to
    anyone not signed in. Bearer tokens have their own expiry.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    @staticmethod
    def _check(request) -> None:
        session = request.session
        now = int(time.time())
        started = session.get(SESSION_STARTED_KEY)
        seen = session.get(SESSION_SEEN_KEY)
        if started is None or seen is None:
            # A session from before the clocks existed: they start now.
            session[SESSION_STARTED_KEY] = now
            session[SESSION_SEEN_KEY] = now
            return
        idle = now - seen > settings.SESSION_IDLE_SECONDS
        expired = now - started > settings.SESSION_ABSOLUTE_SECONDS
        if idle or expired:
            logout(request)
        elif now - seen >= SESSION_SEEN_RESOLUTION:
            session[SESSION_SEEN_KEY] = now
