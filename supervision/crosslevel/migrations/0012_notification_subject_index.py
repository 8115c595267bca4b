from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("crosslevel", "0009_result_report_attachments"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(
                fields=["subject_id", "subject_type"], name="notification_subject_idx"
            ),
        ),
    ]
