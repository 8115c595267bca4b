"""URL routes: the GraphQL endpoint, the server's own pages and the workbench."""

from django.urls import path, re_path
from django.views.generic import RedirectView

from frontend import audit_export, workbench
from frontend import crosslevel as crosslevel_pages
from frontend import errors as error_pages
from frontend import petitions as petition_pages
from frontend import views as frontend_views
from graphql_api.views import ApiGraphQLView

_graphql_api = ApiGraphQLView.as_view(graphiql=False)


def graphql_endpoint(request):
    """The API; in a browser where GraphiQL is enabled, the local GraphiQL."""
    if workbench.wants_graphiql(request):
        return workbench.graphiql_page(request)
    return _graphql_api(request)


urlpatterns = [
    path("csrf/", frontend_views.csrf, name="csrf"),
    path(
        "petitions/<uuid:petition_id>/notices/<slug:kind>/",
        petition_pages.petition_notice,
        name="petition-notice",
    ),
    path(
        "petitions/<uuid:petition_id>/notices/<slug:kind>/issue/",
        petition_pages.petition_notice_issue,
        name="petition-notice-issue",
    ),
    path(
        "petitions/<uuid:petition_id>/notices/<slug:kind>.<slug:extension>",
        petition_pages.petition_notice_download,
        name="petition-notice-download",
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
        "result-reports/<int:report_id>/attachments/<uuid:attachment_id>/",
        crosslevel_pages.result_report_attachment_download,
        name="result-report-attachment-download",
    ),
    path(
        "supervision-order-replies/<int:reply_id>/attachments/<uuid:attachment_id>/",
        crosslevel_pages.supervision_order_reply_attachment_download,
        name="supervision-order-reply-attachment-download",
    ),
    path(
        "reports/<int:report_id>/<str:filename>",
        frontend_views.report_export,
        name="report-export",
    ),
    path("graphql/", graphql_endpoint, name="graphql"),
    path(
        "audit-entries/export.xlsx",
        audit_export.audit_log_export,
        name="audit-log-export",
    ),
    path(
        "bulletins/<int:bulletin_id>/bulletin.docx",
        frontend_views.bulletin_export,
        name="bulletin-export",
    ),
    # The address the public types, without the slash: the portal, not the
    # workbench's sign-in page (which the catch-all below would answer).
    re_path(r"^portal$", RedirectView.as_view(url="/portal/", permanent=True)),
    re_path(r"^portal/(?P<path>.*)$", workbench.portal_index, name="portal"),
    # Anything else under /graphql/ answers as GraphQL, in DEBUG too.
    re_path(r"^graphql/(?P<path>.+)$", error_pages.graphql_not_found),
    path("workbench/<path:path>", workbench.workbench_asset, name="workbench-asset"),
    path("favicon.ico", workbench.favicon, name="favicon"),
    # Every other page is a route of the workbench (client-side routing); the
    # prefixes above, and /portal/ and /static/ kept for their own apps, are not.
    re_path(
        r"^(?!graphql/|csrf/|workbench/|portal/|static/|reports/|result-reports/|supervision-order-replies/|bulletins/|audit-entries/|favicon\.ico)(?P<path>.*)$",
        workbench.workbench_index,
        name="workbench",
    ),
]

# Chinese pages (and GraphQL errors under /graphql/) instead of Django's own.
handler400 = error_pages.bad_request
handler403 = error_pages.permission_denied
handler404 = error_pages.page_not_found
handler500 = error_pages.server_error
