"""Settings for 组工信访, read from the environment.

Production is the default. `ZUGONG_DEMO=true` (set by `make run`) turns on the
demo conveniences: with `DATABASE_URL` and `REDIS_URL` unset it starts the
embedded PostgreSQL and Redis (see core.embedded), it seeds demo data, offers
GraphiQL and accepts the key in the source. Production refuses to start
without the four secrets, DATABASE_URL and REDIS_URL. Every setting read from
the environment is listed, with its meaning, in infra/zugong.env.example.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from core.embedded import embedded_database_url, embedded_redis_url
from core.env import (
    celery_broker,
    env_bool,
    env_int,
    env_list,
    env_str,
    is_demo,
    is_production,
)
from core.secrets import secrets_from_environment

BASE_DIR = Path(__file__).resolve().parents[2]
TESTING = "pytest" in sys.modules or env_bool("ZUGONG_TESTING")

DEMO = is_demo()
PRODUCTION = is_production(testing=TESTING)
# Django's debug pages never answer by default, in the demo neither: the demo
# behaves like production. DEBUG=true is for a developer's own machine only.
DEBUG = env_bool("DEBUG", default=False)
# Production refuses to start on missing, default, weak or shared secrets
# (core.secrets); development uses the key in the source for all of them.
_secrets = secrets_from_environment(os.environ, production=PRODUCTION)
SECRET_KEY = _secrets.secret_key
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", ["http://127.0.0.1:8000", "http://localhost:8000"]
)

# Reverse proxies (addresses or networks, comma-separated) whose
# X-Forwarded-For names the client: nginx on the same host is 127.0.0.1.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])

# Keys for personal data: petitioner identity numbers and phones are encrypted
# inside the unit schema and matched across units through keyed hashes. None
# of them derives from SECRET_KEY, so rotating it leaves identities readable.
FIELD_ENCRYPTION_SECRET = _secrets.field_encryption
# Former encryption secrets, read (never written) until `manage.py
# rotate_field_key` has re-encrypted every unit; then remove them.
FIELD_ENCRYPTION_OLD_SECRETS = _secrets.field_encryption_old
PETITIONER_KEY_SECRET = _secrets.petitioner_key
# Keys the digest of an online petition's query code (阳光信访查询码); changing
# it invalidates every query code handed out.
ONLINE_QUERY_CODE_SECRET = _secrets.online_query_code

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
    "supervision.inbox",
    "supervision.crosslevel",
    "supervision.holidays",
    "graphql_api",
    "frontend",
    # Tools, not the domain: `seed_demo` (refused in production) and `bench`.
    "demo",
    "bench",
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
    # REMOTE_ADDR from X-Forwarded-For when the request came through a proxy
    # listed in TRUSTED_PROXIES (core.proxies).
    "core.proxies.TrustedProxyMiddleware",
    "core.middleware.RequestIdMiddleware",
    # /healthz and /readyz, ahead of host checks, redirects and sessions.
    "core.health.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # /static/ and the built workbench, before sessions and units are looked up.
    "frontend.static_files.StaticFilesMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.SessionTimeoutMiddleware",
    "tenants.middleware.BearerTokenMiddleware",
    "tenants.middleware.UnitMiddleware",
    # Writes of this request noticed; the replica only when DATABASE_REPLICA_URL is set.
    *(["tenants.replica.ReplicaMiddleware"] if env_str("DATABASE_REPLICA_URL") else []),
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

_missing_services = [
    name for name in ("DATABASE_URL", "REDIS_URL") if PRODUCTION and not env_str(name)
]
if _missing_services:
    raise ImproperlyConfigured(
        "生产环境拒绝启动："
        + "；".join(f"未设置 {name}" for name in _missing_services)
        + "（内置的 PostgreSQL 和 Redis 只供演示：ZUGONG_DEMO=true）"
    )
_database_url = env_str("DATABASE_URL") or embedded_database_url()
_database = dj_database_url.parse(_database_url, conn_max_age=0 if TESTING else 300)
_database["ENGINE"] = "django_tenants.postgresql_backend"
_database.setdefault("TEST", {})
if env_str("TEST_DATABASE_NAME"):
    _database["TEST"]["NAME"] = env_str("TEST_DATABASE_NAME")
DATABASES = {"default": _database}
DATABASE_ROUTERS: tuple[str, ...] = ("django_tenants.routers.TenantSyncRouter",)
# A streaming replica (hot standby) of the primary for the dashboards, the
# petitions list and the downloads (tenants.replica says what is read where).
# Unset: one database, nothing changes.
if env_str("DATABASE_REPLICA_URL"):
    _replica = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"), conn_max_age=_database["CONN_MAX_AGE"]
    )
    _replica["ENGINE"] = "django_tenants.postgresql_backend"
    # A standby that does not answer delays only the request that measures the
    # lag (once every REPLICA_LAG_CACHE_SECONDS), by 3 s at most; it and the
    # others meanwhile read the primary (tenants.replica).
    _replica.setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    # Tests: the standby replays the primary's test database.
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _replica
    DATABASE_ROUTERS = ("tenants.replica.ReplicaRouter", *DATABASE_ROUTERS)
# Lag beyond which replica-eligible reads go to the primary; how long a caller
# who wrote reads from the primary; how often the lag is measured.
REPLICA_MAX_LAG_SECONDS = env_int("REPLICA_MAX_LAG_SECONDS", 30)
READ_YOUR_WRITES_SECONDS = env_int("READ_YOUR_WRITES_SECONDS", 10)
REPLICA_LAG_CACHE_SECONDS = env_int("REPLICA_LAG_CACHE_SECONDS", 3)
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

# Transport and cookies: safe in production by default, each one overridable.
# Behind a proxy that terminates TLS, set SECURE_PROXY_SSL_HEADER=true (the
# proxy must then set X-Forwarded-Proto itself).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int(
    "SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60 if PRODUCTION else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION
)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=PRODUCTION)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=PRODUCTION)
# A failed CSRF check answers in Chinese (a GraphQL error under /graphql/).
CSRF_FAILURE_VIEW = "frontend.errors.csrf_failure"
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=PRODUCTION)
SESSION_COOKIE_HTTPONLY = True
# Browser clients read the CSRF token from GET /csrf/, never from the cookie.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# A session ends after SESSION_IDLE_SECONDS without a request and, however
# busy, SESSION_ABSOLUTE_SECONDS after sign-in (core.middleware).
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 8 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
# The workbench is built into static files: scripts only from this origin and
# no inline script. Element Plus sets inline styles, hence 'unsafe-inline' for
# styles alone. Off in development, where GraphiQL runs inline script.
CONTENT_SECURITY_POLICY = env_str(
    "CONTENT_SECURITY_POLICY",
    "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )
    if PRODUCTION
    else "",
)

# A broker of its own (Redis Sentinel: infra/scaling.md), else REDIS_URL.
CELERY_BROKER_URL, CELERY_BROKER_TRANSPORT_OPTIONS = celery_broker(
    REDIS_URL,
    broker_url=env_str("CELERY_BROKER_URL"),
    sentinel_master=env_str("CELERY_BROKER_SENTINEL_MASTER"),
)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = TESTING
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Shanghai"
# /readyz's checks beyond the database, Redis, migrations and beat: name ->
# a function answering {"ok": bool, ...} (core.health imports no domain code).
HEALTH_CHECKS = {"unitSchemas": "tenants.health.unit_schemas"}
# Beat queues a heartbeat this often; /readyz fails when none was recorded
# within HEALTH_BEAT_MAX_AGE seconds (three missed beats by default).
HEALTH_BEAT_INTERVAL = env_int("HEALTH_BEAT_INTERVAL", 60)
HEALTH_BEAT_MAX_AGE = env_int("HEALTH_BEAT_MAX_AGE", 3 * HEALTH_BEAT_INTERVAL)
CELERY_BEAT_SCHEDULE: dict = {
    "beat-heartbeat": {
        "task": "core.beat_heartbeat",
        "schedule": HEALTH_BEAT_INTERVAL,
    },
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
    # Every open clock recomputed with the holiday calendar as entered:
    # petition deadlines, link, order and requirement due dates (idempotent,
    # see supervision.holidays.recompute); also queued whenever a schedule is
    # entered, so this only catches what a lost task missed.
    "open-clocks-recompute": {
        "task": "holidays.open_clocks_recompute",
        "schedule": crontab(hour=2, minute=30),
    },
    # Rollup deltas appended by writers, folded into the rollup rows (readers
    # sum both, so the figures are exact between folds; see facts.services).
    "facts-rollup-deltas-fold": {
        "task": "facts.rollup_deltas_fold",
        "schedule": env_int("ROLLUP_FOLD_INTERVAL", 15),
    },
}

# Django's validators, with Chinese messages of our own (core.passwords) so
# they read the same in requests, commands and tasks.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "core.passwords.UserAttributeSimilarityValidator"},
    {
        "NAME": "core.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 8)},
    },
    {"NAME": "core.passwords.CommonPasswordValidator"},
    {"NAME": "core.passwords.NumericPasswordValidator"},
    {"NAME": "core.passwords.CharacterClassesValidator"},
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
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
# Hashed, compressed names from `collectstatic` (make run and the install do
# it); the test run serves the apps' files as they are, without collecting.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = TESTING
WHITENOISE_MAX_AGE = 60 * 60
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

GRAPHENE = {
    "SCHEMA": "graphql_api.schema.schema",
    # List lengths and control characters of every input, checked centrally.
    "MIDDLEWARE": ["graphql_api.core.inputs.InputCheckMiddleware"],
}
GRAPHIQL_ENABLED = env_bool("GRAPHIQL_ENABLED", default=DEMO or DEBUG)

# Logs are JSON lines on stdout (core.logs) with the request (or task) id, the
# unit's code and the user's id, never personal data; LOG_FORMAT=text gives
# plain lines for a developer's terminal. Statements slower than SLOW_QUERY_MS
# are logged by zugong.slow_query, each request once by zugong.request.
SLOW_QUERY_MS = env_int("SLOW_QUERY_MS", 500)
_log_level = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.middleware.RequestIdLogFilter"}},
    "formatters": {
        "json": {"()": "core.logs.JsonFormatter"},
        "text": {
            "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": "text" if env_str("LOG_FORMAT") == "text" else "json",
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Django's request errors (500s with their tracebacks) and our own.
        "django": {"level": "WARNING"},
        "zugong": {"level": _log_level},
        "celery": {"level": _log_level},
        # Its success lines carry the task's return value; zugong.task says
        # the same without it. Failures (ERROR) still show.
        "celery.app.trace": {"level": "WARNING"},
    },
}
# Celery keeps Django's logging (JSON lines) instead of installing its own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Petitions first: the reporting demo reads their case facts.
DEMO_SEEDERS: list[str] = [
    "demo.document_settings.seed_document_settings",
    "demo.petitions.seed_petitions",
    "demo.reporting.seed_reporting_demo",
    "demo.crosslevel.seed_crosslevel_demo",
    "demo.online.seed_online_demo",
    "demo.online.seed_online_township_demo",
    "demo.final_matters.seed_final_matter_demo",
    "demo.audit.seed_audit_demo",
    # Last: rollups of the facts the seeders above bulk-loaded.
    "demo.rollups.seed_rollups",
]

# In-app notifications are always stored; set NOTIFICATION_EMAIL=1 (and the
# EMAIL_* settings of Django) to also mail them to staff with an address.
NOTIFICATION_EMAIL_ENABLED = env_bool("NOTIFICATION_EMAIL", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL") or "xinfang@localhost"
EMAIL_HOST = env_str("EMAIL_HOST") or "localhost"
