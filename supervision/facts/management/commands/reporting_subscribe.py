"""Subscribe the reporting database to a province's publication (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from supervision.facts.replication import subscription_setup, subscription_wait


class Command(BaseCommand):
    help = (
        "在报送库上订阅一个省级数据库的报送发布（逻辑复制）；可重复运行，"
        "已有订阅则更新连接并刷新表"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province-url",
            required=True,
            action="append",
            help="省级数据库的连接地址（postgres://…），可重复给出",
        )
        parser.add_argument(
            "--wait",
            type=float,
            default=0,
            help="等待初始复制完成的秒数（0 为不等待）",
        )

    def handle(self, *args, province_url, wait, **options):
        try:
            for url in province_url:
                result = subscription_setup(province_url=url)
                self.stdout.write(
                    f"省份 {result.province_code}：订阅 {result.subscription}"
                    f"{'已创建' if result.created else '已更新'}，{len(result.tables)} 张表"
                )
            if wait:
                states = subscription_wait(timeout=wait)
                self.stdout.write(f"{len(states)} 个订阅的初始复制已完成")
        except DomainError as error:
            raise CommandError(f"[{error.code}] {error.message}") from error
