"""Backup and restore of the whole system or of one unit, and their verification.

A backup is a folder: `database.dump` (pg_dump custom format), `media/` (a copy
of MEDIA_ROOT, or of the unit's part of it), and `manifest.json` naming what
was dumped, the SHA-256 of the dump file, and the row count and checksum of
every table as it was dumped. Verification restores the folder into a scratch
database (created and dropped here), compares every table with the manifest —
encrypted columns compare as ciphertext — and decrypts every identity token
with the configured keys, so a backup that the secrets at hand cannot read
fails before it is needed.

One unit is its schema plus the rows of the shared (public) schema that name
it: its `tenants_unit` row and every public row whose foreign key points to
that row (facts, links, petitioner keys, staff, ...), found from the catalog so
that a new public table is included without changing this module. Restored
into a fresh database, a unit comes with the whole public structure but only
its own public rows; references to other units (its parent) stay dangling
until those units are restored, so a unit backup is for recovering or
inspecting that unit, not for running it alone.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

import psycopg2
from django.conf import settings
from django.db import connection

from core.errors import DomainError
from tenants.models import Unit

DUMP_FILE = "database.dump"
PUBLIC_ROWS_DIR = "public_rows"
MEDIA_DIR = "media"
MANIFEST_FILE = "manifest.json"
FORMAT_VERSION = 1
# Schemas that are PostgreSQL's own, never part of a backup's comparison.
_SYSTEM_SCHEMAS = ("pg_catalog", "information_schema", "pg_toast")
_IDENTITY_COLUMNS = ("citizen_id_encrypted", "phone_encrypted", "address_encrypted")


class BackupErrorCode(StrEnum):
    NOT_A_BACKUP = "NOT_A_BACKUP"
    CORRUPTED = "CORRUPTED"
    RESTORE_FAILED = "RESTORE_FAILED"
    MISMATCH = "MISMATCH"
    UNDECRYPTABLE = "UNDECRYPTABLE"
    DUMP_FAILED = "DUMP_FAILED"


class BackupError(DomainError):
    """A backup that cannot be made, restored or verified; the message says why."""

    def __init__(self, code: BackupErrorCode, message: str):
        super().__init__(code, message)


@dataclass(frozen=True)
class Verification:
    tables: int
    rows: int
    tokens: int
    files: int


def pg_binary(name: str) -> str:
    """pg_dump / pg_restore of the server's major version.

    Looked for in PG_BINDIR, the embedded pgserver wheel, `pg_config --bindir`
    and Debian's /usr/lib/postgresql/<major>/bin, in that order; a client of
    another major version is passed over (an older pg_dump refuses a newer
    server, and a newer one writes dumps an older pg_restore cannot read).
    """
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        major = int(cursor.fetchone()[0]) // 10000
    candidates = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(Path(os.environ["PG_BINDIR"]))
    # Found, not imported: importing pgserver sets up its runtime directory.
    embedded = importlib.util.find_spec("pgserver")
    if embedded is not None and embedded.origin:
        candidates.append(Path(embedded.origin).parent / "pginstall" / "bin")
    if shutil.which("pg_config"):
        bindir = subprocess.run(
            ["pg_config", "--bindir"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if bindir:
            candidates.append(Path(bindir))
    candidates.append(Path(f"/usr/lib/postgresql/{major}/bin"))
    for directory in candidates:
        binary = directory / name
        if binary.exists() and _major_version(binary) == major:
            return str(binary)
    raise BackupError(
        BackupErrorCode.DUMP_FAILED,
        f"找不到与数据库服务器（PostgreSQL {major}）版本一致的 {name}；"
        "请安装对应版本的客户端或用 PG_BINDIR 指定其目录",
    )


def _major_version(binary: Path) -> int | None:
    # "pg_dump (PostgreSQL) 15.8 (Debian 15.8-0+deb12u1)"
    output = subprocess.run(
        [str(binary), "--version"], capture_output=True, text=True, check=False
    ).stdout.split()
    if len(output) < 3:
        return None
    major = output[2].split(".")[0]
    return int(major) if major.isdigit() else None


def _params(database: str | None = None) -> dict[str, str]:
    # The connection's settings, not settings.DATABASES: under test they name
    # the test database.
    default = connection.settings_dict
    params = {
        "dbname": database or default["NAME"],
        "user": default.get("USER") or "",
        "password": default.get("PASSWORD") or "",
        "host": default.get("HOST") or "",
        "port": str(default.get("PORT") or ""),
    }
    return {key: value for key, value in params.items() if value}


def _pg_env(params: dict[str, str]) -> dict[str, str]:
    names = {
        "dbname": "PGDATABASE",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "host": "PGHOST",
        "port": "PGPORT",
    }
    return {**os.environ, **{names[key]: value for key, value in params.items()}}


def _run(
    args: list[str], params: dict[str, str], what: str, code: BackupErrorCode
) -> None:
    result = subprocess.run(args, env=_pg_env(params), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(code, f"{what}失败：{result.stderr.strip()[-500:]}")


def _connect(params: dict[str, str]):
    return psycopg2.connect(**params)


@contextmanager
def _cursor(params: dict[str, str], *, autocommit: bool = False):
    """A cursor on its own connection, committed on success and always closed
    (psycopg2's own `with connection` neither closes nor allows autocommit DDL)."""
    conn = _connect(params)
    conn.autocommit = autocommit
    try:
        with conn.cursor() as cursor:
            yield cursor
        if not autocommit:
            conn.commit()
    finally:
        conn.close()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _tables(cursor, schemas: list[str] | None) -> list[tuple[str, str]]:
    cursor.execute(
        "SELECT table_schema, table_name FROM information_schema.tables"
        " WHERE table_type = 'BASE TABLE' AND NOT (table_schema = ANY(%s))"
        " ORDER BY 1, 2",
        [list(_SYSTEM_SCHEMAS)],
    )
    return [
        (schema, table)
        for schema, table in cursor.fetchall()
        if schemas is None or schema in schemas
    ]


def _table_sums(cursor, schema: str, table: str, where: str = "") -> dict:
    """Row count and an order-independent checksum of every column's text."""
    cursor.execute(
        f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))"
        f' FROM "{schema}"."{table}" t {where}'
    )
    count, checksum = cursor.fetchone()
    return {"rows": count, "md5": checksum}


