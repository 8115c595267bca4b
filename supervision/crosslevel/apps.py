from django.apps import AppConfig


class CrosslevelConfig(AppConfig):
    name = "supervision.crosslevel"
    label = "crosslevel"
    verbose_name = "跨层级流转（转办、交办、报结、督办、重复信访）"
    default_auto_field = "django.db.models.BigAutoField"
