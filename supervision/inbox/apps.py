from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "supervision.inbox"
    label = "inbox"
    verbose_name = "站内通知"
    default_auto_field = "django.db.models.BigAutoField"
