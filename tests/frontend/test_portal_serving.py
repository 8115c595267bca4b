"""Django serves the public portal (网上信访): its own small page at /portal/
and its deep links, nothing loaded from outside, within its size budget."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from frontend.workbench import DIST, initial_assets, initial_size_gzip


@pytest.fixture(scope="module")
def portal():
    page = DIST / "portal.html"
    assert page.is_file(), "the portal is not built: run `make frontend`"
    return page.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", ["/portal/", "/portal/track", "/portal/a/b"])
def test_the_portal_and_its_deep_links_answer_the_portal_page(db, portal, path):
    response = Client().get(path)

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-cache"
    assert response.content.decode() == portal
    assert '<div id="portal"></div>' in portal


def test_the_portal_without_its_slash_goes_to_the_portal_not_the_sign_in(db):
    response = Client().get("/portal")

    assert response.status_code == 301
    assert response["Location"] == "/portal/"


def test_the_portal_loads_its_own_entry_and_not_the_workbench(db, portal):
    names = initial_assets(portal)
    workbench = initial_assets((DIST / "index.html").read_text(encoding="utf-8"))

    assert any(re.match(r"assets/portal-.+\.js$", name) for name in names)
    # neither the workbench's entry nor its styles (Element Plus) come along
    assert not set(names) & {n for n in workbench if "main-" in n or "zh-CN" in n}
    for name in names:
        text = (DIST / name).read_text(encoding="utf-8")
        assert "echarts" not in text.lower(), name
        assert Client().get(f"/workbench/{name}").status_code == 200


def test_the_portal_first_load_stays_within_200_kb(portal):
    assert 0 < initial_size_gzip(page="portal.html") <= 200 * 1024
