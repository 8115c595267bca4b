"""Schema-driven fuzzing of the GraphQL API (issue 11).

Operations generated from graphql_api/schema.graphql by hypothesis-graphql are
sent through the Django test client as an anonymous caller, a registrar, a
handler and a province supervisor. Every answer must be a GraphQL answer (no
HTTP 500), every error must carry `extensions.code`, no message may leak Python,
SQL or Django internals, and a mutation answered only with errors must leave
every table's row count as it was. The budget is bounded (max_examples) so the
module stays under about 90 s on two cores.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections import Counter
from pathlib import Path

import graphql
import hypothesis_graphql
import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis_graphql import nodes

SCHEMA = graphql.build_schema(
    (Path(settings.BASE_DIR) / "graphql_api" / "schema.graphql").read_text(
        encoding="utf-8"
    )
)

# Values of the custom scalars as graphene parses them; out-of-range or
# malformed ones come from the negative mode below.
CUSTOM_SCALARS = {
    "Date": st.dates(
        min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)
    ).map(lambda value: nodes.String(value.isoformat())),
    "DateTime": st.datetimes(
        min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2035, 12, 31)
    ).map(lambda value: nodes.String(value.isoformat() + "+08:00")),
    "UUID": st.uuids().map(nodes.String),
    "Decimal": st.decimals(
        min_value=-(10**6), max_value=10**6, allow_nan=False, places=2
    ).map(nodes.String),
    "JSONString": st.dictionaries(
        st.text(max_size=8), st.one_of(st.integers(), st.text(max_size=8)), max_size=3
    ).map(lambda value: nodes.String(json.dumps(value, ensure_ascii=False))),
}

# What an internal error looks like when it escapes to a person.
LEAKS = re.compile(
    r"Traceback|object has no attribute|psycopg|django\.|graphene\.|graphql\.|"
    r"Exception|Error\(|NoneType|KeyError|TypeError|ValueError|AttributeError|"
    r"IntegrityError|DoesNotExist|SELECT |INSERT INTO|UPDATE .* SET|relation \"|"
    r"line \d+|\.py\b|violates .* constraint"
)

CALLERS = {
    "anonymous": None,
    "registrar": ("county_a", "registrar"),
    "handler": ("county_a", "handler"),
    "supervisor": ("province", "supervisor"),
}

TALLY: Counter = Counter()
# Top-level error codes seen, printed to show how far the operations got.
CODES: Counter = Counter()


# Tables a refused call writes on purpose: the append-only audit log records
# permission refusals and failed logins, the refusal log the guards of the
# accused's unit, and a login attempt touches the session.
REFUSAL_RECORDS = {"django_session", "tenants_auditentry", "crosslevel_refusallog"}


def _tables() -> list[tuple[str, str]]:
    """Every base table of the public schema and of each unit's schema, but
    the records of refusals themselves (REFUSAL_RECORDS)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN "
            "('pg_catalog', 'information_schema', %s) ORDER BY 1, 2",
            [settings.TENANT_TEMPLATE_SCHEMA],
        )
        return [row for row in cursor.fetchall() if row[1] not in REFUSAL_RECORDS]


