"""/healthz and /readyz: no login, no personal data, each dependency reported."""

import time

import pytest
from django.db import connection
from django.test import Client

from config.celery import beat_heartbeat
from core.health import BEAT_KEY, record_beat


def test_healthz_answers_without_login_or_database():
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_health_is_answered_for_any_host_and_over_plain_http(settings):
    settings.ALLOWED_HOSTS = ["xinfang.example.cn"]
    settings.SECURE_SSL_REDIRECT = True

    response = Client().get("/healthz", HTTP_HOST="10.0.0.7:8000")

    assert response.status_code == 200


@pytest.mark.django_db
def test_readyz_reports_every_dependency_when_beat_was_seen():
    beat_heartbeat.delay()  # eager in tests: what the worker does for beat

    response = Client().get("/readyz")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {
        "database",
        "redis",
        "migrations",
        "beat",
        "unitSchemas",
    }
    assert body["checks"]["unitSchemas"]["stale"] == 0
    assert body["checks"]["migrations"]["pending"] == 0
    assert body["checks"]["beat"]["secondsAgo"] <= 1
    assert all(check["ok"] for check in body["checks"].values())


@pytest.mark.django_db
def test_readyz_fails_when_beat_was_not_seen_within_its_interval(settings):
    record_beat(time.time() - settings.HEALTH_BEAT_MAX_AGE - 5)

    response = Client().get("/readyz")

    assert response.status_code == 503
    beat = response.json()["checks"]["beat"]
    assert beat["ok"] is False
    assert beat["secondsAgo"] >= settings.HEALTH_BEAT_MAX_AGE


@pytest.mark.django_db
def test_readyz_fails_when_beat_never_ran():
    from django.core.cache import cache

    cache.delete(BEAT_KEY)

    response = Client().get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["beat"] == {
        "ok": False,
        "secondsAgo": None,
        "ms": response.json()["checks"]["beat"]["ms"],
    }


@pytest.mark.django_db
def test_readyz_reports_a_pending_migration(monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    record_beat()
    real_plan = MigrationExecutor.migration_plan
    monkeypatch.setattr(
        MigrationExecutor,
        "migration_plan",
        lambda self, targets: [("pending", False)] + real_plan(self, targets),
    )

    response = Client().get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["migrations"]["ok"] is False
    assert response.json()["checks"]["migrations"]["pending"] == 1


@pytest.mark.django_db
def test_readyz_reports_a_database_failure_by_kind_only(monkeypatch):
    record_beat()

    def broken_cursor(*args, **kwargs):
        raise connection.Database.OperationalError("password for user x failed")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response = Client().get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"]["ok"] is False
    assert "password" not in response.content.decode()


def test_beat_heartbeat_runs_every_interval(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["beat-heartbeat"]

    assert entry == {
        "task": "core.beat_heartbeat",
        "schedule": settings.HEALTH_BEAT_INTERVAL,
    }


@pytest.mark.django_db
def test_readyz_reports_a_unit_schema_behind_the_code(tree):
    """A unit whose schema records another migration version is stale until
    migrate_units runs; /readyz says how many, not which."""
    from tenants.models import Unit

    record_beat()
    unit = tree.units["township"]
    Unit.objects.filter(pk=unit.pk).update(schema_version="0" * 64)

    response = Client().get("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"]["unitSchemas"]["ok"] is False
    assert response.json()["checks"]["unitSchemas"]["stale"] == 1
    assert unit.schema_name not in response.content.decode()
