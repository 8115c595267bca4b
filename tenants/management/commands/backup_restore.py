"""Restore a backup folder into an existing, empty database."""

from django.core.management.base import BaseCommand, CommandError

from tenants.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "把备份目录恢复到一个已创建的空数据库（--database 数据库名）；"
        "--media-root 指定时一并恢复附件"
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="backup_dump 生成的备份目录")
        parser.add_argument(
            "--database", required=True, help="目标数据库名（须为空库）"
        )
        parser.add_argument("--media-root", default=None, help="附件恢复到的目录")

    def handle(self, *args, folder, database, media_root=None, **options):
        try:
            manifest = backup_restore(
                folder=folder, database=database, media_root=media_root
            )
        except BackupError as error:
            raise CommandError(error.message) from error
        what = f"单位 {manifest['unit']}" if manifest["unit"] else "整个系统"
        self.stdout.write(f"已将{what}的备份恢复到数据库 {database}")
