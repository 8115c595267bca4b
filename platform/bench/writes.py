"""The write figures of `manage.py bench`: registrations over the production
server (gunicorn, 4 workers), by 1 and then 16 writers spread over the
province, and how long the shared rows stay locked.

Run inside the throwaway bench database only (see `bench_run`). The servers'
units of work report their finishing steps' hold times (from the step's first
statement, which locks the row, to the end of the commit that releases it)
into a file named by HOLD_LOG_VARIABLE; nothing is recorded unless the bench
sets it. The steps' statements go with that commit in one message
(core.unit_of_work), so the holds are timed by the server's clock inside that
message; `commit_ms_p50` is the whole message as the server process waited
for it (network and CPU waits included), `durable_ms_p50` the wait for its
WAL flush that follows, with no lock held, before the writer is answered. The rollup deltas are appended rows (no row shared by two writers);
a thread folds them every FOLD_EVERY seconds meanwhile, as the beat task would.
"""

from __future__ import annotations

import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone

from core import unit_of_work
from supervision.facts.models import CaseFact
from supervision.facts.services import (
    rollup_deltas_fold,
    rollup_rows_from_facts,
    rollup_rows_stored,
)
from supervision.services.intake import NUMBERING_STEP
from tenants.models import Unit, UnitLevel, User

Figure = tuple[str, float, str]

HOLD_LOG_VARIABLE = "ZUGONG_BENCH_HOLD_LOG"
WORKERS = 4
WRITERS = 16
REGISTER = """mutation($input: PetitionRegisterInput!) {
  petitionRegister(input: $input) { petition { id trackingNumber } errors { code } } }"""
# Words the letters are made of, so their texts differ as real ones do.
WORDS = [
    "干部",
    "选拔",
    "任用",
    "公示",
    "程序",
    "民主",
    "推荐",
    "考察",
    "谈话",
    "档案",
    "年龄",
    "学历",
    "党员",
    "发展",
    "党费",
    "组织",
    "生活",
    "换届",
    "选举",
    "村委",
    "社区",
    "书记",
    "待遇",
    "补贴",
    "人才",
    "引进",
    "编制",
    "考核",
]


