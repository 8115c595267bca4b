"""Pages: the landing page and the CSRF cookie endpoint for browser clients."""

from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def home(request):
    return render(
        request, "frontend/home.html", {"unit": getattr(request, "unit", None)}
    )


@require_GET
def csrf(request):
    """Sets the CSRF cookie and returns the token for the X-CSRFToken header."""
    return JsonResponse({"csrfToken": get_token(request)})
