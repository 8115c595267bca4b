"""The Celery application; tasks run inside the unit (schema) they were queued in."""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = CeleryApp("zugong")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="core.beat_heartbeat", ignore_result=True)
def beat_heartbeat() -> None:
    """Queued by beat; the worker records it for /readyz (core.health)."""
    from core.health import record_beat

    record_beat()
