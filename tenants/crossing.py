"""The one place where code switches between unit schemas.

Cross-unit work (activating the unit a request acts for, periodic scans over
many units, transfers down, result reports up and supervision) lives here. Functions take explicit units, check ancestry against
the unit tree in the public schema, and return plain frozen dataclasses: a
model instance fetched in another schema would lazy-load its relations from the
wrong schema once the context exits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, is_dataclass
from typing import TypeVar

from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name, schema_context

from tenants.models import Unit

T = TypeVar("T")


@dataclass(frozen=True)
class UnitRef:
    """A unit as seen from another schema: identity and place in the tree only."""

    id: int
    code: str
    name: str
    level: str
    path: str
    schema_name: str


def unit_ref(unit: Unit) -> UnitRef:
    return UnitRef(
        id=unit.pk,
        code=unit.code,
        name=unit.name,
        level=unit.level,
        path=unit.path,
        schema_name=unit.schema_name,
    )


def activate_request_unit(unit: Unit | None) -> None:
    """Point the connection at the unit a request acts for (or the public schema)."""
    if unit is None:
        connection.set_schema_to_public()
    else:
        connection.set_tenant(unit)


@contextmanager
def public_schema() -> Iterator[None]:
    """Run a block on the public schema only (django-tenants refuses to save a
    Unit while a unit schema is active), then return to the request's unit."""
    with schema_context(get_public_schema_name()):
        yield


def replica_schema_follow_primary(replica) -> None:
    """Point the replica connection (tenants.replica) at the schema the primary
    connection is on, so a read routed there sees the same unit's tables.

    django-tenants keeps the schema per connection; only the primary one is
    switched by requests and by the helpers here.
    """
    primary = connection
    if (
        replica.schema_name != primary.schema_name
        or replica.include_public_schema != primary.include_public_schema
    ):
        replica.set_tenant(primary.tenant, include_public=primary.include_public_schema)


def current_unit_schema() -> str:
    return connection.schema_name


def run_across_units(
    function: Callable[[UnitRef], T], *, units: Iterable[Unit]
) -> dict[str, T]:
    """Run `function` inside each unit's schema; results keyed by unit code.

    For periodic scans (deadline reminders and the like). `function` must
    return plain data, not model instances.
    """
    results: dict[str, T] = {}
    for unit in units:
        ref = unit_ref(unit)
        with schema_context(unit.schema_name):
            results[ref.code] = function(ref)
    return results


# Cross-unit flows (转办、交办、上报、报结、督办). Each runs a piece of work inside
# another unit's schema on the SAME connection and in the caller's transaction:
# both units' rows commit together or not at all. The caller's schema is
# restored on the way out, also when the work fails.


def _same_unit(actor, unit: Unit) -> bool:
    return (
        actor.is_authenticated
        and actor.is_active
        and actor.unit_id is not None
        and actor.unit_id == unit.pk
    )


class UnitRelationError(Exception):
    """The units are not related as the flow needs (the caller answers not found)."""


def in_descendant_across_units(
    function: Callable[[UnitRef], T], *, actor, source: Unit, target: Unit
) -> T:
    """Run `function` in `target`'s schema; `target` must lie below `source`,
    the unit the actor acts for. Used for transfer, assign, supervision."""
    if not _same_unit(actor, source) or not target.is_below(source):
        raise UnitRelationError(f"{target.code} is not below {source.code}")
    with schema_context(target.schema_name):
        return function(unit_ref(target))


def in_ancestor_across_units(
    function: Callable[[UnitRef], T], *, actor, source: Unit, target: Unit
) -> T:
    """Run `function` in `target`'s schema; `target` must lie above `source`,
    the unit the actor acts for. Used for escalation and result reports."""
    if not _same_unit(actor, source) or not source.is_below(target):
        raise UnitRelationError(f"{target.code} is not above {source.code}")
    with schema_context(target.schema_name):
        return function(unit_ref(target))


# The public's progress query (阳光信访): a tracking number names its unit,
# whichever unit (if any) the request acts for.


def public_read_across_units(function: Callable[[UnitRef], T], *, unit: Unit) -> T:
    """Run a read-only `function` in `unit`'s schema for an anonymous caller.

    The work runs in a savepoint that is always rolled back, so nothing it
    might write survives; `function` must return a frozen dataclass (or None)
    holding only what the public may see.
    """
    with schema_context(unit.schema_name), transaction.atomic():
        result = function(unit_ref(unit))
        transaction.set_rollback(True)
    if result is not None and not (
        is_dataclass(result) and result.__dataclass_params__.frozen
    ):
        raise TypeError("public_read_across_units returns frozen dataclasses only")
    return result


def public_change_in_unit(function: Callable[[UnitRef], T], *, unit: Unit) -> T:
    """Run `function` in `unit`'s schema for an anonymous caller who proved,
    inside `function`, to hold a petition's query code (网上评价, 复查申请).

    The work commits with the caller's transaction; like the read, `function`
    returns a frozen dataclass (or None) holding only what the public may see.
    """
    with schema_context(unit.schema_name), transaction.atomic():
        result = function(unit_ref(unit))
    if result is not None and not (
        is_dataclass(result) and result.__dataclass_params__.frozen
    ):
        raise TypeError("public_change_in_unit returns frozen dataclasses only")
    return result
