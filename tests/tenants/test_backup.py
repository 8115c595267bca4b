"""`backup_dump`, `backup_restore`, `backup_verify`: a backup restores into a fresh
database with every table equal, encrypted identities included."""

from __future__ import annotations

import json
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from supervision.rules.keys import PetitionerKeyKind
from supervision.services.identity import identity_decrypt
from tenants import backup
from tests.factories.supervision import CITIZEN_ID, PHONE, make_petition
from tests.tree import load_tree

pytestmark = pytest.mark.schema

OTHER_SECRET = "another-field-secret-0123456789-abcdefghijklmnopqrstuv"


def _state() -> dict[str, dict]:
    """Every table's count and checksum, to prove the fixture leaves nothing behind."""
    with connection.cursor() as cursor:
        return backup._checksums_in(
            cursor.cursor, {"unit": None, "schema": None, "public_rows": {}}
        )


def _ids() -> dict[tuple[str, str], set[str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema, table_name FROM information_schema.columns"
            " WHERE column_name = 'id' AND table_schema NOT IN"
            " ('pg_catalog', 'information_schema')"
            " AND (table_schema, table_name) IN (SELECT table_schema, table_name"
            "  FROM information_schema.tables WHERE table_type = 'BASE TABLE')"
        )
        tables = cursor.fetchall()
        result = {}
        for schema, table in tables:
            cursor.execute(f'SELECT id::text FROM "{schema}"."{table}"')
            result[(schema, table)] = {row[0] for row in cursor.fetchall()}
        return result


@pytest.fixture(scope="module")
def committed_petition(django_db_setup, django_db_blocker):
    """One petition of county A, committed so that pg_dump sees it, removed after."""
    with django_db_blocker.unblock():
        before = _state()
        ids = _ids()
        tree = load_tree()
        petition = make_petition(tree, unit_key="county_a")
        yield petition
        with connection.cursor() as cursor:
            # Append-only triggers would refuse the clean-up; replica role skips them.
            cursor.execute("SET session_replication_role = replica")
            for (schema, table), now in _ids().items():
                added = sorted(now - ids.get((schema, table), set()))
                if added:
                    cursor.execute(
                        f'DELETE FROM "{schema}"."{table}" WHERE id::text = ANY(%s)',
                        [added],
                    )
            # Tables without an id (counters) were empty in the tree: empty again.
            for name, sums in _state().items():
                if sums != before.get(name) and before.get(name, {}).get("rows") == 0:
                    schema, table = name.split(".")
                    cursor.execute(f'DELETE FROM "{schema}"."{table}"')
            cursor.execute("SET session_replication_role = DEFAULT")
        assert _state() == before


@pytest.fixture
def media(tree, tmp_path, settings):
    """An attachment of county A and one of the province, under MEDIA_ROOT/<schema>/."""
    root = tmp_path / "media"
    county = root / tree.units["county_a"].schema_name
    county.mkdir(parents=True)
    (county / "letter.pdf").write_bytes(b"%PDF-1.4 letter")
    province = root / tree.units["province"].schema_name
    province.mkdir()
    (province / "report.pdf").write_bytes(b"%PDF-1.4 report")
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture
def fresh_database():
    name = f"zugong_backup_test_{os.getpid()}"
    backup.drop_database(name)
    backup.create_database(name)
    yield name
    backup.drop_database(name)


def _call(name: str, *args, **options) -> str:
    out = StringIO()
    call_command(name, *args, stdout=out, **options)
    return out.getvalue().strip()


def _rows(database: str, sql: str) -> list[tuple]:
    with backup._cursor(backup._params(database)) as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def _source_tokens(schema: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT citizen_id_encrypted, phone_encrypted FROM "{schema}".supervision_petitioner'
        )
        return cursor.fetchall()


def test_whole_system_restores_into_a_fresh_database_equal_to_the_source(
    committed_petition, db, tmp_path, media, fresh_database
):
    tree = load_tree()
    schema = tree.units["county_a"].schema_name
    folder = tmp_path / "full"

    dumped = _call("backup_dump", out=str(folder))
    verified = _call("backup_verify", str(folder))
    restored_media = tmp_path / "restored_media"
    _call(
        "backup_restore",
        str(folder),
        database=fresh_database,
        media_root=str(restored_media),
    )

    manifest = backup._manifest(folder)
    tables = len(manifest["tables"])
    rows = sum(item["rows"] for item in manifest["tables"].values())
    assert dumped == f"已备份整个系统：{tables} 张表，{rows} 行，保存在 {folder}"
    assert verified == (
        f"备份校验通过：{tables} 张表、{rows} 行与备份时一致，"
        "3 个加密字段均可解密，2 个附件完好"
    )
    assert f"{schema}.supervision_petitioner" in manifest["tables"]
    with backup._cursor(backup._params(fresh_database)) as cursor:
        assert backup._checksums_in(cursor, manifest) == manifest["tables"]
    [(citizen_id, phone)] = _rows(
        fresh_database,
        f'SELECT citizen_id_encrypted, phone_encrypted FROM "{schema}".supervision_petitioner',
    )
    assert [(citizen_id, phone)] == _source_tokens(schema)
    assert identity_decrypt(PetitionerKeyKind.CITIZEN_ID, citizen_id) == CITIZEN_ID
    assert identity_decrypt(PetitionerKeyKind.PHONE, phone) == PHONE
    county_media = restored_media / schema / "letter.pdf"
    province_media = restored_media / tree.units["province"].schema_name / "report.pdf"
    assert county_media.read_bytes() == b"%PDF-1.4 letter"
    assert province_media.read_bytes() == b"%PDF-1.4 report"


def test_one_unit_is_its_schema_and_its_public_rows(
    committed_petition, db, tmp_path, media, fresh_database
):
    tree = load_tree()
    unit = tree.units["county_a"]
    folder = tmp_path / "unit"

    dumped = _call("backup_dump", out=str(folder), unit=unit.code)
    verified = _call("backup_verify", str(folder))
    restored_media = tmp_path / "restored_media"
    _call(
        "backup_restore",
        str(folder),
        database=fresh_database,
        media_root=str(restored_media),
    )

    manifest = backup._manifest(folder)
    tables = len(manifest["tables"])
    rows = sum(item["rows"] for item in manifest["tables"].values())
    assert (
        dumped == f"已备份单位 {unit.code}：{tables} 张表，{rows} 行，保存在 {folder}"
    )
    assert verified == (
        f"备份校验通过：{tables} 张表、{rows} 行与备份时一致，"
        "3 个加密字段均可解密，1 个附件完好"
    )
    assert {name.split(".")[0] for name in manifest["tables"]} == {
        unit.schema_name,
        "public",
    }
    assert _rows(fresh_database, "SELECT code FROM public.tenants_unit") == [
        (unit.code,)
    ]
    schemas = _rows(
        fresh_database,
        "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'u\\_%' ORDER BY 1",
    )
    assert schemas == [(unit.schema_name,)]
    assert _rows(
        fresh_database,
        "SELECT citizen_id_encrypted, phone_encrypted"
        f' FROM "{unit.schema_name}".supervision_petitioner',
    ) == _source_tokens(unit.schema_name)
    assert sorted(p.name for p in restored_media.rglob("*") if p.is_file()) == [
        "letter.pdf"
    ]


def test_a_corrupted_dump_fails_verification(committed_petition, db, tmp_path):
    folder = tmp_path / "full"
    _call("backup_dump", out=str(folder))
    dump = folder / backup.DUMP_FILE
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))

    with pytest.raises(CommandError) as error:
        _call("backup_verify", str(folder))

    assert str(error.value) == (
        "备份校验未通过：备份文件已损坏：database.dump 的校验值与备份清单不一致"
    )


