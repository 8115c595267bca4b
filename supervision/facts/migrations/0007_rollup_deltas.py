"""Append-only rollup deltas, folded into the rollups; views readers sum."""


import datetime
from django.db import migrations, models

# The measure columns as of this migration: a migration that adds a measure
# adds it to both tables and recreates the views with it
# (tests/supervision/facts/test_rollup_deltas.py checks the views' columns).
MEASURE_COLUMNS = (
    "received", "received_from_above", "acceptance_decided", "accepted_in_time",
    "accepted", "not_accepted", "closed", "closed_in_time", "closed_at_once",
    "open", "self_handled", "transferred", "assigned", "supervised", "repeat",
    "skip_level", "multi_send", "collective", "collective_headcount",
    "satisfaction_rated", "satisfied",
)
KEY = "unit_id, dimension, month, value, closed_month"
COUNTS = ", ".join(MEASURE_COLUMNS)
VIEWS_SQL = f"""
CREATE VIEW facts_casefactrollup_current AS
    SELECT id, {KEY}, {COUNTS} FROM facts_casefactrollup
    UNION ALL
    SELECT -id, {KEY}, {COUNTS} FROM facts_casefactrollupdelta;
CREATE VIEW facts_casefactopenrollup_current AS
    SELECT id, unit_id, due_on, open FROM facts_casefactopenrollup
    UNION ALL
    SELECT -id, unit_id, due_on, open FROM facts_casefactopenrollupdelta;
"""
DROP_VIEWS_SQL = """
DROP VIEW facts_casefactrollup_current;
DROP VIEW facts_casefactopenrollup_current;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('facts', '0006_sent_away_facts'),
    ]

    operations = [
        migrations.CreateModel(
            name='CaseFactOpenRollupCurrent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('due_on', models.DateField(verbose_name='当前期限')),
                ('open', models.IntegerField(default=0, verbose_name='在办数')),
            ],
            options={
                'verbose_name': '在办案件期限汇总（含未合并增量）',
                'verbose_name_plural': '在办案件期限汇总（含未合并增量）',
                'db_table': 'facts_casefactopenrollup_current',
                'managed': False,
            },
        ),
        migrations.CreateModel(
            name='CaseFactRollupCurrent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('dimension', models.CharField(choices=[('all', '合计'), ('channel', '来源渠道'), ('legal_type', '类型'), ('topic', '问题类别'), ('accused_unit', '被反映人所在单位')], max_length=16, verbose_name='维度')),
                ('month', models.DateField(verbose_name='月份')),
                ('value', models.CharField(blank=True, max_length=100, verbose_name='维度取值')),
                ('closed_month', models.DateField(default=datetime.date(9999, 12, 1), verbose_name='结束月份')),
                ('received', models.IntegerField(default=0, verbose_name='收件总数')),
                ('received_from_above', models.IntegerField(default=0, verbose_name='上级转交办')),
                ('acceptance_decided', models.IntegerField(default=0, verbose_name='已作受理决定')),
                ('accepted_in_time', models.IntegerField(default=0, verbose_name='及时受理')),
                ('accepted', models.IntegerField(default=0, verbose_name='受理')),
                ('not_accepted', models.IntegerField(default=0, verbose_name='不予受理')),
                ('closed', models.IntegerField(default=0, verbose_name='办结')),
                ('closed_in_time', models.IntegerField(default=0, verbose_name='按期办结')),
                ('closed_at_once', models.IntegerField(default=0, verbose_name='一次性办结')),
                ('open', models.IntegerField(default=0, verbose_name='在办')),
                ('self_handled', models.IntegerField(default=0, verbose_name='自办')),
                ('transferred', models.IntegerField(default=0, verbose_name='转办')),
                ('assigned', models.IntegerField(default=0, verbose_name='交办')),
                ('supervised', models.IntegerField(default=0, verbose_name='被督办')),
                ('repeat', models.IntegerField(default=0, verbose_name='重信重访')),
                ('skip_level', models.IntegerField(default=0, verbose_name='越级访')),
                ('multi_send', models.IntegerField(default=0, verbose_name='一信多投')),
                ('collective', models.IntegerField(default=0, verbose_name='集体访')),
                ('collective_headcount', models.IntegerField(default=0, verbose_name='集体访人次')),
                ('satisfaction_rated', models.IntegerField(default=0, verbose_name='已测评满意度')),
                ('satisfied', models.IntegerField(default=0, verbose_name='满意及基本满意')),
            ],
            options={
                'verbose_name': '案件月度汇总（含未合并增量）',
                'verbose_name_plural': '案件月度汇总（含未合并增量）',
                'db_table': 'facts_casefactrollup_current',
                'managed': False,
            },
        ),
        migrations.CreateModel(
            name='CaseFactOpenRollupDelta',
            fields=[
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('unit_id', models.BigIntegerField(verbose_name='单位（含下级）')),
                ('due_on', models.DateField(verbose_name='当前期限')),
                ('open', models.IntegerField(default=0, verbose_name='在办数')),
            ],
            options={
                'verbose_name': '在办案件期限汇总增量',
                'verbose_name_plural': '在办案件期限汇总增量',
                'indexes': [models.Index(fields=['unit_id'], name='fact_open_delta_idx')],
            },
        ),
        migrations.CreateModel(
            name='CaseFactRollupDelta',
            fields=[
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('unit_id', models.BigIntegerField(verbose_name='单位（含下级）')),
                ('dimension', models.CharField(choices=[('all', '合计'), ('channel', '来源渠道'), ('legal_type', '类型'), ('topic', '问题类别'), ('accused_unit', '被反映人所在单位')], max_length=16, verbose_name='维度')),
                ('month', models.DateField(verbose_name='月份')),
                ('value', models.CharField(blank=True, max_length=100, verbose_name='维度取值')),
                ('closed_month', models.DateField(default=datetime.date(9999, 12, 1), verbose_name='结束月份')),
                ('received', models.IntegerField(default=0, verbose_name='收件总数')),
                ('received_from_above', models.IntegerField(default=0, verbose_name='上级转交办')),
                ('acceptance_decided', models.IntegerField(default=0, verbose_name='已作受理决定')),
                ('accepted_in_time', models.IntegerField(default=0, verbose_name='及时受理')),
                ('accepted', models.IntegerField(default=0, verbose_name='受理')),
                ('not_accepted', models.IntegerField(default=0, verbose_name='不予受理')),
                ('closed', models.IntegerField(default=0, verbose_name='办结')),
                ('closed_in_time', models.IntegerField(default=0, verbose_name='按期办结')),
                ('closed_at_once', models.IntegerField(default=0, verbose_name='一次性办结')),
                ('open', models.IntegerField(default=0, verbose_name='在办')),
                ('self_handled', models.IntegerField(default=0, verbose_name='自办')),
                ('transferred', models.IntegerField(default=0, verbose_name='转办')),
                ('assigned', models.IntegerField(default=0, verbose_name='交办')),
                ('supervised', models.IntegerField(default=0, verbose_name='被督办')),
                ('repeat', models.IntegerField(default=0, verbose_name='重信重访')),
                ('skip_level', models.IntegerField(default=0, verbose_name='越级访')),
                ('multi_send', models.IntegerField(default=0, verbose_name='一信多投')),
                ('collective', models.IntegerField(default=0, verbose_name='集体访')),
                ('collective_headcount', models.IntegerField(default=0, verbose_name='集体访人次')),
                ('satisfaction_rated', models.IntegerField(default=0, verbose_name='已测评满意度')),
                ('satisfied', models.IntegerField(default=0, verbose_name='满意及基本满意')),
            ],
            options={
                'verbose_name': '案件月度汇总增量',
                'verbose_name_plural': '案件月度汇总增量',
                'indexes': [models.Index(fields=['unit_id', 'month'], name='fact_rollup_delta_idx')],
            },
        ),
        migrations.RunSQL(VIEWS_SQL, reverse_sql=DROP_VIEWS_SQL),
    ]
