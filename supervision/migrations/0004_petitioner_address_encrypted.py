"""Petitioners' addresses get an encrypted column.

Tenant migrations are plain SQL (see tenants.provisioning), so the addresses
already stored are encrypted by `manage.py encrypt_addresses`, which empties
the plain column row by row; a later migration drops it.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0003_online_petitions"),
    ]

    operations = [
        migrations.AddField(
            model_name="petitioner",
            name="address_encrypted",
            field=models.TextField(blank=True, verbose_name="住址（密文）"),
        ),
        migrations.AlterField(
            model_name="petitioner",
            name="address",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="住址（旧明文，待加密）"
            ),
        ),
    ]
