"""The Celery application; tasks run inside the unit (schema) they were queued in."""

import os

from celery.signals import task_postrun, task_prerun
from tenant_schemas_celery.app import CeleryApp

from core.logs import task_finished, task_started

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = CeleryApp("zugong")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Task lines carry the task id where a request's carry the request id.
task_prerun.connect(task_started, weak=False)
task_postrun.connect(task_finished, weak=False)


@app.task(name="core.beat_heartbeat", ignore_result=True)
def beat_heartbeat() -> None:
    """Queued by beat; the worker records it for /readyz (core.health)."""
    from core.health import record_beat

    record_beat()
