"""The staff workbench (工作台): the single-page application built by Vite.

`frontend/dist/` holds the build (`make run` and `make test` build it when its
sources changed). index.html answers `/` and every client-side route; the
hashed assets are served under /workbench/ by Django itself, so an intranet
server needs no separate web server or CDN for them.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.utils.html import escape
from django.views.decorators.http import require_GET
from django.views.static import serve

DIST = Path(__file__).resolve().parent / "dist"
# Hashed file names change with their content, so browsers may keep them.
IMMUTABLE = "public, max-age=31536000, immutable"


@require_GET
def workbench_index(request, path: str = ""):
    """index.html for `/` and every route of the workbench; never cached."""
    index = DIST / "index.html"
    if not index.is_file():
        return HttpResponse(
            "工作台尚未构建：请运行 make run（或 cd frontend && npm ci && npm run build）。",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    html = with_csrf_token(index.read_text(encoding="utf-8"), get_token(request))
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    # The page carries this session's CSRF token: kept by no shared cache.
    response["Cache-Control"] = "private, no-cache"
    return response


def with_csrf_token(index_html: str, token: str) -> str:
    """index.html with the CSRF token in a meta tag, so the workbench's first
    request needs no round trip to /csrf/ (src/api/client.ts reads it)."""
    meta = f'<meta name="csrf-token" content="{escape(token)}" />'
    return index_html.replace("<head>", f"<head>\n    {meta}", 1)


def wants_graphiql(request) -> bool:
    """A person opening /graphql/ in a browser, where GraphiQL is enabled
    (demo and development); `?raw` asks for the API's own answer."""
    return (
        settings.GRAPHIQL_ENABLED
        and request.method == "GET"
        and "raw" not in request.GET
        and "text/html" in request.headers.get("Accept", "")
    )


def graphiql_page(request):
    """GraphiQL built from npm with the workbench (dist/graphiql.html): its
    scripts and styles come from this server, never from a CDN."""
    page = DIST / "graphiql.html"
    if not page.is_file():
        return HttpResponse(
            "GraphiQL 尚未构建：请运行 make run（或 cd frontend && npm ci && npm run build）。",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(page.read_bytes(), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def portal_index(request, path: str = ""):
    """portal.html, the public portal (网上信访), for `/portal/` and its deep
    links; its assets share /workbench/assets/ with the workbench."""
    page = DIST / "portal.html"
    if not page.is_file():
        return HttpResponse(
            "网上信访页面尚未构建：请运行 make run。",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(page.read_bytes(), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def favicon(request):
    """/favicon.ico, which browsers ask of every page (the server's own pages
    too); the built pages name their hashed favicon.svg themselves."""
    if not (DIST / "favicon.ico").is_file():
        raise Http404
    response = serve(request, "favicon.ico", document_root=DIST)
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def workbench_asset(request, path: str):
    """A built asset (JS, CSS, images) of the workbench."""
    if not (DIST / path).is_file():
        raise Http404
    response = serve(request, path, document_root=DIST)
    if path.startswith("assets/"):
        response["Cache-Control"] = IMMUTABLE
    return response


def initial_assets(index_html: str) -> list[str]:
    """The JS and CSS a first visit loads before any page: index.html's entry
    script, its preloaded modules and its stylesheets (paths under DIST)."""
    return re.findall(r'(?:src|href)="/workbench/([^"]+\.(?:js|css))"', index_html)


def initial_size_gzip(dist: Path = DIST, page: str = "index.html") -> int:
    """Bytes of the first-load JS and CSS of a page (the workbench's index.html
    or the portal's portal.html), each file gzip-compressed."""
    index = (dist / page).read_text(encoding="utf-8")
    return sum(
        len(gzip.compress((dist / name).read_bytes(), compresslevel=9))
        for name in initial_assets(index)
    )
