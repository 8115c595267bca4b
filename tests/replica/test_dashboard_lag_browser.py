"""What the dashboard shows when its replica lags, in Chromium: a live server
(gunicorn) on a new primary with a streaming standby, replay paused on the
standby so the lag grows, the page read before and after the lag passes
REPLICA_MAX_LAG_SECONDS."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_FLAGS,
    VIEWPORT,
    _wait_until_up,
    screenshot,
    sign_in,
)
from tests.clusters import free_port, running_cluster, skip_reason
from tests.replica.live import ROOT, copy_test_database, outer_database_name

# Wide enough that a page loaded on a busy machine a few seconds into the
# lag still reads the replica; the fallback step waits past it.
MAX_LAG = 20

pytestmark = [
    pytest.mark.skipif(skip_reason() is not None, reason=skip_reason() or ""),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is missing"),
]


def _live_server(primary, standby, name: str):
    port = free_port()
    log = ROOT / "var" / "log" / "replica-browser-server.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    env = {
        **{k: v for k, v in os.environ.items() if k != "TEST_DATABASE_NAME"},
        "DATABASE_URL": primary.url(name),
        "DATABASE_REPLICA_URL": standby.url(name),
        "REPLICA_MAX_LAG_SECONDS": str(MAX_LAG),
        "REPLICA_LAG_CACHE_SECONDS": "0",
        # the sign-in writes; its reader should be back on the replica soon
        "READ_YOUR_WRITES_SECONDS": "1",
        "ZUGONG_TESTING": "true",
        "WEB_CONCURRENCY": "1",
        "CACHE_KEY_PREFIX": f"zugong-replica-browser-{uuid.uuid4().hex[:8]}",
        "PYTHONPATH": os.pathsep.join(["platform", "."]),
    }
    with log.open("w") as output:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c"]
            + ["infra/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, server, log)
    except BaseException:
        server.terminate()
        raise
    return server, url


def _caught_up(primary, standby, name: str) -> None:
    target = primary.psql("SELECT pg_current_wal_lsn()", dbname=name)
    deadline = time.monotonic() + 15
    while standby.psql(f"SELECT pg_last_wal_replay_lsn() >= '{target}'") != "t":
        assert time.monotonic() < deadline
        time.sleep(0.05)


@pytest.mark.django_db
def test_the_dashboard_says_how_old_its_figures_are_when_the_replica_lags():
    from playwright.sync_api import sync_playwright

    name = outer_database_name()
    with (
        running_cluster() as primary,
        running_cluster(standby_of=primary) as standby,
    ):
        copy_test_database(primary, name)
        server, url = _live_server(primary, standby, name)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_FLAGS
                )
                context = browser.new_context(
                    base_url=url,
                    viewport=VIEWPORT,
                    locale="zh-CN",
                    timezone_id="Asia/Shanghai",
                )
                page = context.new_page()
                notice = page.locator("[data-test=dashboard-freshness]")

                # given a county leader signed in, a replica that caught up
                sign_in(page, "county_a_leader")
                _caught_up(primary, standby, name)
                time.sleep(1.2)  # past READ_YOUR_WRITES_SECONDS of the sign-in
                page.goto("/dashboard")
                page.locator("[data-test=dashboard-kpis]").wait_for()
                # then current figures carry no notice
                expect(notice).to_have_count(0)

                # when the standby stops replaying and the primary moves on
                standby.psql("SELECT pg_wal_replay_pause()")
                primary.psql("CREATE TABLE replica_lag_marker ()", dbname=name)
                time.sleep(2.5)
                page.reload()

                # then the page says as of when its figures are, and the lag
                expect(notice).to_contain_text(
                    re.compile(
                        r"数据更新于 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d（延迟约 \d+ 秒）"
                    )
                )
                screenshot(page, "replica-dashboard-lagging")

                # when the lag passes REPLICA_MAX_LAG_SECONDS
                time.sleep(MAX_LAG + 0.5)
                page.reload()

                # then the figures come from the primary, and the page says so
                expect(notice).to_contain_text(
                    re.compile(r"只读副本延迟约 \d+ 秒，本页已改从主库读取，数据为最新")
                )
                screenshot(page, "replica-dashboard-fell-back")

                # once replay resumes and catches up, the notice is gone
                standby.psql("SELECT pg_wal_replay_resume()")
                _caught_up(primary, standby, name)
                page.reload()
                page.locator("[data-test=dashboard-kpis]").wait_for()
                expect(notice).to_have_count(0)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)
