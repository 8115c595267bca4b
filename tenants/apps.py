from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "单位与用户"
    default_auto_field = "django.db.models.BigAutoField"
