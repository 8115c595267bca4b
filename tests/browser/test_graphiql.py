"""GraphiQL at /graphql/ from this server's own assets: nothing from a CDN."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import screenshot, sign_in


def test_graphiql_renders_and_runs_a_query_with_no_outside_request(page, live_url):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    sign_in(page, "county_a_registrar")

    # GraphiQL loads the schema first (introspection), then runs the query.
    with page.expect_response(lambda response: response.url.endswith("/graphql/")):
        page.goto("/graphql/")
    page.locator(".graphiql-query-editor .CodeMirror").wait_for()
    with page.expect_response(
        lambda response: (
            response.url.endswith("/graphql/")
            and "enumLabels" in (response.request.post_data or "")
        )
    ):
        page.locator(".graphiql-execute-button").click()

    expect(page.locator(".result-window")).to_contain_text('"label": "不予支持"')
    screenshot(page, "graphiql")
    outside = [
        url
        for url in requested
        if not url.startswith(live_url) and not url.startswith("data:")
    ]
    assert outside == []
    assert any("/workbench/assets/graphiql-" in url for url in requested)
