"""`case_page_ms`: how long the case page takes to become interactive in
Chromium, over a live server on the demo data (median of 10 loads)."""

from __future__ import annotations

import datetime
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
LOADS = 10
USERNAME = "u320102-registrar"
FIRST_PETITION = "{ petitions(limit: 1) { items { id } } }"
REGISTER = """mutation($input: PetitionRegisterInput!) {
  petitionRegister(input: $input) { petition { id } errors { message } } }"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the live server stopped")
        try:
            with urllib.request.urlopen(f"{url}/csrf/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the live server did not start")


def _graphql(page, query: str, variables: dict | None = None) -> dict:
    token = page.request.get("/csrf/").json()["csrfToken"]
    response = page.request.post(
        "/graphql/",
        data=json.dumps({"query": query, "variables": variables or {}}),
        headers={"Content-Type": "application/json", "X-CSRFToken": token},
    )
    return response.json()["data"]


def _a_petition(page) -> str:
    """A case of the demo unit; one letter is registered when it has none."""
    items = _graphql(page, FIRST_PETITION)["petitions"]["items"]
    if items:
        return items[0]["id"]
    received = datetime.date.today() - datetime.timedelta(days=1)
    payload = _graphql(
        page,
        REGISTER,
        {
            "input": {
                "receivedOn": received.isoformat(),
                "channel": "LETTER",
                "legalType": "SUGGESTION",
                "topic": "CADRE_SELECTION",
                "title": "基准测试：完善干部选拔任用公示制度的建议",
                "content": "建议在干部选拔任用公示中写明民主推荐的方式和范围。",
                "petitioners": [{"name": "基准测试"}],
            }
        },
    )["petitionRegister"]
    if payload["errors"]:
        raise RuntimeError(payload["errors"][0]["message"])
    return payload["petition"]["id"]


# Read in the page once the case page has set its mark: when the case and its
# allowed actions were rendered, and when the last request (document, scripts,
# styles, API calls) had its answer, both in ms since the navigation started.
INTERACTIVE = """() => {
  const [mark] = performance.getEntriesByName("case-page-interactive");
  const ends = performance.getEntriesByType("resource").map((entry) => entry.responseEnd);
  const [navigation] = performance.getEntriesByType("navigation");
  return { rendered: mark.startTime, lastRequest: Math.max(navigation.responseEnd, ...ends) };
}"""
MARKED = "() => performance.getEntriesByName('case-page-interactive').length > 0"


def _settled(page, in_flight: set) -> None:
    """Waits until no request of the page is in flight (50 ms without one)."""
    quiet_since = None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        page.wait_for_timeout(10)
        if in_flight:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= 0.05:
            return
    raise RuntimeError("the case page never stopped loading")


def case_page_ms(password: str) -> dict[str, float]:
    """Medians over `LOADS` loads of the same case, in ms from navigation:

    - `interactive`: the case page's mark (the case and its allowed actions are
      rendered) or the last request answered, whichever is later, read from
      the page's own performance timeline;
    - `networkidle`: the first definition, the header shown and then
      Playwright's "networkidle" (no request for 500 ms, so ≥ 500 ms of idle
      waiting is inside it), timed by the bench's clock.
    """
    from playwright.sync_api import sync_playwright

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(["platform", "."])}
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_up(url, server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox"]
            )
            context = browser.new_context(
                base_url=url, viewport={"width": 1366, "height": 768}, locale="zh-CN"
            )
            page = context.new_page()
            page.goto("/login")
            page.get_by_label("用户名").fill(USERNAME)
            page.get_by_label("密码", exact=True).fill(password)
            page.get_by_role("button", name="登录").click()
            page.locator("[data-test=shell-user]").wait_for(timeout=30_000)
            petition_id = _a_petition(page)
            in_flight: set = set()
            page.on("request", lambda request: in_flight.add(request))
            page.on("requestfinished", lambda request: in_flight.discard(request))
            page.on("requestfailed", lambda request: in_flight.discard(request))
            interactive, networkidle = [], []
            # One warm-up load: the first compiles templates and fills caches.
            for _ in range(LOADS + 1):
                page.goto("about:blank")
                in_flight.clear()
                start = time.perf_counter()
                page.goto(f"/petitions/{petition_id}")
                page.wait_for_function(MARKED, timeout=30_000)
                _settled(page, in_flight)
                figures = page.evaluate(INTERACTIVE)
                interactive.append(max(figures["rendered"], figures["lastRequest"]))
                page.locator(".case-header").wait_for(timeout=30_000)
                page.wait_for_load_state("networkidle")
                networkidle.append((time.perf_counter() - start) * 1000)
            browser.close()
        return {
            "interactive": statistics.median(interactive[1:]),
            "networkidle": statistics.median(networkidle[1:]),
        }
    finally:
        server.terminate()
        server.wait(timeout=20)
