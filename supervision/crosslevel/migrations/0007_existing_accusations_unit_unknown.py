"""Accusations registered before the accused's unit was required carry no
record of it; mark their accused's unit as unknown (所在单位不详), so that
sending one below needs a leader's decision like any new one. Read from the
public case facts (no personal data, no unit schema)."""

from django.db import migrations

BATCH = 2000


def mark_unknown(apps, schema_editor):
    CaseFact = apps.get_model("facts", "CaseFact")
    CaseSubject = apps.get_model("crosslevel", "CaseSubject")
    recorded = CaseSubject.objects.values("petition_id")
    facts = (
        CaseFact.objects.filter(legal_type="accusation")
        .exclude(petition_id__in=recorded)
        .select_related("unit")
        .only("petition_id", "unit", "accused_level", "unit__level")
    )
    rows = [
        CaseSubject(
            unit_id=fact.unit_id,
            petition_id=fact.petition_id,
            accused_unit=None,
            position=None,
            managing_level=fact.accused_level or fact.unit.level,
            is_main_leader=False,
        )
        for fact in facts.iterator(chunk_size=BATCH)
    ]
    CaseSubject.objects.bulk_create(rows, batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("crosslevel", "0006_accused_unit_unknown_and_decisions"),
        ("facts", "0004_open_rollup"),
    ]

    operations = [migrations.RunPython(mark_unknown, migrations.RunPython.noop)]
