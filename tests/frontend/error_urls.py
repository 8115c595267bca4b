"""The project's routes plus pages that fail, for the error page tests."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from config.urls import *  # noqa: F403
from config.urls import urlpatterns as project_urlpatterns


def _boom(request):
    raise RuntimeError("boom")


def _denied(request):
    raise PermissionDenied


urlpatterns = [
    path("graphql/boom", _boom),
    path("boom/", _boom),
    path("denied/", _denied),
    *project_urlpatterns,
]
