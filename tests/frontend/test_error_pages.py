"""Chinese error pages for people, GraphQL errors with codes under /graphql/."""

from __future__ import annotations

import json

import pytest
from django.test import Client

QUERY = json.dumps({"query": "{ me { username } }"})


def _signed_in(tree, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(tree.user("county_a", "registrar"))
    return client


def _graphql_error(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["data"] is None
    [error] = body["errors"]
    return error


def test_a_missing_page_is_a_chinese_page(tree):
    response = _signed_in(tree).get("/reports/1/report.pdf")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="zh-CN">' in html
    assert "页面不存在" in html
    assert "返回工作台" in html
    assert "Not Found" not in html


def test_an_unknown_address_under_graphql_is_a_graphql_error(tree):
    response = _signed_in(tree).get("/graphql/nope")

    assert response.status_code == 404
    assert _graphql_error(response) == {
        "message": "接口地址不存在，GraphQL 接口地址为 /graphql/",
        "extensions": {"code": "NOT_FOUND"},
    }


def test_a_session_request_without_csrf_token_is_csrf_failed(tree):
    client = _signed_in(tree, enforce_csrf_checks=True)

    response = client.post("/graphql/", QUERY, content_type="application/json")

    assert response.status_code == 403
    assert _graphql_error(response) == {
        "message": "安全校验失败（CSRF），请刷新页面后重试",
        "extensions": {"code": "CSRF_FAILED"},
    }


def test_a_page_post_without_csrf_token_is_a_chinese_page(tree):
    client = _signed_in(tree, enforce_csrf_checks=True)

    response = client.post(
        "/petitions/00000000-0000-0000-0000-000000000001/notices/acceptance/issue/"
    )

    assert response.status_code == 403
    html = response.content.decode()
    assert "安全校验失败" in html
    assert "CSRF verification failed" not in html


def test_an_anonymous_query_is_told_to_sign_in(gql):
    status, body = gql().execute("{ holidayYears }")

    assert status == 401
    assert body["errors"] == [
        {"message": "请先登录", "extensions": {"code": "UNAUTHENTICATED"}}
    ]


@pytest.mark.parametrize(
    ("method", "body", "status", "code", "message"),
    [
        ("get", None, 400, "QUERY_MISSING", "请提供 GraphQL 查询语句（query）"),
        ("post", "not json", 400, "INVALID_JSON", "请求体不是有效的 JSON"),
        (
            "put",
            QUERY,
            405,
            "METHOD_NOT_ALLOWED",
            "GraphQL 接口只接受 GET 和 POST 请求",
        ),
    ],
)
def test_malformed_graphql_requests_answer_in_chinese(
    tree, method, body, status, code, message
):
    client = _signed_in(tree)
    kwargs = {"content_type": "application/json"} if body else {}

    response = getattr(client, method)("/graphql/", body, **kwargs)

    assert response.status_code == status
    error = response.json()["errors"][0]
    assert error["message"] == message
    assert error["extensions"]["code"] == code


def test_a_mutation_by_get_is_refused_in_chinese(tree):
    response = _signed_in(tree).get(
        "/graphql/", {"query": "mutation { logout { ok } }"}
    )

    assert response.status_code == 405
    error = response.json()["errors"][0]
    assert error["message"] == "变更操作（mutation）只能通过 POST 请求提交"
    assert error["extensions"]["code"] == "METHOD_NOT_ALLOWED"


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "tests.frontend.error_urls"


def test_a_server_error_is_a_chinese_page_with_the_request_id(tree, failing_urls):
    client = _signed_in(tree, raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器内部错误" in html
    assert "请求编号：" in html
    assert "Server Error" not in html


def test_a_server_error_under_graphql_is_a_graphql_error(tree, failing_urls):
    client = _signed_in(tree, raise_request_exception=False)

    response = client.get("/graphql/boom")

    assert response.status_code == 500
    error = _graphql_error(response)
    assert error["message"] == "服务器内部错误，请稍后重试"
    assert error["extensions"]["code"] == "INTERNAL_ERROR"
    assert error["extensions"]["requestId"]


def test_permission_denied_is_a_chinese_page(tree, failing_urls):
    response = _signed_in(tree).get("/denied/")

    assert response.status_code == 403
    assert "您没有访问此页面的权限。" in response.content.decode()
