"""Settings for 组工信访, read from the environment.

`DATABASE_URL` and `REDIS_URL` unset start the embedded PostgreSQL and Redis
(see core.embedded); set, they name real servers.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

from core.embedded import embedded_database_url, embedded_redis_url
from core.env import celery_broker_url, env_bool, env_list, env_str

BASE_DIR = Path(__file__).resolve().parents[2]
TESTING = "pytest" in sys.modules or env_bool("ZUGONG_TESTING")

SECRET_KEY = (
    env_str("SECRET_KEY") or "dev-only-insecure-key-change-me-in-production-0123456789"
)
DEBUG = env_bool("DEBUG", default=True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", ["http://127.0.0.1:8000", "http://localhost:8000"]
)

# Keys for personal data: petitioner identity numbers and phones are encrypted
# inside the unit schema and matched across units through keyed hashes.
FIELD_ENCRYPTION_SECRET = env_str("FIELD_ENCRYPTION_SECRET") or SECRET_KEY
PETITIONER_KEY_SECRET = env_str("PETITIONER_KEY_SECRET") or SECRET_KEY
# Keys the digest of an online petition's query code (阳光信访查询码); changing
# it invalidates every query code handed out.
ONLINE_QUERY_CODE_SECRET = env_str("ONLINE_QUERY_CODE_SECRET") or SECRET_KEY

SHARED_APPS = [
    "django_tenants",
    "tenants",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "graphene_django",
    "supervision.facts",
    "supervision.reporting",
    "supervision.crosslevel",
    "graphql_api",
    "frontend",
]
TENANT_APPS = [
    "supervision",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Unit"
TENANT_DOMAIN_MODEL = "tenants.Domain"
# Connections stay on one schema across many queries; only switch when needed.
TENANT_LIMIT_SET_CALLS = True
# A new unit's schema is created from the tenant migrations' DDL, captured once
# (tenants.provisioning), not by running every migration per schema.
TENANT_TEMPLATE_SCHEMA = "unit_template"
TENANT_MIGRATION_PROCESSES = int(env_str("TENANT_MIGRATION_PROCESSES", "2"))

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tenants.middleware.BearerTokenMiddleware",
    "tenants.middleware.UnitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "tenants.User"
LOGIN_URL = "/login/"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_database_url = env_str("DATABASE_URL") or embedded_database_url()
_database = dj_database_url.parse(_database_url, conn_max_age=0 if TESTING else 300)
_database["ENGINE"] = "django_tenants.postgresql_backend"
_database.setdefault("TEST", {})
if env_str("TEST_DATABASE_NAME"):
    _database["TEST"]["NAME"] = env_str("TEST_DATABASE_NAME")
DATABASES = {"default": _database}
DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL") or embedded_redis_url()
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        # Test workers (pytest-xdist) share one Redis; each gets its own keys.
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX")
        or (
            f"zugong-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
            if TESTING
            else "zugong"
        ),
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

CELERY_BROKER_URL = celery_broker_url(REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = TESTING
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULE: dict = {
    # Deadline warnings, overdue reminders and bulletins, missing result
    # reports; idempotent, so a missed or doubled run does no harm.
    "crosslevel-deadlines": {
        "task": "crosslevel.deadlines_scan",
        "schedule": 60 * 60,
    },
    # Reminders of reports due soon or overdue (idempotent, see reporting.services).
    "report-reminders": {
        "task": "reporting.report_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # Cached petition deadlines recomputed (idempotent, see supervision.tasks).
    "petition-dues-recompute": {
        "task": "supervision.petition_dues_recompute",
        "schedule": crontab(hour=2, minute=30),
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Failed logins per account before a temporary lock-out, and its length;
# failures per client address (any usernames) before that address is refused.
LOGIN_MAX_FAILURES = 5
LOGIN_LOCKOUT_SECONDS = 15 * 60
LOGIN_MAX_FAILURES_PER_ADDRESS = 20
API_TOKEN_DAYS = 30

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

GRAPHENE = {
    "SCHEMA": "graphql_api.schema.schema",
}
GRAPHIQL_ENABLED = env_bool("GRAPHIQL_ENABLED", default=DEBUG)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
# Petitions first: the reporting demo reads their case facts.
DEMO_SEEDERS: list[str] = [
    "supervision.demo.seed_petitions",
    "supervision.reporting.demo.seed_reporting_demo",
    "supervision.crosslevel.demo.seed_crosslevel_demo",
    "supervision.crosslevel.online_demo.seed_online_demo",
    # Last: rollups of the facts the seeders above bulk-loaded.
    "supervision.facts.demo.seed_rollups",
]

# In-app notifications are always stored; set NOTIFICATION_EMAIL=1 (and the
# EMAIL_* settings of Django) to also mail them to staff with an address.
NOTIFICATION_EMAIL_ENABLED = env_bool("NOTIFICATION_EMAIL", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "xinfang@localhost"
EMAIL_HOST = env_str("EMAIL_HOST") or "localhost"
