"""Static files and the built workbench, served by WhiteNoise.

`/static/` comes from `collectstatic` (hashed, compressed names) and
`/workbench/` from Vite's build in frontend/dist (hashed by Vite), both
straight from the WSGI server without a view, so a site needs no separate
web server for them (nginx may still cache them, see infra/nginx).
"""

from __future__ import annotations

from pathlib import Path

from whitenoise.middleware import WhiteNoiseMiddleware

from frontend.workbench import DIST, IMMUTABLE

WORKBENCH_PREFIX = "/workbench/"
WORKBENCH_ASSETS = WORKBENCH_PREFIX + "assets/"


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise for /static/, plus the workbench build under /workbench/."""

    def __init__(self, get_response=None, settings=None):
        if settings is None:
            from django.conf import settings
        # Empty until `collectstatic` ran; the test run finds files in the apps.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        super().__init__(get_response, settings=settings)
        if DIST.is_dir():
            self.add_files(str(DIST), prefix=WORKBENCH_PREFIX)

    def add_cache_headers(self, headers, path, url):
        super().add_cache_headers(headers, path, url)
        if url.startswith(WORKBENCH_ASSETS):
            # A year, as the workbench's own view and the nginx site send.
            headers["Cache-Control"] = IMMUTABLE

    def immutable_file_test(self, path, url):
        # Vite names every file under assets/ by its content's hash.
        if url.startswith(WORKBENCH_ASSETS):
            return True
        return super().immutable_file_test(path, url)
