from django.apps import AppConfig


class FactsConfig(AppConfig):
    name = "supervision.facts"
    label = "facts"
    verbose_name = "案件事实（跨层级汇总）"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Only the bench's measured server names a hold log (bench_writes).
        from supervision.facts.bench_writes import install_hold_log

        install_hold_log()
