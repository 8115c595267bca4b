"""Who the request is (bearer token) and which unit it acts for."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import JsonResponse

from tenants.crossing import activate_request_unit
from tenants.models import Domain, Unit
from tenants.services.audit import client_address_set
from tenants.services.auth import token_authenticate

UNIT_HEADER = "HTTP_X_UNIT"


class BearerTokenMiddleware:
    """`Authorization: Bearer <token>` authenticates API clients.

    CSRF protects ambient (cookie) credentials. A token request, and a JSON
    request that carries no session cookie, have none: a browser cannot send
    either cross-site without a CORS preflight, which this site never grants.
    Such requests skip the CSRF check (an API client can then obtain a token
    with `tokenCreate`); a session-cookie request always needs the CSRF token.
    A bad token leaves the request anonymous rather than falling back to a
    session.

    `auth_method` tells the API why a request is anonymous: "invalid-token"
    (a bearer token that is unknown, expired or revoked) and "expired-session"
    (a session cookie whose session has ended) are credentials that were
    presented and rejected, which the API answers with 请先登录 rather than
    with the empty answers of a caller who never signed in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Audit entries written while serving this request carry its address.
        client_address_set(request.META.get("REMOTE_ADDR"))
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if header.lower().startswith("bearer "):
            user = token_authenticate(key=header[7:].strip())
            request.user = user or AnonymousUser()
            request.auth_method = "token" if user else "invalid-token"
            request._dont_enforce_csrf_checks = True
        else:
            # Nothing stores session data for anonymous callers, so a session
            # cookie without a signed-in user is a session that has ended
            # (expired, or its account was disabled).
            has_cookie = settings.SESSION_COOKIE_NAME in request.COOKIES
            signed_in = request.user.is_authenticated
            request.auth_method = (
                "expired-session" if has_cookie and not signed_in else "session"
            )
            cookieless_json = (
                settings.SESSION_COOKIE_NAME not in request.COOKIES
                and request.content_type == "application/json"
            )
            if cookieless_json:
                request._dont_enforce_csrf_checks = True
        return self.get_response(request)


def _unit_not_found() -> JsonResponse:
    # Out of scope answers exactly like not found.
    return JsonResponse(
        {
            "errors": [
                {"message": "单位不存在", "extensions": {"code": "UNIT_NOT_FOUND"}}
            ]
        },
        status=404,
    )


class UnitMiddleware:
    """Resolve the unit from the X-Unit header, the host name, or the user's own unit.

    Staff act only for their own unit: naming another unit answers not found.
    The public may name any active unit (to file an online petition there).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        unit = None
        code = request.META.get(UNIT_HEADER, "").strip()
        if code:
            unit = Unit.objects.filter(code=code, is_active=True).first()
            if unit is None:
                return _unit_not_found()
        else:
            domain = (
                Domain.objects.select_related("tenant")
                .filter(domain=request.get_host().split(":")[0])
                .first()
            )
            if domain is not None:
                unit = domain.tenant
        if user.is_authenticated and user.unit_id is not None:
            if unit is None:
                unit = user.unit
            elif unit.pk != user.unit_id:
                return _unit_not_found()
        request.unit = unit
        activate_request_unit(unit)
        try:
            return self.get_response(request)
        finally:
            activate_request_unit(None)
