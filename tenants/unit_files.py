"""Reading a unit tree from CSV or JSON (code, name, short_name, level, parent_code)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from core.errors import DomainError
from tenants.services.units import UnitSpec

REQUIRED_COLUMNS = ("code", "name", "level")


def read_unit_specs(path: Path) -> list[UnitSpec]:
    """Parse a CSV (header row) or JSON (list of objects) file of units."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".json":
        rows = json.loads(text)
        if not isinstance(rows, list):
            raise DomainError("INVALID", "JSON 文件应为单位对象的数组")
    else:
        rows = list(csv.DictReader(text.splitlines()))
    specs = []
    for number, row in enumerate(rows, start=1):
        missing = [
            column
            for column in REQUIRED_COLUMNS
            if not str(row.get(column) or "").strip()
        ]
        if missing:
            raise DomainError("INVALID", f"第{number}行缺少字段：{'、'.join(missing)}")
        specs.append(
            UnitSpec(
                code=str(row["code"]).strip(),
                name=str(row["name"]).strip(),
                short_name=str(row.get("short_name") or "").strip(),
                level=str(row["level"]).strip(),
                parent_code=str(row.get("parent_code") or "").strip() or None,
            )
        )
    return specs
