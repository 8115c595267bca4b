"""`make bench`: the workbench's and the portal's first-load size and the case page's time to
interactive, as `name value unit`."""

from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from bench.case_page import case_page_ms
from bench.page import CHROMIUM
from demo.units import DEMO_PASSWORD
from frontend.workbench import DIST, initial_size_gzip


class Command(BaseCommand):
    help = "基准测试：工作台首次加载的 JS 与 CSS 体积（gzip）及案件页可交互时间"

    def handle(self, *args, **options):
        if not (DIST / "index.html").is_file():
            raise CommandError("工作台尚未构建：请先运行 make frontend")
        size_kb = initial_size_gzip() / 1024
        self.stdout.write(f"workbench_initial_kb {size_kb:.1f} KB")
        if (DIST / "portal.html").is_file():
            portal_kb = initial_size_gzip(page="portal.html") / 1024
            self.stdout.write(f"portal_initial_kb {portal_kb:.1f} KB")
        if not Path(CHROMIUM).exists():
            raise CommandError("缺少 Chromium：请先运行 make browser")
        # The case page is timed on the demo data, as `make run` serves it.
        call_command("migrate_units", stdout=StringIO())
        call_command("seed_demo", stdout=StringIO())
        timings = case_page_ms(DEMO_PASSWORD)
        # case_page_ms: the case and its actions rendered and the last request
        # answered; case_page_networkidle_ms: the first definition (header,
        # then 500 ms without a request), printed beside it for comparison.
        self.stdout.write(f"case_page_ms {timings['interactive']:.0f} ms")
        self.stdout.write(f"case_page_networkidle_ms {timings['networkidle']:.0f} ms")
