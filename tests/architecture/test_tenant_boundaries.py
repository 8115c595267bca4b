"""Only tenants/crossing.py and tenants/provisioning.py may switch schemas, and
only they and the bench write SQL that names a schema (a raw `search_path`, a
schema-qualified table): everything else reads the schema the unit's request or
crossing activated."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {ROOT / "tenants" / "crossing.py", ROOT / "tenants" / "provisioning.py"}
# The bench builds and counts throwaway unit schemas in SQL of its own.
SQL_ALLOWED_DIRS = [ROOT / "platform" / "bench"]
# Readers of every unit schema in one statement, each for a reason of its own:
# the fact rebuild compares a million petitions in one query instead of a
# round trip per schema, and the backup checksums every table of the database.
SQL_WHOLE_DATABASE_READERS = {
    ROOT / "supervision" / "facts" / "rebuild.py",
    ROOT / "tenants" / "backup.py",
}
SOURCE_DIRS = ["platform", "tenants", "supervision", "graphql_api", "frontend"]
FORBIDDEN_NAMES = {"schema_context", "tenant_context"}
FORBIDDEN_CALLS = {"set_tenant", "set_schema", "set_schema_to_public"}
# A table named with its schema: `FROM public.x`, `JOIN "u_320000".x`, or a
# template's `{schema}.x`.
QUALIFIED_TABLE = re.compile(
    r'\b(?:from|join|into|update|table)\s+"?(?:public|u_\w+|\{+\w*schema\w*\}+)"?\.',
    re.IGNORECASE,
)


def _mentions_schema(node: ast.AST) -> bool:
    return "schema" in ast.unparse(node).lower()


def _sql_violations(path: Path, tree: ast.AST) -> list[str]:
    """Raw `search_path` and schema-qualified SQL (docstrings may name them)."""
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in docstrings:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if "search_path" in node.value.lower():
                found.append(f"{path}:{node.lineno} sets search_path")
            elif QUALIFIED_TABLE.search(node.value):
                found.append(f"{path}:{node.lineno} names a schema in SQL")
        elif isinstance(node, ast.JoinedStr):
            # f'... "{schema}".table' : a schema's name, then a dot.
            for value, after in zip(node.values, node.values[1:], strict=False):
                if (
                    isinstance(value, ast.FormattedValue)
                    and _mentions_schema(value.value)
                    and isinstance(after, ast.Constant)
                    and re.match(r'"?\.', str(after.value))
                ):
                    found.append(f"{path}:{node.lineno} qualifies SQL by schema")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "quote_name"
            and any(_mentions_schema(argument) for argument in node.args)
        ):
            # A schema's name is quoted only to put it into SQL.
            found.append(f"{path}:{node.lineno} quotes a schema name for SQL")
    return found


def _violations(path: Path, *, sql: bool = True) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name in FORBIDDEN_NAMES:
                    found.append(f"{path}:{node.lineno} imports {alias.name}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in FORBIDDEN_CALLS:
                found.append(f"{path}:{node.lineno} calls {node.func.attr}")
        elif isinstance(node, ast.Name) and node.id in FORBIDDEN_NAMES:
            found.append(f"{path}:{node.lineno} uses {node.id}")
    if sql:
        found.extend(_sql_violations(path, tree))
    return found


def _may_name_schemas_in_sql(path: Path) -> bool:
    return path in SQL_WHOLE_DATABASE_READERS or any(
        path.is_relative_to(folder) for folder in SQL_ALLOWED_DIRS
    )


def test_only_crossing_and_provisioning_switch_schemas():
    violations = []
    for folder in SOURCE_DIRS:
        for path in (ROOT / folder).rglob("*.py"):
            if path not in ALLOWED and "migrations" not in path.parts:
                violations.extend(
                    _violations(path, sql=not _may_name_schemas_in_sql(path))
                )
    assert violations == []


def test_the_checker_catches_a_switch(tmp_path):
    offender = tmp_path / "offender.py"
    offender.write_text(
        "from django_tenants.utils import schema_context\n"
        "from django.db import connection\n"
        "connection.set_tenant(None)\n"
        "with schema_context('x'):\n    pass\n"
    )
    assert len(_violations(offender)) == 3


def test_the_checker_catches_schema_named_in_sql(tmp_path):
    offender = tmp_path / "offender.py"
    offender.write_text(
        "from django.db import connection\n"
        "cursor = connection.cursor()\n"
        "cursor.execute('SET search_path = u_320000, public')\n"
        "cursor.execute('SELECT count(*) FROM public.facts_casefact')\n"
        "cursor.execute('SELECT 1 FROM \"u_320102\".supervision_petition')\n"
        "schema = connection.ops.quote_name(unit.schema_name)\n"
        "cursor.execute(f'SELECT 1 FROM \"{unit.schema_name}\".supervision_petition')\n"
        "TEMPLATE = 'CREATE TABLE {schema}.stand_in (id int)'\n"
    )
    assert len(_violations(offender)) == 6


def test_the_checker_leaves_plain_sql_alone(tmp_path):
    innocent = tmp_path / "innocent.py"
    innocent.write_text(
        '"""Not SET search_path nor FROM public.x, as the bench does."""\n'
        "from django.db import connection\n"
        "cursor = connection.cursor()\n"
        "cursor.execute(f'SELECT {alias}.{field} FROM supervision_petition p')\n"
        "cursor.execute('SELECT 1 FROM pg_temp.rebuild_stage_ends')\n"
        "table = connection.ops.quote_name(model._meta.db_table)\n"
    )
    assert _violations(innocent) == []
