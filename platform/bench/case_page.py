"""`case_page_ms`: how long the case page takes to become interactive in
Chromium, over a live server on the demo data (median of 10 loads)."""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench.page import chromium_page, interactive_ms
from bench.writes import free_port

ROOT = Path(__file__).resolve().parents[2]
USERNAME = "u320102-registrar"
FIRST_PETITION = "{ petitions(limit: 1) { items { id } } }"
REGISTER = """mutation($input: PetitionRegisterInput!) {
  petitionRegister(input: $input) { petition { id } errors { message } } }"""


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


def case_page_ms(password: str) -> dict[str, float]:
    """Medians over 10 loads of the same case, in ms from navigation
    (bench.page.interactive_ms):

    - `interactive`: the case page's mark (the case and its allowed actions are
      rendered) or the last request answered, whichever is later, read from
      the page's own performance timeline;
    - `networkidle`: the first definition, the header shown and then
      Playwright's "networkidle" (no request for 500 ms, so ≥ 500 ms of idle
      waiting is inside it), timed by the bench's clock.
    """
    port = free_port()
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
        with chromium_page(url) as page:
            page.goto("/login")
            page.get_by_label("用户名").fill(USERNAME)
            page.get_by_label("密码", exact=True).fill(password)
            page.get_by_role("button", name="登录").click()
            page.locator("[data-test=shell-user]").wait_for(timeout=30_000)
            petition_id = _a_petition(page)
            return interactive_ms(
                page,
                f"/petitions/{petition_id}",
                "case-page-interactive",
                ready=".case-header",
            )
    finally:
        server.terminate()
        server.wait(timeout=20)
