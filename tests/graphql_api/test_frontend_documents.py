"""The workbench's own GraphQL documents (frontend/src/**/*.graphql) use no
deprecated field, argument or input field: our own pages move to the new forms
first, other clients have one release to follow."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import NoDeprecatedCustomRule, build_schema, parse, validate

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend" / "src"
# The printed schema (kept in step with the code by test_schema_file): built
# from SDL, its arguments carry the AST the deprecation rule reports from.
SCHEMA = build_schema((ROOT / "graphql_api" / "schema.graphql").read_text("utf-8"))
DOCUMENTS = sorted(FRONTEND.rglob("*.graphql"))


def test_the_documents_are_found():
    assert len(DOCUMENTS) > 20


@pytest.mark.parametrize(
    "path", DOCUMENTS, ids=[str(p.relative_to(FRONTEND)) for p in DOCUMENTS]
)
def test_a_document_uses_nothing_deprecated(path):
    document = parse(path.read_text(encoding="utf-8"))

    errors = validate(SCHEMA, document, [NoDeprecatedCustomRule])

    assert [error.message for error in errors] == []
