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
    output = capsys.readouterr()
    assert "新建 2 个单位，已存在 1 个" in output.out
    # The progress line (stderr): every row counted, nothing left.
    assert "导入单位：3/3（100%），新建 2，已存在 1，已用" in output.err
    assert output.err.rstrip().endswith("完成")
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


def test_a_long_import_reports_each_batch(tree, monkeypatch):
    from tenants.services import units
    from tenants.services.units import UnitSpec, units_import

    monkeypatch.setattr(units, "IMPORT_PROGRESS_UNITS", 2)
    specs = [
        UnitSpec(
            code=f"32010290{n}",
            name=f"第{n}街道党工委组织办",
            short_name=f"第{n}街道",
            level="township",
            parent_code="320102",
        )
        for n in range(1, 6)
    ]
    lines = []

    created, existing = units_import(specs=specs, progress=lines.append)

    assert (len(created), existing) == (5, 0)
    assert [line.split("，已用")[0] for line in lines] == [
        "导入单位：2/5（40%），新建 2，已存在 0",
        "导入单位：4/5（80%），新建 4，已存在 0",
        "导入单位：5/5（100%），新建 5，已存在 0",
    ]
