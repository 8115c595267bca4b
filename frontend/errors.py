"""Error answers in Chinese: pages for people, GraphQL errors for /graphql/.

Django's own 400/403/404/500 and CSRF failure pages are English HTML; a client
of the GraphQL endpoint gets them as an HTML body it cannot read. Here every
answer under /graphql/ is a GraphQL response with `extensions.code`, and every
other one a Chinese page.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render

GRAPHQL_PREFIX = "/graphql"

# (status, code, GraphQL message, page title, page text)
ANSWERS = {
    400: (
        "BAD_REQUEST",
        "请求格式不正确",
        "请求有误",
        "请求的格式不正确，请检查后重试。",
    ),
    403: ("FORBIDDEN", "无权访问", "无权访问", "您没有访问此页面的权限。"),
    404: (
        "NOT_FOUND",
        "接口地址不存在，GraphQL 接口地址为 /graphql/",
        "页面不存在",
        "您访问的页面不存在或已被移除，也可能是您无权查看。",
    ),
    500: (
        "INTERNAL_ERROR",
        "服务器内部错误，请稍后重试",
        "服务器内部错误",
        "系统暂时无法处理您的请求，请稍后重试；如多次出现，请联系系统管理员并提供下方的请求编号。",
    ),
}
CSRF_FAILED = "CSRF_FAILED"
CSRF_MESSAGE = "安全校验失败（CSRF），请刷新页面后重试"


def is_graphql(request) -> bool:
    return request.path.startswith(GRAPHQL_PREFIX)


def graphql_error(message: str, code: str, status: int, **extensions) -> JsonResponse:
    return JsonResponse(
        {
            "data": None,
            "errors": [
                {"message": message, "extensions": {"code": code, **extensions}}
            ],
        },
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _answer(request, status: int, *, text: str = ""):
    code, message, title, default_text = ANSWERS[status]
    request_id = getattr(request, "request_id", "")
    if is_graphql(request):
        extra = {"requestId": request_id} if status == 500 and request_id else {}
        return graphql_error(message, code, status, **extra)
    return render(
        request,
        "frontend/error.html",
        {
            "status": status,
            "title": title,
            "text": text or default_text,
            "request_id": request_id if status == 500 else "",
        },
        status=status,
    )


def bad_request(request, exception=None):
    return _answer(request, 400)


def permission_denied(request, exception=None):
    return _answer(request, 403)


def page_not_found(request, exception=None):
    return _answer(request, 404)


def server_error(request):
    return _answer(request, 500)


def graphql_not_found(request, path: str = ""):
    """Any address under /graphql/ other than the endpoint itself."""
    return _answer(request, 404)


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: the token of a session request was missing or wrong."""
    if is_graphql(request):
        return graphql_error(CSRF_MESSAGE, CSRF_FAILED, 403)
    return render(
        request,
        "frontend/error.html",
        {
            "status": 403,
            "title": "安全校验失败",
            "text": "页面已过期或请求来源无法确认（CSRF 校验失败），请刷新页面后重试。",
            "request_id": "",
        },
        status=403,
    )
