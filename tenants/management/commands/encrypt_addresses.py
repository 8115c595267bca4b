"""Encrypt petitioners' addresses stored in plain text, in every unit schema."""

from django.core.management.base import BaseCommand

from supervision.services.identity import petitioner_addresses_encrypt
from tenants.crossing import run_across_units
from tenants.models import Unit


class Command(BaseCommand):
    help = "加密各单位以明文保存的信访人住址（可重复执行）"

    def handle(self, *args, **options):
        counts = run_across_units(
            lambda unit: petitioner_addresses_encrypt(), units=Unit.objects.all()
        )
        self.stdout.write(
            f"已加密住址 {sum(counts.values())} 条，涉及单位 {len(counts)} 个"
        )
