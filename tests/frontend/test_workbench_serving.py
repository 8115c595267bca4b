"""Django serves the built workbench: index.html for its routes, its assets,
nothing loaded from outside, and the server's own URLs untouched."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from frontend.workbench import DIST, initial_assets, initial_size_gzip, with_csrf_token

# Texts that look like URLs but are never fetched: XML namespace names, and
# the documentation links inside the libraries' console warnings.
HARMLESS_URL = re.compile(
    r"https?://(?:www\.w3\.org/(?:2000/svg|1999/xlink|1999/xhtml|1998/Math/MathML"
    r"|XML/1998/namespace)"
    r"|element-plus\.org/|vuejs\.org/error-reference|vuejs\.org/guide"
    # GraphiQL's links for people (docs, error decoder, its logo) and the
    # markdown linkifier's scheme prefixes: shown or built, never fetched.
    r"|yarnpkg\.com/en/docs/|en\.wikipedia\.org/wiki/|commonmark\.org/"
    r"|reactjs\.org/docs/error-decoder|codemirror\.net/5/doc/"
    r"|github\.com/graphql/graphiql$|$|\$\{e\.url\}$)"
)
ANY_URL = re.compile(r"https?://[^\s\"'`()<>]*")


@pytest.fixture(scope="module")
def built():
    index = DIST / "index.html"
    assert index.is_file(), "the workbench is not built: run `make frontend`"
    return index.read_text(encoding="utf-8")


def _asset_paths(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/workbench/[^"]+)"', html)


@pytest.mark.parametrize("path", ["/", "/login", "/work", "/petitions/new"])
def test_every_workbench_route_answers_the_index(db, built, path):
    response = Client().get(path)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Cache-Control"] == "private, no-cache"
    # The page is the build with this session's CSRF token, its cookie set.
    page = response.content.decode()
    token = re.search(r'<meta name="csrf-token" content="([A-Za-z0-9]{64})" />', page)
    assert token and page == with_csrf_token(built, token.group(1))
    assert "csrftoken" in response.cookies
    assert '<div id="app"></div>' in built


def test_the_embedded_csrf_token_lets_the_first_request_post(tree, built):
    client = Client(enforce_csrf_checks=True)
    client.force_login(tree.user("county_a", "registrar"))
    page = client.get("/petitions").content.decode()
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    body = {"query": "{ me { username } }"}

    refused = client.post("/graphql/", body, content_type="application/json")
    answered = client.post(
        "/graphql/",
        body,
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )

    assert refused.status_code == 403
    assert answered.json() == {"data": {"me": {"username": "county_a_registrar"}}}


def test_the_assets_are_served_under_workbench_and_kept_by_browsers(db, built):
    paths = _asset_paths(built)
    assert any(path.endswith(".js") for path in paths)
    assert any(path.endswith(".css") for path in paths)

    for path in paths:
        response = Client().get(path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_a_missing_asset_is_not_found(db, built):
    assert Client().get("/workbench/assets/missing-0000.js").status_code == 404


def test_the_server_urls_keep_their_own_views(db, built):
    client = Client()
    notice = "/petitions/00000000-0000-0000-0000-000000000001/notices/acceptance/"

    assert client.get("/csrf/").json().keys() == {"csrfToken"}
    assert client.post(
        "/graphql/", {"query": "{ me { id } }"}, content_type="application/json"
    ).json() == {"data": {"me": None}}
    assert client.get("/reports/1/report.docx").status_code == 401
    response = client.get(notice)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={notice}"


def test_the_built_files_load_nothing_from_outside(built):
    # Every page's files, the portal's (portal.html and its chunks) included.
    assert (DIST / "portal.html").is_file()
    outside = []
    for path in sorted(DIST.rglob("*")):
        if path.suffix not in {".js", ".css", ".html", ".svg", ".json"}:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        outside += [
            f"{path.name}: {url}"
            for url in ANY_URL.findall(text)
            if not HARMLESS_URL.match(url)
        ]

    assert outside == []


def test_no_font_or_stylesheet_comes_from_a_cdn(built):
    css = "\n".join(path.read_text(encoding="utf-8") for path in DIST.rglob("*.css"))

    assert re.findall(r"@import\s+url\(\s*['\"]?https?:", css) == []
    assert re.findall(r"url\(\s*['\"]?(?:https?:)?//", css) == []


def test_the_first_load_is_the_index_entry_its_preloads_and_styles(built):
    names = initial_assets(built)

    assert names == [
        path.removeprefix("/workbench/")
        for path in _asset_paths(built)
        if path.endswith((".js", ".css"))
    ]
    assert sum(name.endswith(".js") for name in names) >= 1
    assert sum(name.endswith(".css") for name in names) >= 1


def test_the_first_load_stays_within_its_350_kb_budget(built):
    assert 0 < initial_size_gzip() <= 350 * 1024
