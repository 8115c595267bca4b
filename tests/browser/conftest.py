"""Browser tests: Debian's Chromium, driven by Playwright, against a live server.

The server is gunicorn (infra/gunicorn.conf.py) on real PostgreSQL and Redis,
as `make run` starts it, over a copy of this worker's test database (the fixed unit tree
included), so what the browser commits never leaks into the other tests.
Every step saves a screenshot under var/screenshots/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.conf import settings
from django.db import connections
from playwright.sync_api import expect

from frontend.workbench import DIST
from tests.factories.tenants import TEST_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = ROOT / "var" / "screenshots"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The live server shares two cores with the test run.
expect.set_options(timeout=15_000)
# The common office screen.
VIEWPORT = {"width": 1366, "height": 768}


def pytest_collection_modifyitems(config, items):
    xdist = config.pluginmanager.hasplugin("xdist")
    for item in items:
        if "tests/browser/" not in str(item.fspath):
            continue
        # pytest-django creates the test database only for tests marked as
        # using it; the live server's copy is made from it.
        item.add_marker(pytest.mark.django_db)
        if xdist:
            # One worker runs every browser test (`--dist loadgroup`), so only
            # one live server is started.
            item.add_marker(pytest.mark.xdist_group("browser"))


def _admin_connection(database: dict):
    connection = psycopg2.connect(
        dbname="postgres",
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
        host=database["HOST"] or None,
        port=database["PORT"] or None,
    )
    connection.autocommit = True
    return connection


def _url(database: dict, name: str) -> str:
    user = quote(database["USER"] or "", safe="")
    if database["PASSWORD"]:
        user += f":{quote(database['PASSWORD'], safe='')}"
    host = database["HOST"] or ""
    if host.startswith("/"):  # a socket folder (the embedded server)
        return f"postgresql://{user}@/{name}?host={quote(host)}"
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgresql://{user}@{host}{port}/{name}"


def run_in_live_database(code: str) -> None:
    """Run `code` (Django shell Python) against the live server's copy of the
    test database, for a browser test's own data."""
    database = connections["default"].settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": _url(database, f"{database['NAME']}_browser"),
        "ZUGONG_TESTING": "true",
        "PYTHONPATH": os.pathsep.join(["platform", "."]),
    }
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the live server stopped:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/csrf/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the live server did not start:\n{log.read_text()}")


@pytest.fixture(scope="session")
def live_url(django_db_setup, django_db_blocker):
    """Base URL of a live server over a copy of the test database."""
    assert Path(CHROMIUM).exists(), "Chromium is missing: run `make browser`"
    assert (DIST / "index.html").is_file(), (
        "the workbench is not built: run `make frontend`"
    )
    database = settings.DATABASES["default"]
    source = connections["default"].settings_dict["NAME"]
    copy = f"{source}_browser"
    with django_db_blocker.unblock():
        # A template database must have no other session.
        connections.close_all()
        admin = _admin_connection(database)
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{copy}"')
            cursor.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{source}"')
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_dir = ROOT / "var" / "log"
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / "browser-server.log"
    env = {
        **os.environ,
        "DATABASE_URL": _url(database, copy),
        "ZUGONG_TESTING": "true",
        "WEB_CONCURRENCY": "2",
        # Fresh keys per run: login failures of an earlier run would lock out.
        "CACHE_KEY_PREFIX": f"zugong-browser-{uuid.uuid4().hex[:12]}",
        "PYTHONPATH": os.pathsep.join(["platform", "."]),
    }
    with log.open("w") as output:
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "-c",
                "infra/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_up(url, server, log)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def page(live_url):
    """A fresh Chromium at 1366×768; Playwright runs only inside the test,
    because its event loop would make Django refuse the other tests' queries."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS
        )
        context = browser.new_context(
            base_url=live_url,
            viewport=VIEWPORT,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
        )
        context.set_default_timeout(15_000)
        yield context.new_page()
        browser.close()


def no_open_dropdown(page) -> None:
    """Waits until no select's dropdown shows: a closing one stays on screen
    for its fade and would take the next click (Element Plus keeps closed
    dropdowns in the page, hidden)."""
    expect(page.locator(".el-select-dropdown:visible")).to_have_count(0)


def choose(page, select, option: str) -> None:
    """Picks `option` (by its exact name) of the el-select `select` (a
    locator, or the name of its data-test) from the one dropdown open, then
    waits until the select shows it and its dropdown has closed."""
    if isinstance(select, str):
        select = page.locator(f"[data-test={select}]")
    no_open_dropdown(page)
    select.click()
    choice = page.locator(".el-select-dropdown:visible").get_by_role(
        "option", name=option, exact=True
    )
    expect(choice).to_be_visible()
    choice.click()
    # On a loaded machine a click can land while the open dropdown is still
    # being placed, and it is lost (the dropdown stays open, nothing chosen),
    # as a person's would be: click the option again, as a person would.
    for _ in range(2):
        if option in select.inner_text() or not choice.is_visible():
            break
        choice.click()
    expect(select).to_contain_text(option)
    no_open_dropdown(page)


def screenshot(page, name: str) -> Path:
    """Saves what the page shows now as var/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, username: str, password: str = TEST_PASSWORD) -> None:
    """Signs in through the login page and waits for the shell."""
    page.goto("/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录").click()
    page.locator("[data-test=shell-user]").wait_for()
