from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "supervision.reporting"
    label = "reporting"
    verbose_name = "报告与统计"
    default_auto_field = "django.db.models.BigAutoField"