def _unit_public_rows(cursor, unit_id: int) -> dict[str, str]:
    """Public tables and the WHERE clause selecting this unit's rows in each."""
    cursor.execute(
        "SELECT cl.relname, att.attname FROM pg_constraint con"
        " JOIN pg_class cl ON cl.oid = con.conrelid"
        " JOIN pg_namespace ns ON ns.oid = cl.relnamespace"
        " JOIN pg_attribute att ON att.attrelid = con.conrelid"
        "  AND att.attnum = ANY(con.conkey)"
        " WHERE con.contype = 'f' AND ns.nspname = 'public'"
        "  AND con.confrelid = 'public.tenants_unit'::regclass"
        " ORDER BY 1, 2"
    )
    columns: dict[str, list[str]] = {}
    for table, column in cursor.fetchall():
        columns.setdefault(table, []).append(column)
    clauses = {"tenants_unit": f"WHERE id = {int(unit_id)}"}
    for table, names in columns.items():
        if table == "tenants_unit":
            continue
        clauses[table] = "WHERE " + " OR ".join(
            f'"{name}" = {int(unit_id)}' for name in names
        )
    return clauses


def _checksums(params: dict[str, str], manifest: dict) -> dict[str, dict]:
    with _cursor(params) as cursor:
        return _checksums_in(cursor, manifest)


def _checksums_in(cursor, manifest: dict) -> dict[str, dict]:
    if manifest["unit"] is None:
        return {
            f"{schema}.{table}": _table_sums(cursor, schema, table)
            for schema, table in _tables(cursor, None)
        }
    sums = {
        f"{schema}.{table}": _table_sums(cursor, schema, table)
        for schema, table in _tables(cursor, [manifest["schema"]])
    }
    for table, where in manifest["public_rows"].items():
        sums[f"public.{table}"] = _table_sums(cursor, "public", table, where)
    return sums


