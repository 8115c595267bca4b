from django.apps import AppConfig


class FactsConfig(AppConfig):
    name = "supervision.facts"
    label = "facts"
    verbose_name = "案件事实（跨层级汇总）"
    default_auto_field = "django.db.models.BigAutoField"
