"""The Celery application; tasks run inside the unit (schema) they were queued in."""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = CeleryApp("zugong")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
