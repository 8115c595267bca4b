# The inbox's model, moved from the cross-level app (crosslevel 0010). Its
# table, crosslevel_notification, was created there and stays: state only.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        # The table exists from here.
        ('crosslevel', '0009_result_report_attachments'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('case_received', '收到转办交办'), ('escalation_received', '收到上报'), ('objection', '管辖异议'), ('result_report', '报结'), ('report_returned', '报结退回'), ('supervision_order', '督办单'), ('supervision_reply', '督办回复'), ('deadline_warning', '临期预警'), ('overdue_reminder', '逾期催办'), ('overdue_bulletin', '逾期通报'), ('report_missing', '催报结'), ('problem_case', '问题件'), ('repeat_found', '重复信访提示'), ('review_received', '收到复查复核申请'), ('review_decided', '复查复核意见'), ('report_due_soon', '书面报告即将到期'), ('report_overdue', '书面报告逾期未报'), ('child_report_overdue', '下级书面报告逾期未报'), ('written_report_submitted', '下级书面报告待审核'), ('written_report_returned', '书面报告被退回'), ('situation_report', '重要情况报告')], max_length=24, verbose_name='类别')),
                        ('title', models.CharField(max_length=200, verbose_name='标题')),
                        ('body', models.TextField(blank=True, verbose_name='内容')),
                        ('subject_type', models.CharField(blank=True, max_length=24, verbose_name='对象类别')),
                        ('subject_id', models.CharField(blank=True, max_length=64, verbose_name='对象ID')),
                        ('dedupe_key', models.CharField(max_length=160, verbose_name='去重键')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='时间')),
                        ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='已读时间')),
                        ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='接收人')),
                    ],
                    options={
                        'verbose_name': '站内通知',
                        'verbose_name_plural': '站内通知',
                        'db_table': 'crosslevel_notification',
                        'ordering': ('-created_at', '-id'),
                        'indexes': [models.Index(fields=['recipient', 'read_at'], name='notification_inbox_idx')],
                        'constraints': [models.UniqueConstraint(fields=('recipient', 'dedupe_key'), name='notification_once')],
                    },
                ),
            ],
        ),
    ]
