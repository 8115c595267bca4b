"""Health endpoints for load balancers and monitors, without login or personal data.

`/healthz` answers as soon as the process serves requests. `/readyz` checks
what a request needs: the database, Redis, migrations applied (none pending),
the checks the project adds in HEALTH_CHECKS (the unit schemas current), and
Celery beat seen within the last HEALTH_BEAT_MAX_AGE seconds (beat queues
`core.beat_heartbeat` every HEALTH_BEAT_INTERVAL seconds and the worker
records it in Redis, so a fresh heartbeat proves beat, broker and a worker).

Both are answered by a middleware ahead of host validation, the HTTPS
redirect, sessions and units, so a monitor may ask by address over plain HTTP.
"""

from __future__ import annotations

import json
import time

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpResponse
from django.utils.module_loading import import_string

BEAT_KEY = "health:beat-seen-at"
HEALTH_PATHS = {"/healthz", "/healthz/", "/readyz", "/readyz/"}


def record_beat(now: float | None = None) -> float:
    """Store the time of a beat heartbeat (called by the beat task)."""
    seen = time.time() if now is None else now
    cache.set(BEAT_KEY, seen, timeout=None)
    return seen


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        result = check()
    except Exception as error:  # the monitor sees the kind, never the data
        result = {"ok": False, "error": type(error).__name__}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def _database() -> dict:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def _redis() -> dict:
    client = cache._cache.get_client()
    return {"ok": bool(client.ping())}


def _migrations() -> dict:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return {"ok": not pending, "pending": len(pending)}


def _beat() -> dict:
    seen = cache.get(BEAT_KEY)
    if seen is None:
        return {"ok": False, "secondsAgo": None}
    ago = max(0.0, time.time() - float(seen))
    return {"ok": ago <= settings.HEALTH_BEAT_MAX_AGE, "secondsAgo": round(ago)}


def readiness() -> dict:
    checks = {
        "database": _timed(_database),
        "redis": _timed(_redis),
        "migrations": _timed(_migrations),
        "beat": _timed(_beat),
    }
    for name, path in settings.HEALTH_CHECKS.items():
        checks[name] = _timed(import_string(path))
    return {
        "status": "ok" if all(c["ok"] for c in checks.values()) else "fail",
        "checks": checks,
    }


def _json(body: dict, status: int = 200) -> HttpResponse:
    response = HttpResponse(
        json.dumps(body), status=status, content_type="application/json"
    )
    response["Cache-Control"] = "no-store"
    return response


class HealthMiddleware:
    """Answers GET /healthz and /readyz before anything else runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path not in HEALTH_PATHS or request.method not in {"GET", "HEAD"}:
            return self.get_response(request)
        if request.path.startswith("/healthz"):
            return _json({"status": "ok"})
        body = readiness()
        return _json(body, 200 if body["status"] == "ok" else 503)