def install_hold_log() -> None:
    """In a server process: append each unit of work's step hold times to the
    file the bench named, one JSON line each (no-op unless it is set)."""
    path = os.environ.get(HOLD_LOG_VARIABLE)
    if not path:
        return
    lock = threading.Lock()

    def observe(key: str, seconds: float) -> None:
        with lock, open(path, "a", encoding="utf-8") as log:
            log.write(json.dumps({"step": key, "ms": seconds * 1000}) + "\n")

    unit_of_work.hold_observer = observe


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _writer_units(count: int) -> list[Unit]:
    """`count` county and township units spread over the cities."""
    below = list(
        Unit.objects.filter(level__in=[UnitLevel.COUNTY, UnitLevel.TOWNSHIP])
        .exclude(schema_name="public")
        .order_by("path")
    )
    step = max(1, len(below) // count)
    return below[::step][:count]


def _session_cookies(units: list[Unit]) -> dict[str, str]:
    """A signed-in registrar per unit: its Cookie header."""
    from tenants.roles import Role

    cookies = {}
    for unit in units:
        user, _ = User.objects.get_or_create(
            username=f"bench_registrar_{unit.code}",
            defaults={"unit": unit, "roles": [Role.REGISTRAR]},
        )
        client = Client()
        client.force_login(user)
        cookies[unit.code] = (
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        )
    return cookies


def _request(url: str, cookie: str, body: bytes | None = None, token: str = ""):
    headers = {"Cookie": cookie, "Content-Type": "application/json"}
    if token:
        headers["X-CSRFToken"] = token
    request = urllib.request.Request(url, data=body, headers=headers)
    with urllib.request.urlopen(request, timeout=60) as response:
        set_cookie = response.headers.get_all("Set-Cookie") or []
        return response.status, response.read(), set_cookie


def _csrf(base: str, cookie: str) -> tuple[str, str]:
    """The CSRF token and the cookie header carrying it too."""
    _, body, set_cookie = _request(f"{base}/csrf/", cookie)
    token = json.loads(body)["csrfToken"]
    for header in set_cookie:
        name_value = header.split(";", 1)[0]
        if name_value.startswith(settings.CSRF_COOKIE_NAME + "="):
            cookie = f"{cookie}; {name_value}"
    return token, cookie


class _Run:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.registered: dict[str, str] = {}  # petition id -> tracking number
        self.failures = 0
        self.reasons: list[str] = []


def _writer(base: str, cookie: str, until: float, run: _Run, seed: int) -> None:
    rng = random.Random(seed)
    token, cookie = _csrf(base, cookie)
    received = (timezone.localdate() - timedelta(days=1)).isoformat()
    while time.perf_counter() < until:
        text = "".join(rng.choice(WORDS) for _ in range(24))
        value = {
            "receivedOn": received,
            "channel": rng.choice(["LETTER", "VISIT", "CALL"]),
            "legalType": rng.choice(["SUGGESTION", "APPEAL"]),
            "topic": rng.choice(["CADRE_SELECTION", "PARTY_MEMBERS", "ELECTION"]),
            "title": "基准测试登记",
            "content": f"反映{text}问题。",
            "petitioners": [{"name": f"基准{rng.randrange(10**6)}"}],
        }
        body = json.dumps({"query": REGISTER, "variables": {"input": value}}).encode()
        started = time.perf_counter()
        try:
            status, answer, _ = _request(f"{base}/graphql/", cookie, body, token)
            payload = json.loads(answer)
            data = (payload.get("data") or {}).get("petitionRegister") or {}
            ok = status == 200 and data.get("petition") and not data.get("errors")
        except urllib.error.HTTPError as error:
            ok, answer = False, f"HTTP {error.code} ".encode() + error.read()
        except (urllib.error.URLError, OSError, ValueError) as error:
            ok, answer = False, repr(error).encode()
        elapsed = time.perf_counter() - started
        with run.lock:
            if ok:
                run.latencies.append(elapsed)
                petition = data["petition"]
                run.registered[petition["id"]] = petition["trackingNumber"]
            else:
                run.failures += 1
                if len(run.reasons) < 3:
                    run.reasons.append(answer[:300].decode(errors="replace"))


# Seconds between two folds of the rollup deltas while writers write (the
# beat task does it every ROLLUP_FOLD_INTERVAL seconds in production).
FOLD_EVERY = 5.0


def _folder(until: float, folds: list[tuple[float, int]]) -> None:
    """Fold the rollup deltas every FOLD_EVERY seconds until `until`, as the
    beat task would, beside the writers; (seconds, delta rows) per fold."""
    try:
        while time.perf_counter() < until:
            time.sleep(min(FOLD_EVERY, max(0.0, until - time.perf_counter())))
            started = time.perf_counter()
            rows = rollup_deltas_fold()
            folds.append((time.perf_counter() - started, rows))
    finally:
        connection.close()


def _phase(
    base: str, cookies: list[str], seconds: float, folds: list | None = None
) -> tuple[_Run, float]:
    run = _Run()
    started = time.perf_counter()
    until = started + seconds
    threads = [
        threading.Thread(target=_writer, args=(base, cookie, until, run, i))
        for i, cookie in enumerate(cookies)
    ]
    if folds is not None:
        threads.append(threading.Thread(target=_folder, args=(until, folds)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return run, time.perf_counter() - started


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


def _deadlocks() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"
        )
        return cursor.fetchone()[0]


def _stored_petitions(units: list[Unit]) -> dict[str, str]:
    """Every petition of the writers' units, id -> number, read per schema."""
    stored: dict[str, str] = {}
    with connection.cursor() as cursor:
        for unit in units:
            schema = connection.ops.quote_name(unit.schema_name)
            cursor.execute(
                f"SELECT id::text, tracking_number FROM {schema}.supervision_petition"
            )
            stored.update(cursor.fetchall())
    return stored


def start_gunicorn(
    port: int, *, hold_log: str = "", extra_env: dict | None = None
) -> subprocess.Popen:
    """The app under gunicorn as `make run` starts it, on the bench database."""
    root = Path(settings.BASE_DIR)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(["platform", os.environ.get("PYTHONPATH", "")]),
        "WEB_CONCURRENCY": str(WORKERS),
        "WEB_LOG_LEVEL": "warning",
        HOLD_LOG_VARIABLE: hold_log,
        **(extra_env or {}),
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "-c",
            "infra/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def measure_writes(*, seconds: float = 20.0) -> list[Figure]:
    """Registrations through gunicorn: 1 writer, then WRITERS writers in as
    many units; lock hold times of the counter and the rollup rows; lost and
    doubled petitions, rollup drift and deadlocks."""
    units = _writer_units(WRITERS)
    cookies = _session_cookies(units)
    connection.close()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    handle, hold_log = tempfile.mkstemp(prefix="zugong-holds-", suffix=".jsonl")
    os.close(handle)
    deadlocks_before = _deadlocks()
    server = start_gunicorn(port, hold_log=hold_log)
    try:
        # Warm every worker (imports, connections) before measuring.
        _phase(base, [cookies[units[0].code]] * WORKERS, 3)
        Path(hold_log).write_text("")
        folds: list[tuple[float, int]] = []
        one, one_s = _phase(base, [cookies[units[0].code]], seconds, folds)
        many, many_s = _phase(base, [cookies[u.code] for u in units], seconds, folds)
    finally:
        server.terminate()
        server.wait(timeout=60)
    holds: dict[str, list[float]] = {}
    for line in Path(hold_log).read_text().splitlines():
        entry = json.loads(line)
        holds.setdefault(entry["step"], []).append(entry["ms"])
    os.unlink(hold_log)
    for reason in one.reasons + many.reasons:
        sys.stderr.write(f"bench write failed: {reason}\n")
    registered = {**one.registered, **many.registered}
    stored = _stored_petitions(units)
    facts = set(
        str(pk)
        for pk in CaseFact.objects.filter(petition_id__in=list(registered)).values_list(
            "petition_id", flat=True
        )
    )
    lost = sum(1 for pk in registered if pk not in stored or pk not in facts)
    numbers = [stored[pk] for pk in registered if pk in stored]
    doubled = len(numbers) - len(set(numbers))
    # Exact with the deltas the last fold left (readers sum them); the fold
    # itself keeps them exact (tests/supervision/facts/test_rollup_deltas.py).
    drift = len(rollup_rows_stored() ^ rollup_rows_from_facts())
    folds.append((0.0, rollup_deltas_fold()))
    fold_ms = [s * 1000 for s, rows in folds[:-1] if rows]
    rps_1 = len(one.latencies) / one_s
    rps_16 = len(many.latencies) / many_s
    from supervision.facts.services import ROLLUP_STEP

    return [
        ("write_seconds_per_phase", seconds, "s"),
        ("write_rps_1", round(rps_1, 1), "req/s"),
        ("write_p95_ms_1", round(_percentile(one.latencies, 0.95) * 1000, 1), "ms"),
        (f"write_rps_{WRITERS}", round(rps_16, 1), "req/s"),
        (
            f"write_p95_ms_{WRITERS}",
            round(_percentile(many.latencies, 0.95) * 1000, 1),
            "ms",
        ),
        ("write_rps_ratio", round(rps_16 / max(rps_1, 0.01), 2), "x"),
        ("write_failed", one.failures + many.failures, "requests"),
        (
            "rollup_hold_ms_p50",
            round(statistics.median(holds.get(ROLLUP_STEP, [0])), 2),
            "ms",
        ),
        (
            "counter_hold_ms_p50",
            round(statistics.median(holds.get(NUMBERING_STEP, [0])), 2),
            "ms",
        ),
        # Both holds above run to the end of the commit, by the server's
        # clock; this is the final message that carried them (the steps'
        # statements and the commit, one round trip) by the web process's;
        # then the wait for its WAL flush, which holds no lock but is part of
        # every answer.
        (
            "commit_ms_p50",
            round(statistics.median(holds.get(unit_of_work.COMMIT_KEY, [0])), 2),
            "ms",
        ),
        (
            "durable_ms_p50",
            round(statistics.median(holds.get(unit_of_work.DURABLE_KEY, [0])), 2),
            "ms",
        ),
        ("rollup_folds", len(fold_ms), "folds"),
        ("rollup_fold_rows", sum(rows for _, rows in folds), "rows"),
        (
            "rollup_fold_ms_p50",
            round(statistics.median(fold_ms or [0]), 1),
            "ms",
        ),
        ("write_lost", lost, "petitions"),
        ("write_doubled", doubled, "petitions"),
        ("write_rollup_drift", drift, "rows"),
        ("write_deadlocks", _deadlocks() - deadlocks_before, "deadlocks"),
    ]
