"""Import a unit tree from CSV or JSON; existing units are left as they are."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from tenants.services.units import units_import
from tenants.unit_files import read_unit_specs


class Command(BaseCommand):
    help = "导入单位树（CSV 或 JSON：code, name, short_name, level, parent_code）"

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        if not path.exists():
            raise CommandError(f"文件不存在：{path}")
        try:
            created, existing = units_import(
                specs=read_unit_specs(path), progress=self.stderr.write
            )
        except DomainError as error:
            raise CommandError(
                f"[{error.code}] {error.message}（未导入任何单位）"
            ) from error
        self.stdout.write(f"新建 {len(created)} 个单位，已存在 {existing} 个")
