"""A page's time to interactive in Chromium, for `make bench`.

Shared by `case_page_ms` (frontend/case_page_bench.py, on the demo data) and
`dashboard_page_ms` (the province dashboard on the bench province). A page
sets its own performance mark once what it shows is rendered; a load counts
as interactive at that mark or at the last request answered (document,
scripts, styles, API calls), whichever is later, both read from the page's
own performance timeline in ms since the navigation started.
"""

from __future__ import annotations

import statistics
import time
from contextlib import contextmanager

CHROMIUM = "/usr/bin/chromium"
LOADS = 10
VIEWPORT = {"width": 1366, "height": 768}

_FIGURES = """(mark) => {
  const [marked] = performance.getEntriesByName(mark);
  const ends = performance.getEntriesByType("resource").map((entry) => entry.responseEnd);
  const [navigation] = performance.getEntriesByType("navigation");
  return { rendered: marked.startTime, lastRequest: Math.max(navigation.responseEnd, ...ends) };
}"""
_MARKED = "(mark) => performance.getEntriesByName(mark).length > 0"


@contextmanager
def chromium_page(base_url: str):
    """A headless Chromium page at the office screen size, against `base_url`."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox"]
        )
        try:
            context = browser.new_context(
                base_url=base_url, viewport=VIEWPORT, locale="zh-CN"
            )
            yield context.new_page()
        finally:
            browser.close()


def _settled(page, in_flight: set, what: str) -> None:
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
    raise RuntimeError(f"{what} never stopped loading")


def interactive_ms(
    page, path: str, mark: str, *, ready: str, loads: int = LOADS
) -> dict[str, float]:
    """Medians over `loads` loads of `path` (after one warm-up load that
    compiles templates and fills caches), in ms from navigation:

    - `interactive`: the page's `mark` or the last request answered,
      whichever is later (the page's own timeline);
    - `networkidle`: `ready` (a selector) shown and then Playwright's
      "networkidle" (no request for 500 ms, so ≥ 500 ms of idle waiting is
      inside it), timed by the bench's clock, for comparison.
    """
    in_flight: set = set()
    page.on("request", lambda request: in_flight.add(request))
    page.on("requestfinished", lambda request: in_flight.discard(request))
    page.on("requestfailed", lambda request: in_flight.discard(request))
    interactive, networkidle = [], []
    for _ in range(loads + 1):
        page.goto("about:blank")
        in_flight.clear()
        start = time.perf_counter()
        page.goto(path)
        page.wait_for_function(_MARKED, arg=mark, timeout=30_000)
        _settled(page, in_flight, path)
        figures = page.evaluate(_FIGURES, mark)
        interactive.append(max(figures["rendered"], figures["lastRequest"]))
        page.locator(ready).first.wait_for(timeout=30_000)
        page.wait_for_load_state("networkidle")
        networkidle.append((time.perf_counter() - start) * 1000)
    return {
        "interactive": statistics.median(interactive[1:]),
        "networkidle": statistics.median(networkidle[1:]),
    }
