"""`make bench`: the workbench's first-load size, as `name value unit`."""

from django.core.management.base import BaseCommand, CommandError

from frontend.workbench import DIST, initial_size_gzip


class Command(BaseCommand):
    help = "基准测试：工作台首次加载的 JS 与 CSS 体积（gzip）"

    def handle(self, *args, **options):
        if not (DIST / "index.html").is_file():
            raise CommandError("工作台尚未构建：请先运行 make frontend")
        size_kb = initial_size_gzip() / 1024
        self.stdout.write(f"workbench_initial_kb {size_kb:.1f} KB")