def test_a_truncated_dump_with_a_matching_digest_fails_to_restore(
    committed_petition, db, tmp_path
):
    folder = tmp_path / "full"
    _call("backup_dump", out=str(folder))
    dump = folder / backup.DUMP_FILE
    dump.write_bytes(dump.read_bytes()[: dump.stat().st_size // 2])
    manifest_path = folder / backup.MANIFEST_FILE
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["dump_sha256"] = backup._sha256(dump)
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")

    with pytest.raises(CommandError) as error:
        _call("backup_verify", str(folder))

    assert str(error.value).startswith("备份校验未通过：备份无法恢复：恢复数据库失败：")


def test_a_table_that_differs_from_the_manifest_fails_verification(
    committed_petition, db, tmp_path
):
    tree = load_tree()
    name = f"{tree.units['county_a'].schema_name}.supervision_petitioner"
    folder = tmp_path / "full"
    _call("backup_dump", out=str(folder))
    manifest_path = folder / backup.MANIFEST_FILE
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["tables"][name]["md5"] = "0" * 32
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")

    with pytest.raises(CommandError) as error:
        _call("backup_verify", str(folder))

    assert str(error.value) == f"备份校验未通过：恢复后的数据与备份时不一致：{name}"


def test_a_damaged_attachment_fails_verification(
    committed_petition, db, tmp_path, media
):
    tree = load_tree()
    folder = tmp_path / "full"
    _call("backup_dump", out=str(folder))
    letter = f"{tree.units['county_a'].schema_name}/letter.pdf"
    (folder / backup.MEDIA_DIR / letter).write_bytes(b"%PDF-1.4 lettex")

    with pytest.raises(CommandError) as error:
        _call("backup_verify", str(folder))

    assert str(error.value) == f"备份校验未通过：备份中的附件缺失或已损坏：{letter}"


def test_a_backup_the_configured_keys_cannot_read_fails_verification(
    committed_petition, db, tmp_path, settings
):
    tree = load_tree()
    folder = tmp_path / "full"
    _call("backup_dump", out=str(folder))
    settings.FIELD_ENCRYPTION_SECRET = OTHER_SECRET
    settings.FIELD_ENCRYPTION_OLD_SECRETS = ()

    with pytest.raises(CommandError) as error:
        _call("backup_verify", str(folder))

    schema = tree.units["county_a"].schema_name
    assert str(error.value) == (
        f"备份校验未通过：单位模式 {schema} 中有信访人的 citizen_id_encrypted "
        "无法用当前配置的密钥解密；请确认 FIELD_ENCRYPTION_SECRET 与 FIELD_ENCRYPTION_OLD_SECRETS"
    )


def test_a_folder_without_a_backup_is_refused(db, tmp_path):
    with pytest.raises(CommandError) as error:
        _call("backup_verify", str(tmp_path))

    assert str(error.value) == (
        f"备份校验未通过：{tmp_path} 不是备份目录（缺少 manifest.json 或 database.dump）"
    )


def test_dumping_into_a_folder_that_holds_files_is_refused(db, tmp_path):
    (tmp_path / "keep.txt").write_text("keep")

    with pytest.raises(CommandError) as error:
        _call("backup_dump", out=str(tmp_path))

    assert str(error.value) == f"备份目录 {tmp_path} 不是空目录；请指定新的目录"
    assert sorted(p.name for p in Path(tmp_path).iterdir()) == ["keep.txt"]
