"""`manage.py import_units` reads CSV and JSON; a bad file imports nothing."""

import json

import pytest
from django.core.management import CommandError, call_command

from tenants.models import Unit


def test_import_csv_creates_missing_units_and_skips_existing(tree, tmp_path, capsys):
    path = tmp_path / "units.csv"
    path.write_text(
        "code,name,short_name,level,parent_code\n"
        "320100,中共南京市委组织部,南京市委组织部,city,320000\n"
        "320105,中共南京市建邺区委组织部,建邺区委组织部,county,320100\n"
        "320105001,南湖街道党工委组织办,南湖街道,township,320105\n",
        encoding="utf-8",
    )
    call_command("import_units", str(path))
    assert "新建 2 个单位，已存在 1 个" in capsys.readouterr().out
    assert Unit.objects.get(code="320105001").path == "320000.320100.320105.320105001"


def test_import_json_with_bad_row_imports_nothing(tree, tmp_path):
    path = tmp_path / "units.json"
    path.write_text(
        json.dumps(
            [
                {
                    "code": "320105",
                    "name": "建邺区委组织部",
                    "level": "county",
                    "parent_code": "320100",
                },
                {
                    "code": "320106",
                    "name": "",
                    "level": "county",
                    "parent_code": "320100",
                },
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="第2行缺少字段：name"):
        call_command("import_units", str(path))
    assert not Unit.objects.filter(code="320105").exists()
