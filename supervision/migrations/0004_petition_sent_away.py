"""Transferred and escalated cases end at the sender as 已转办/已上报, not 已办结.

Existing rows are moved with SQL (tenant migrations must stay expressible as
SQL, see tenants/provisioning.py): a case is one a send ended when it is still
closed on the day of a send that was not withdrawn, and the last change of its
status was that send.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('supervision', '0003_online_petitions'),
        ('tenants', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='petition',
            name='sent_on',
            field=models.DateField(blank=True, null=True, verbose_name='转出日期'),
        ),
        migrations.AddField(
            model_name='petition',
            name='sent_to',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='tenants.unit', verbose_name='转往单位'),
        ),
        migrations.AlterField(
            model_name='petition',
            name='status',
            field=models.CharField(choices=[('registered', '待受理'), ('accepted', '已受理待交办'), ('handling', '办理中'), ('awaiting_closure', '待结案审核'), ('closed', '已办结'), ('archived', '已归档'), ('declined', '不予受理'), ('referred', '已告知向有权机关提出'), ('transferred', '已转办'), ('escalated', '已上报')], default='registered', max_length=24, verbose_name='状态'),
        ),
        migrations.RunSQL(
            sql="""
UPDATE supervision_petition AS p
SET status = CASE l.kind WHEN 'transfer' THEN 'transferred' ELSE 'escalated' END,
    sent_on = l.sent_on,
    sent_to_id = l.target_unit_id,
    closed_on = NULL,
    closed_by_id = NULL
FROM crosslevel_caselink AS l
WHERE p.status = 'closed'
  AND l.source_petition_id = p.id
  AND l.kind IN ('transfer', 'escalate')
  AND l.state <> 'withdrawn'
  AND p.closed_on = l.sent_on
  AND (
    SELECT e.action FROM supervision_petitionevent AS e
    WHERE e.petition_id = p.id AND e.after ? 'status'
    ORDER BY e.created_at DESC, e.id DESC LIMIT 1
  ) = 'sent_across';
""",
            reverse_sql="""
UPDATE supervision_petition
SET status = 'closed', closed_on = sent_on, sent_on = NULL, sent_to_id = NULL
WHERE status IN ('transferred', 'escalated');
""",
        ),
    ]
