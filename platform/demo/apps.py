from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo seeders and `manage.py seed_demo`; no models, no domain rules."""

    name = "demo"
    verbose_name = "演示数据"
