"""The unit schemas' part of /readyz: how many units' schemas are behind the
code's migrations (core.health runs it from HEALTH_CHECKS; core imports no
domain code)."""

from __future__ import annotations

from functools import lru_cache

from tenants.models import Unit
from tenants.provisioning import schema_version_of_code


@lru_cache(maxsize=1)
def _code_version() -> str:
    # The migration files do not change under a running process.
    return schema_version_of_code()


def unit_schemas() -> dict:
    """Ready when every unit's schema records the code's version; a stale one
    is brought up to date by `manage.py migrate_units`."""
    stale = Unit.objects.exclude(schema_version=_code_version()).count()
    return {"ok": stale == 0, "stale": stale}
