"""URL routes: the GraphQL endpoint, the server's own pages and the workbench."""

from django.conf import settings
from django.urls import path, re_path

from frontend import petitions as petition_pages
from frontend import views as frontend_views
from frontend import workbench
from graphql_api.views import ApiGraphQLView

urlpatterns = [
    path("csrf/", frontend_views.csrf, name="csrf"),
    path(
        "petitions/<uuid:petition_id>/notices/<slug:kind>/",
        petition_pages.petition_notice,
        name="petition-notice",
    ),
    path(
        "petitions/<uuid:petition_id>/attachments/",
        petition_pages.attachment_upload,
        name="petition-attachment-upload",
    ),
    path(
        "petitions/<uuid:petition_id>/attachments/<uuid:attachment_id>/",
        petition_pages.attachment_download,
        name="petition-attachment-download",
    ),
    path(
        "reports/<int:report_id>/<str:filename>",
        frontend_views.report_export,
        name="report-export",
    ),
    path(
        "graphql/",
        ApiGraphQLView.as_view(graphiql=settings.GRAPHIQL_ENABLED),
        name="graphql",
    ),
    re_path(r"^portal/(?P<path>.*)$", workbench.portal_index, name="portal"),
    path("workbench/<path:path>", workbench.workbench_asset, name="workbench-asset"),
    # Every other page is a route of the workbench (client-side routing); the
    # prefixes above, and /portal/ and /static/ kept for their own apps, are not.
    re_path(
        r"^(?!graphql/|csrf/|workbench/|portal/|static/|reports/|favicon\.ico)(?P<path>.*)$",
        workbench.workbench_index,
        name="workbench",
    ),
]
