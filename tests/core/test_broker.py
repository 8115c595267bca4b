"""Celery's broker: REDIS_URL by default, or a broker URL of its own such as
Redis Sentinel's (infra/scaling.md)."""

import pytest
from kombu import Connection

from core.env import celery_broker

SENTINELS = "sentinel://10.1.0.11:26379/0;sentinel://10.1.0.12:26379/0"


def test_the_broker_is_redis_url_unless_set():
    assert celery_broker("redis://127.0.0.1:6379/3") == ("redis://127.0.0.1:6379/3", {})
    assert (
        celery_broker("unix:///run/redis.sock")[0] == "redis+socket:///run/redis.sock"
    )


def test_a_sentinel_broker_names_the_primary():
    url, options = celery_broker(
        "redis://127.0.0.1:6379/0", broker_url=SENTINELS, sentinel_master="zugong-redis"
    )
    assert (url, options) == (SENTINELS, {"master_name": "zugong-redis"})
    # Kombu reads it as its Sentinel transport, one URL per Sentinel (no connection made).
    connection = Connection(url, transport_options=options)
    assert connection.transport_cls == "sentinel"
    assert len(connection.alt) == 2


def test_a_sentinel_broker_without_the_primary_name_is_refused():
    with pytest.raises(ValueError, match="CELERY_BROKER_SENTINEL_MASTER"):
        celery_broker("redis://127.0.0.1:6379/0", broker_url=SENTINELS)
