"""Every request a first visit makes succeeds and the console stays clean:
the workbench's sign-in page, a signed-in page and the public portal, the
site icon (favicon) included, which browsers ask for on every page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in

ICON = re.compile(r"200 workbench/assets/favicon-[\w-]+\.svg")


def _watch(page) -> tuple[list[str], list[str]]:
    """Collects what went wrong (console errors, uncaught exceptions, failed
    requests, answers of 400 and above) and the icons the browser loaded."""
    problems: list[str] = []
    icons: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}")
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "requestfailed",
        lambda request: problems.append(f"failed: {request.url} {request.failure}"),
    )

    def answered(response) -> None:
        if response.status >= 400:
            problems.append(f"{response.status}: {response.url}")
        elif "favicon" in response.url:
            icons.append(f"{response.status} {response.url.split('/', 3)[3]}")

    page.on("response", answered)
    return problems, icons


def test_the_sign_in_page_and_the_portal_load_without_an_error(page):
    problems, icons = _watch(page)

    page.goto("/login")
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    page.wait_for_load_state("networkidle")
    screenshot(page, "requests_01_sign_in")
    assert problems == []
    # The icon is a hashed asset of the build, like the scripts.
    assert len(icons) == 1
    assert ICON.fullmatch(icons[0]), icons

    sign_in(page, "county_a_registrar")
    page.wait_for_load_state("networkidle")
    assert problems == []

    page.goto("/portal/")
    expect(page.get_by_role("heading", name="网上信访")).to_be_visible()
    page.wait_for_load_state("networkidle")
    screenshot(page, "requests_02_portal")
    assert problems == []
    assert all(ICON.fullmatch(icon) for icon in icons), icons


def test_favicon_ico_is_served_for_the_server_pages(page):
    # The server's own pages (notices, error pages) name no icon: browsers
    # ask for /favicon.ico.
    response = page.request.get("/favicon.ico")
    assert response.status == 200
    assert response.headers["content-type"] in (
        "image/vnd.microsoft.icon",
        "image/x-icon",
    )
    assert response.body().startswith(b"\x00\x00\x01\x00")  # an ICO header
