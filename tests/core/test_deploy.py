"""Production settings: `check --deploy` is clean, unsafe secrets stop the start,
security headers and cookies are on by default."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from core.embedded import embedded_database_url
from core.secrets import OLD_FIELD_SECRETS_NAME, SECRET_NAMES
from tenants.models import Unit, User

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_SECRETS = {
    "SECRET_KEY": "k7#x0Qw!pL2" * 5 + "-secret-key",
    "FIELD_ENCRYPTION_SECRET": "Zt9@mV4$rB6" * 5 + "-field",
    "PETITIONER_KEY_SECRET": "hY3&nC8%sD1" * 5 + "-petitioner",
    "ONLINE_QUERY_CODE_SECRET": "uJ5*eF7^wG0" * 5 + "-query-code",
}


def _run(args: list[str], extra_env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run in a fresh interpreter: settings are read once, at start."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in PRODUCTION_SECRETS and not key.startswith("PYTEST")
    }
    # Production needs real servers named; the test run's own serve.
    # (Only when the run has none: asking starts the embedded server, which
    # would outlive a run on the machine's own PostgreSQL.)
    if "DATABASE_URL" not in env:
        env["DATABASE_URL"] = embedded_database_url()
    env.setdefault("REDIS_URL", settings.REDIS_URL)
    env.pop("ZUGONG_DEMO", None)
    env.pop("ZUGONG_TESTING", None)
    env.update(PYTHONPATH=f"{ROOT / 'platform'}:{ROOT}", **extra_env)
    env = {key: value for key, value in env.items() if value is not None}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_with_production_settings_reports_nothing():
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        {"ALLOWED_HOSTS": "xinfang.example.cn", **PRODUCTION_SECRETS},
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_production_without_secrets_does_not_start():
    result = _run(["manage.py", "check"], {})

    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: 生产环境拒绝启动（演示请设 ZUGONG_DEMO=true）："
        "未设置 SECRET_KEY；未设置 FIELD_ENCRYPTION_SECRET；"
        "未设置 PETITIONER_KEY_SECRET；未设置 ONLINE_QUERY_CODE_SECRET"
    )


def test_production_with_a_shared_secret_does_not_start():
    shared = {
        **PRODUCTION_SECRETS,
        "PETITIONER_KEY_SECRET": PRODUCTION_SECRETS["SECRET_KEY"],
    }

    result = _run(["manage.py", "check"], shared)

    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: 生产环境拒绝启动（演示请设 ZUGONG_DEMO=true）："
        "SECRET_KEY 与 PETITIONER_KEY_SECRET 相同，每个密钥必须各不相同"
    )
    assert PRODUCTION_SECRETS["SECRET_KEY"] not in result.stderr


def test_production_without_database_and_redis_does_not_start():
    result = _run(
        ["manage.py", "check"],
        {"DATABASE_URL": None, "REDIS_URL": None, **PRODUCTION_SECRETS},
    )

    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: 生产环境拒绝启动："
        "未设置 DATABASE_URL；未设置 REDIS_URL"
        "（内置的 PostgreSQL 和 Redis 只供演示：ZUGONG_DEMO=true）"
    )


def test_production_is_the_default_and_debug_stays_off_in_the_demo():
    production = _run(["-c", PRINT_MODE], PRODUCTION_SECRETS)
    demo = _run(
        ["-c", PRINT_MODE],
        # The run's own servers: unset, the demo would start (and leave
        # running) the embedded ones, which is `make run`'s business.
        {"ZUGONG_DEMO": "true"},
    )

    assert production.returncode == 0, production.stderr
    assert json.loads(production.stdout) == {
        "PRODUCTION": True,
        "DEBUG": False,
        "GRAPHIQL_ENABLED": False,
        "staticfiles": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    }
    assert demo.returncode == 0, demo.stderr
    assert json.loads(demo.stdout) == {
        "PRODUCTION": False,
        "DEBUG": False,
        "GRAPHIQL_ENABLED": True,
        "staticfiles": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    }


PRINT_MODE = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({"PRODUCTION": s.PRODUCTION, "DEBUG": s.DEBUG,
    "GRAPHIQL_ENABLED": s.GRAPHIQL_ENABLED,
    "staticfiles": s.STORAGES["staticfiles"]["BACKEND"]}))
"""

PRINT_SECURITY_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({name: getattr(s, name) for name in (
    "DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY", "SESSION_IDLE_SECONDS", "SESSION_ABSOLUTE_SECONDS",
    "SESSION_COOKIE_AGE", "CONTENT_SECURITY_POLICY", "GRAPHIQL_ENABLED")}))
"""


def test_production_defaults_turn_on_hsts_secure_cookies_csp_and_timeouts():
    result = _run(
        ["-c", PRINT_SECURITY_SETTINGS],
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            **PRODUCTION_SECRETS,
        },
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SESSION_IDLE_SECONDS": 1800,
        "SESSION_ABSOLUTE_SECONDS": 28800,
        "SESSION_COOKIE_AGE": 28800,
        "CONTENT_SECURITY_POLICY": (
            "default-src 'self'; script-src 'self'; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            "font-src 'self' data:; connect-src 'self'; object-src 'none'; "
            "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        ),
        "GRAPHIQL_ENABLED": False,
    }


def test_the_environment_overrides_the_production_defaults():
    result = _run(
        ["-c", PRINT_SECURITY_SETTINGS],
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECURE_HSTS_SECONDS": "600",
            "SESSION_IDLE_SECONDS": "900",
            "SESSION_ABSOLUTE_SECONDS": "3600",
            **PRODUCTION_SECRETS,
        },
    )

    values = json.loads(result.stdout)
    assert (values["SECURE_HSTS_SECONDS"], values["SESSION_IDLE_SECONDS"]) == (600, 900)
    assert (values["SESSION_ABSOLUTE_SECONDS"], values["SESSION_COOKIE_AGE"]) == (
        3600,
        3600,
    )


@pytest.mark.django_db
def test_seed_demo_is_refused_in_production(settings):
    settings.PRODUCTION = True
    units, users = Unit.objects.count(), User.objects.count()

    with pytest.raises(CommandError) as raised:
        call_command("seed_demo")

    assert (
        str(raised.value) == "生产环境不允许生成演示数据（演示请设 ZUGONG_DEMO=true）"
    )
    assert (Unit.objects.count(), User.objects.count()) == (units, users)


ENV_READERS = re.compile(
    r'(?:env_str|env_bool|env_int|env_list|environ\.get|getenv)\(\s*"([A-Z][A-Z0-9_]+)"'
)


def _settings_read_from_the_environment() -> set[str]:
    sources = [
        ROOT / "platform" / "config" / "settings.py",
        ROOT / "infra" / "gunicorn.conf.py",
        *sorted((ROOT / "platform" / "core").glob("*.py")),
    ]
    names = set()
    for source in sources:
        names |= set(ENV_READERS.findall(source.read_text(encoding="utf-8")))
    return names | set(SECRET_NAMES) | {OLD_FIELD_SECRETS_NAME}


def test_the_sample_environment_lists_every_setting():
    sample = (ROOT / "infra" / "zugong.env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", sample, flags=re.MULTILINE))

    read = _settings_read_from_the_environment()

    assert "DATABASE_URL" in read and "WEB_CONCURRENCY" in read
    assert sorted(read - listed) == []
    assert sorted(listed - read) == []