def backup_dump(*, out: Path, unit_code: str | None = None) -> dict:
    """Dump the whole system (or one unit) into the folder `out`; returns the manifest."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise BackupError(
            BackupErrorCode.DUMP_FAILED, f"备份目录 {out} 不是空目录；请指定新的目录"
        )
    out.mkdir(parents=True, exist_ok=True)
    params = _params()
    manifest: dict = {
        "format": FORMAT_VERSION,
        "created_at": datetime.now(UTC).isoformat(),
        "unit": None,
        "schema": None,
        "public_rows": {},
    }
    args = [
        pg_binary("pg_dump"),
        "--format=custom",
        "--no-owner",
        "-f",
        str(out / DUMP_FILE),
    ]
    media_source = Path(settings.MEDIA_ROOT)
    if unit_code is not None:
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            raise BackupError(
                BackupErrorCode.DUMP_FAILED, f"没有代码为 {unit_code} 的单位"
            )
        with connection.cursor() as cursor:
            public_rows = _unit_public_rows(cursor, unit.pk)
        manifest.update(
            unit=unit.code, schema=unit.schema_name, public_rows=public_rows
        )
        # The unit's schema in full and the public structure; public rows are
        # copied below with only the unit's own rows.
        args += [
            "--schema",
            unit.schema_name,
            "--schema",
            "public",
            "--exclude-table-data",
            "public.*",
        ]
        media_source = media_source / unit.schema_name
    # One snapshot for pg_dump, the unit's public rows and the checksums, so a
    # system that keeps writing during the backup still verifies.
    conn = _connect(params)
    try:
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        cursor = conn.cursor()
        cursor.execute("SELECT pg_export_snapshot()")
        [snapshot] = cursor.fetchone()
        _run(
            [*args, f"--snapshot={snapshot}"],
            params,
            "导出数据库",
            BackupErrorCode.DUMP_FAILED,
        )
        if unit_code is not None:
            rows_dir = out / PUBLIC_ROWS_DIR
            rows_dir.mkdir()
            for table, where in manifest["public_rows"].items():
                with (rows_dir / f"{table}.copy").open("w", encoding="utf-8") as handle:
                    cursor.copy_expert(
                        f'COPY (SELECT * FROM public."{table}" {where}) TO STDOUT',
                        handle,
                    )
        manifest["tables"] = _checksums_in(cursor, manifest)
    finally:
        conn.close()
    if media_source.is_dir():
        shutil.copytree(media_source, out / MEDIA_DIR)
    manifest["dump_sha256"] = _sha256(out / DUMP_FILE)
    manifest["media"] = _media_digests(out / MEDIA_DIR)
    (out / MANIFEST_FILE).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True),
        encoding="utf-8",
    )
    return manifest


def _media_digests(root: Path) -> dict[str, str]:
    """SHA-256 of every attachment, by its path under the backup's media folder."""
    if not root.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): _sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _manifest(folder: Path) -> dict:
    path = Path(folder) / MANIFEST_FILE
    if not path.is_file() or not (Path(folder) / DUMP_FILE).is_file():
        raise BackupError(
            BackupErrorCode.NOT_A_BACKUP,
            f"{folder} 不是备份目录（缺少 {MANIFEST_FILE} 或 {DUMP_FILE}）",
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        raise BackupError(
            BackupErrorCode.CORRUPTED, f"备份清单 {MANIFEST_FILE} 已损坏"
        ) from None
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(
            BackupErrorCode.NOT_A_BACKUP, f"不支持的备份格式 {manifest.get('format')!r}"
        )
    if _sha256(Path(folder) / DUMP_FILE) != manifest["dump_sha256"]:
        raise BackupError(
            BackupErrorCode.CORRUPTED,
            "备份文件已损坏：database.dump 的校验值与备份清单不一致",
        )
    return manifest


def _without_public_schema(folder: Path, scratch: Path) -> str:
    """A restore list without `CREATE SCHEMA public`: a unit's dump names the
    schema (for its structure) and every fresh database already has it."""
    listing = subprocess.run(
        [pg_binary("pg_restore"), "-l", str(folder / DUMP_FILE)],
        capture_output=True,
        text=True,
    )
    if listing.returncode != 0:
        raise BackupError(
            BackupErrorCode.RESTORE_FAILED,
            f"恢复数据库失败：{listing.stderr.strip()[-500:]}",
        )
    entries = [
        line for line in listing.stdout.splitlines() if " SCHEMA - public " not in line
    ]
    path = scratch / "restore.list"
    path.write_text("\n".join(entries) + "\n", encoding="utf-8")
    return str(path)


def _load_public_rows(folder: Path, manifest: dict, params: dict[str, str]) -> None:
    with _cursor(params) as cursor:
        # Other units' rows are not in the backup, so the unit's rows load
        # without the foreign-key triggers (see the module docstring).
        cursor.execute("SET session_replication_role = replica")
        for table in manifest["public_rows"]:
            path = folder / PUBLIC_ROWS_DIR / f"{table}.copy"
            with path.open(encoding="utf-8") as handle:
                cursor.copy_expert(f'COPY public."{table}" FROM STDIN', handle)


def backup_restore(
    *, folder: Path, database: str, media_root: Path | None = None
) -> dict:
    """Restore the backup into the existing, empty database named `database`."""
    folder = Path(folder)
    manifest = _manifest(folder)
    params = _params(database)
    with tempfile.TemporaryDirectory() as scratch:
        selection = []
        if manifest["unit"] is not None:
            selection = ["-L", _without_public_schema(folder, Path(scratch))]
        _run(
            [
                pg_binary("pg_restore"),
                *selection,
                "--no-owner",
                "--exit-on-error",
                "-d",
                database,
                str(folder / DUMP_FILE),
            ],
            params,
            "恢复数据库",
            BackupErrorCode.RESTORE_FAILED,
        )
    if manifest["unit"] is not None:
        # After the constraints are made: the unit's rows name other units
        # (its parent) that are not in the backup.
        _load_public_rows(folder, manifest, params)
    if media_root is not None and (folder / MEDIA_DIR).is_dir():
        target = Path(media_root)
        if manifest["unit"] is not None:
            target = target / manifest["schema"]
        shutil.copytree(folder / MEDIA_DIR, target, dirs_exist_ok=True)
    return manifest


def _admin(sql: str) -> None:
    with _cursor(_params("postgres"), autocommit=True) as cursor:
        cursor.execute(sql)


def create_database(name: str) -> None:
    _admin(f'CREATE DATABASE "{name}" TEMPLATE template0')


def drop_database(name: str) -> None:
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _decrypt_all(params: dict[str, str], manifest: dict) -> int:
    from supervision.rules.crypto import DecryptionError
    from supervision.rules.keys import PetitionerKeyKind
    from supervision.services.identity import address_decrypt, identity_decrypt

    decrypt = {
        "citizen_id_encrypted": lambda token: identity_decrypt(
            PetitionerKeyKind.CITIZEN_ID, token
        ),
        "phone_encrypted": lambda token: identity_decrypt(
            PetitionerKeyKind.PHONE, token
        ),
        "address_encrypted": address_decrypt,
    }
    tokens = 0
    with _cursor(params) as cursor:
        schemas = [
            schema
            for schema, table in _tables(cursor, None)
            if table == "supervision_petitioner"
        ]
        for schema in schemas:
            cursor.execute(
                f'SELECT {", ".join(_IDENTITY_COLUMNS)} FROM "{schema}".supervision_petitioner'
            )
            for row in cursor.fetchall():
                for column, token in zip(_IDENTITY_COLUMNS, row, strict=True):
                    if not token:
                        continue
                    try:
                        decrypt[column](token)
                    except DecryptionError:
                        raise BackupError(
                            BackupErrorCode.UNDECRYPTABLE,
                            f"单位模式 {schema} 中有信访人的 {column} 无法用当前配置的密钥解密；"
                            "请确认 FIELD_ENCRYPTION_SECRET 与 FIELD_ENCRYPTION_OLD_SECRETS",
                        ) from None
                    tokens += 1
    return tokens


def backup_verify(*, folder: Path) -> Verification:
    """Restore into a scratch database, compare every table, decrypt every token."""
    folder = Path(folder)
    manifest = _manifest(folder)
    media = _media_digests(folder / MEDIA_DIR)
    damaged = sorted(
        name
        for name in set(manifest["media"]) | set(media)
        if manifest["media"].get(name) != media.get(name)
    )
    if damaged:
        raise BackupError(
            BackupErrorCode.CORRUPTED,
            f"备份中的附件缺失或已损坏：{'、'.join(damaged)}",
        )
    scratch = f"zugong_verify_{os.getpid()}_{datetime.now(UTC):%H%M%S%f}"
    create_database(scratch)
    try:
        try:
            backup_restore(folder=folder, database=scratch)
        except BackupError as error:
            raise BackupError(
                BackupErrorCode.RESTORE_FAILED, f"备份无法恢复：{error.message}"
            ) from None
        restored = _checksums(_params(scratch), manifest)
        expected = manifest["tables"]
        missing = sorted(set(expected) - set(restored))
        if missing:
            raise BackupError(
                BackupErrorCode.MISMATCH, f"恢复后缺少数据表：{'、'.join(missing)}"
            )
        differing = sorted(
            name for name in expected if restored[name] != expected[name]
        )
        if differing:
            raise BackupError(
                BackupErrorCode.MISMATCH,
                f"恢复后的数据与备份时不一致：{'、'.join(differing)}",
            )
        tokens = _decrypt_all(_params(scratch), manifest)
    finally:
        drop_database(scratch)
    return Verification(
        tables=len(expected),
        rows=sum(item["rows"] for item in expected.values()),
        tokens=tokens,
        files=len(media),
    )
