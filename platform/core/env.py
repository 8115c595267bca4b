"""Reading configuration from the environment."""

from __future__ import annotations

import os


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def celery_broker_url(redis_url: str) -> str:
    """Celery spells a unix-socket Redis `redis+socket://`; redis-py `unix://`."""
    if redis_url.startswith("unix://"):
        return "redis+socket://" + redis_url.removeprefix("unix://")
    return redis_url


def celery_broker(
    redis_url: str, *, broker_url: str = "", sentinel_master: str = ""
) -> tuple[str, dict]:
    """Celery's broker URL and transport options: `REDIS_URL` by default, or
    `CELERY_BROKER_URL` (e.g. `sentinel://h1:26379/0;sentinel://h2:26379/0`,
    which needs the Sentinels' name of the primary, `CELERY_BROKER_SENTINEL_MASTER`)."""
    url = broker_url or celery_broker_url(redis_url)
    if url.startswith("sentinel://") and not sentinel_master:
        raise ValueError(
            "CELERY_BROKER_URL 为 sentinel:// 时须设置 CELERY_BROKER_SENTINEL_MASTER"
        )
    return url, ({"master_name": sentinel_master} if sentinel_master else {})


def is_demo() -> bool:
    """`ZUGONG_DEMO=true` (set by `make run`) turns on the demo conveniences:
    embedded PostgreSQL and Redis, the demo seed, GraphiQL and the key in the
    source. Never set it on a server with real data."""
    return env_bool("ZUGONG_DEMO", default=False)


def is_production(*, testing: bool = False) -> bool:
    """The one switch between development and production defaults.

    Production is the default: only the demo (`ZUGONG_DEMO=true`) and the test
    run leave it. `DEBUG` is separate and defaults to false everywhere.
    """
    return not (testing or is_demo())


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default