def _row_counts(tables: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """One query counting every table, so each example stays cheap."""
    parts = [
        f"SELECT {index}, count(*) FROM "
        f"{connection.ops.quote_name(schema)}.{connection.ops.quote_name(name)}"
        for index, (schema, name) in enumerate(tables)
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return {tables[index]: count for index, count in cursor.fetchall()}


def _payload_errors(value) -> list:
    """The `errors` lists of the mutation payloads in `data`, at any depth."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "errors" and isinstance(item, list):
                found.extend(item)
            else:
                found.extend(_payload_errors(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_payload_errors(item))
    return found


def _failed_entirely(body: dict, root_names: list[str]) -> bool:
    """True when every root field of the mutation was refused: the whole
    request failed, or each payload is null or carries errors."""
    data = body.get("data")
    if data is None:
        return bool(body.get("errors"))
    for name in root_names:
        payload = data.get(name)
        if payload is not None and not _payload_errors(payload):
            return False
    return True


def _root_names(query: str) -> list[str]:
    document = graphql.parse(query)
    names = []
    for definition in document.definitions:
        if isinstance(definition, graphql.OperationDefinitionNode):
            for selection in definition.selection_set.selections:
                if isinstance(selection, graphql.FieldNode):
                    names.append((selection.alias or selection.name).value)
    return names


def _clear_limits() -> None:
    """Login failures and per-caller limits live in the cache; clearing them
    between examples keeps the budget on the API rather than on lock-outs."""
    client = cache._cache.get_client()
    for key in client.scan_iter(match=f"{cache.make_key('')}*"):
        client.delete(key)


def _send(client: Client, query: str, *, is_mutation: bool, tables) -> None:
    before = _row_counts(tables) if is_mutation else None
    response = client.post(
        "/graphql/",
        data=json.dumps({"query": query}),
        content_type="application/json",
    )
    TALLY["requests"] += 1
    if response.status_code >= 500:
        TALLY["500s"] += 1
    assert response.status_code < 500, (query, response.content[:2000])
    body = response.json()
    if not body.get("errors"):
        TALLY["answered"] += 1
    for error in body.get("errors") or []:
        assert (error.get("extensions") or {}).get("code"), (query, error)
        CODES[error["extensions"]["code"]] += 1
        assert not LEAKS.search(error["message"]), (query, error)
    # A payload's errors show only the fields the operation selected.
    for error in _payload_errors(body.get("data")):
        if error is None:
            continue
        if "code" in error:
            assert error["code"], (query, error)
        assert not LEAKS.search(str(error.get("message") or "")), (query, error)
    if is_mutation and _failed_entirely(body, _root_names(query)):
        after = _row_counts(tables)
        changed = {
            table: (before[table], after[table])
            for table in before
            if before[table] != after[table]
        }
        if changed:
            TALLY["partial writes"] += 1
        assert changed == {}, (query, body, changed)
    _clear_limits()


def _client(tree, caller: str) -> Client:
    client = Client(raise_request_exception=False)
    if CALLERS[caller] is not None:
        client.force_login(tree.user(*CALLERS[caller]))
    return client


FUZZ = hypothesis_settings(
    # FUZZ_EXAMPLES=200 for a longer hunt by hand; the suite keeps the budget.
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "12")),
    # The suite's examples are the same on every run, so `make test` cannot
    # turn red by chance; a longer hunt by hand draws new ones (FUZZ_EXAMPLES).
    derandomize="FUZZ_EXAMPLES" not in os.environ,
    deadline=None,
    database=None,
    # A failure prints a @reproduce_failure blob to replay it exactly.
    print_blob=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)


@pytest.fixture(scope="module", autouse=True)
def _report_tally():
    yield
    print(
        f"\nGraphQL fuzzing — requests: {TALLY['requests']}, "
        f"500s: {TALLY['500s']}, partial writes: {TALLY['partial writes']}; "
        f"answered without top-level errors: {TALLY['answered']}; "
        f"error codes: {dict(CODES.most_common())}"
    )


QUERY_FIELDS = sorted(SCHEMA.query_type.fields)
MUTATION_FIELDS = sorted(SCHEMA.mutation_type.fields)


def _operations(kind, names: list[str]) -> st.SearchStrategy[str]:
    """One root field per operation, picked evenly, so every field gets its
    turn and the cost and mutation-count limits refuse few of them; one in
    four operations breaks the schema on purpose (negative mode)."""

    def for_field(name: str, mode) -> st.SearchStrategy[str]:
        return kind(
            SCHEMA,
            fields=[name],
            custom_scalars=CUSTOM_SCALARS,
            allow_x00=False,
            mode=mode,
        )

    positive = st.sampled_from(names).flatmap(
        lambda name: for_field(name, hypothesis_graphql.Mode.POSITIVE)
    )
    # Fields without arguments have nothing to break, so the negative mode
    # draws from the whole root type.
    negative = kind(
        SCHEMA,
        custom_scalars=CUSTOM_SCALARS,
        allow_x00=False,
        mode=hypothesis_graphql.Mode.NEGATIVE,
    )
    return st.one_of(positive, positive, positive, negative)


@pytest.mark.parametrize("caller", list(CALLERS))
@FUZZ
@given(query=_operations(hypothesis_graphql.queries, QUERY_FIELDS))
def test_generated_queries_answer_with_codes_and_no_internals(tree, caller, query):
    # given a caller; when it sends a generated query; then see _send
    _send(_client(tree, caller), query, is_mutation=False, tables=None)


@pytest.mark.parametrize("caller", list(CALLERS))
@FUZZ
@given(query=_operations(hypothesis_graphql.mutations, MUTATION_FIELDS))
def test_generated_mutations_answer_with_codes_and_write_nothing_when_refused(
    tree, caller, query
):
    # given a caller and every table's row count; when it sends a generated
    # mutation; then a refused one changed no count (see _send)
    _send(_client(tree, caller), query, is_mutation=True, tables=_tables())
