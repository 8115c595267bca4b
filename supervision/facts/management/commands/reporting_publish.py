"""Set up the reporting publication on a province database (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from supervision.facts.replication import PUBLICATION, publication_setup


class Command(BaseCommand):
    help = (
        "在省级数据库上设置报送发布（逻辑复制）：已发布表的编号移入本省编号段，"
        "发布单位树、案件事实、汇总与督办单的非个人信息列；可重复运行"
    )

    def handle(self, *args, **options):
        try:
            result = publication_setup()
        except DomainError as error:
            raise CommandError(f"[{error.code}] {error.message}") from error
        moved = sum(result.renumbered.values())
        self.stdout.write(
            f"省份 {result.province_code}：发布 {PUBLICATION}"
            f"{'已创建' if result.created else '已更新'}，{len(result.tables)} 张表，"
            f"编号段起于 {result.id_base}，重新编号 {moved} 行"
        )
