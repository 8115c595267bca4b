"""migrate_units works in batches: a line per batch, each batch recorded when
done, so an interrupted run resumes with the schemas it had not reached."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tenants import provisioning
from tenants.models import Unit
from tenants.provisioning import BatchResult, migrate_units, schema_version_of_code


@pytest.fixture
def stale(tree, monkeypatch):
    """Four units marked stale; the per-schema migrate is recorded, not run
    (the schemas are current), and connections stay open for the test's
    transaction."""
    names = list(
        Unit.objects.order_by("path").values_list("schema_name", flat=True)[:4]
    )
    Unit.objects.filter(schema_name__in=names).update(schema_version="old")
    calls = []

    def worker(batch, version):
        calls.append(list(batch))
        return BatchResult()

    monkeypatch.setattr(provisioning, "_migrate_schemas_worker", worker)
    monkeypatch.setattr(provisioning.connections, "close_all", lambda: None)
    return names, calls


def _current(names):
    version = schema_version_of_code()
    return sorted(
        Unit.objects.filter(schema_name__in=names, schema_version=version).values_list(
            "schema_name", flat=True
        )
    )


def test_batches_are_migrated_and_reported(stale):
    names, calls = stale
    lines = []

    run = migrate_units(processes=1, batch_size=3, progress=lines.append)

    assert calls == [names[:3], names[3:]]
    assert run.migrated == names and run.failed == {}
    assert _current(names) == sorted(names)
    assert [line.split("，已用")[0] for line in lines] == [
        "迁移单位模式：3/4（75%），失败 0",
        "迁移单位模式：4/4（100%），失败 0",
    ]
    assert "预计剩余" in lines[0] and lines[1].endswith("完成")


def test_an_interrupted_run_keeps_its_finished_batches(stale, monkeypatch):
    names, calls = stale

    def interrupted(batch, version):
        if calls:
            raise KeyboardInterrupt
        calls.append(list(batch))
        return BatchResult()

    monkeypatch.setattr(provisioning, "_migrate_schemas_worker", interrupted)
    with pytest.raises(KeyboardInterrupt):
        migrate_units(processes=1, batch_size=2)

    assert _current(names) == sorted(names[:2])
    calls.clear()
    monkeypatch.setattr(
        provisioning,
        "_migrate_schemas_worker",
        lambda batch, version: calls.append(batch) or BatchResult(),
    )
    resumed = migrate_units(processes=1, batch_size=2)
    assert calls == [names[2:]]
    assert resumed.migrated == names[2:]
    assert _current(names) == sorted(names)


def test_a_failed_schema_stays_stale_and_is_counted(stale, monkeypatch):
    names, _ = stale
    monkeypatch.setattr(
        provisioning,
        "_migrate_schemas_worker",
        lambda batch, version: BatchResult(
            failed={batch[0]: "ProgrammingError: x"} if names[0] in batch else {}
        ),
    )
    lines = []

    run = migrate_units(processes=1, batch_size=2, progress=lines.append)

    assert run.failed == {names[0]: "ProgrammingError: x"}
    assert _current(names) == sorted(names[1:])
    assert "失败 1" in lines[-1]


def test_the_command_takes_the_batch_size(stale):
    names, calls = stale
    out, err = StringIO(), StringIO()

    call_command(
        "migrate_units",
        "--skip-shared",
        "--processes",
        "1",
        "--batch-size",
        "3",
        stdout=out,
        stderr=err,
    )

    assert calls == [names[:3], names[3:]]
    assert len(err.getvalue().splitlines()) == 2
    with pytest.raises(CommandError, match="--batch-size 须为正整数"):
        call_command("migrate_units", "--skip-shared", "--batch-size", "0")
