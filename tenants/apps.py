from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "单位与用户"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created

        from core.logs import watch_slow_queries
        from core.middleware import session_clocks_start

        # Session bookkeeping, not workflow: the sign-in starts the timeouts.
        user_logged_in.connect(session_clocks_start, dispatch_uid="session_clocks")
        # Operations, not workflow: statements over SLOW_QUERY_MS are logged.
        connection_created.connect(watch_slow_queries, dispatch_uid="slow_queries")
