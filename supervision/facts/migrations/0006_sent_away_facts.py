"""Facts of transferred and escalated cases: 已转办/已上报, no closure date, so
办结 figures no longer count them; then the rollups are recomputed."""

from django.db import migrations

FACTS_SQL = """
UPDATE facts_casefact AS f
SET status = CASE l.kind WHEN 'transfer' THEN 'transferred' ELSE 'escalated' END,
    closed_on = NULL,
    closed_in_time = NULL
FROM crosslevel_caselink AS l
WHERE f.status = 'closed'
  AND l.source_petition_id = f.petition_id
  AND l.kind IN ('transfer', 'escalate')
  AND l.state <> 'withdrawn'
  AND f.closed_on = l.sent_on;
"""


def rollups_rebuild(apps, schema_editor):
    # The rollups are derived data: recompute them with the current definition.
    from supervision.facts.services import rollup_rebuild

    # The delta tables come with 0007.
    rollup_rebuild(deltas=False)


class Migration(migrations.Migration):
    dependencies = [
        ("facts", "0005_rollup_measures_closed_month"),
        ("crosslevel", "0005_report_notification_kinds"),
    ]

    operations = [
        migrations.RunSQL(FACTS_SQL, reverse_sql=migrations.RunSQL.noop),
        migrations.RunPython(rollups_rebuild, migrations.RunPython.noop),
    ]
