# The inbox (Notification) moved to its own app, supervision.inbox, whose
# 0001 takes over the model; the table crosslevel_notification and its rows
# stay where they are: state only.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('crosslevel', '0009_result_report_attachments'),
        ('inbox', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(
                    name='Notification',
                ),
            ],
        ),
    ]
