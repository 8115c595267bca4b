"""Seed the demo: units, staff and whatever the other domains register. Idempotent."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from demo.units import DEMO_PASSWORD, seed_units_and_staff


class Command(BaseCommand):
    help = "生成演示数据（可重复执行，已有数据保留）"

    def handle(self, *args, **options):
        # Demo accounts share one published password: never in production.
        if settings.PRODUCTION:
            raise CommandError(
                "生产环境不允许生成演示数据（演示请设 ZUGONG_DEMO=true）"
            )
        logins = seed_units_and_staff()
        for path in getattr(settings, "DEMO_SEEDERS", []):
            message = import_string(path)()
            if message:
                self.stdout.write(str(message))
        self.stdout.write(
            f"演示账号（共 {len(logins)} 个，用户名为 u<单位代码>-<角色>，密码均为 {DEMO_PASSWORD}），例如："
        )
        shown = ("u320000-", "u320100-", "u320102-", "u320102002-")
        for login in logins:
            if login.username.startswith(shown):
                self.stdout.write(
                    f"  {login.username:<24} {login.unit}（{login.roles}）"
                )
