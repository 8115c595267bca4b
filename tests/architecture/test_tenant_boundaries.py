"""Only tenants/crossing.py and tenants/provisioning.py may switch schemas."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ALLOWED = {ROOT / "tenants" / "crossing.py", ROOT / "tenants" / "provisioning.py"}
SOURCE_DIRS = ["platform", "tenants", "supervision", "graphql_api", "frontend"]
FORBIDDEN_NAMES = {"schema_context", "tenant_context"}
FORBIDDEN_CALLS = {"set_tenant", "set_schema", "set_schema_to_public"}


def _violations(path: Path) -> list[str]:
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
    return found


def test_only_crossing_and_provisioning_switch_schemas():
    violations = []
    for folder in SOURCE_DIRS:
        for path in (ROOT / folder).rglob("*.py"):
            if path not in ALLOWED and "migrations" not in path.parts:
                violations.extend(_violations(path))
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
