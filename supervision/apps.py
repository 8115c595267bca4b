from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = "信访业务"
    default_auto_field = "django.db.models.BigAutoField"
