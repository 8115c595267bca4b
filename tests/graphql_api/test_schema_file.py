"""graphql_api/schema.graphql is the contract: it must match the code."""

from pathlib import Path

from graphql import print_schema

from graphql_api.schema import schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "graphql_api" / "schema.graphql"


def test_printed_schema_is_in_step_with_the_code():
    printed = print_schema(schema.graphql_schema).strip() + "\n"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == printed, (
        "graphql_api/schema.graphql is stale: run `make schema` and commit it"
    )
