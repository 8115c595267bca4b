"""The overview figures of units' subtrees, or of the national level, as JSON:
one document a line, in the order asked for."""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from core.errors import DomainError
from supervision.facts.national import (
    NationalOverview,
    overview_document,
    unit_overview,
)
from supervision.facts.selectors import DEFAULT_DUE_SOON_DAYS, period_parse


class Command(BaseCommand):
    help = (
        "以 JSON 输出汇总视图的全部数字，每行一份：--unit 为该单位（含下级，可重复），"
        "--national 或不给单位为全国（各省合计）；在报送库或任一省级数据库上只读运行"
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="from_month", required=True, help="YYYY-MM")
        parser.add_argument("--to", dest="to_month", required=True, help="YYYY-MM")
        parser.add_argument(
            "--unit", action="append", default=[], help="单位代码，可重复"
        )
        parser.add_argument("--national", action="store_true", help="全国（各省合计）")
        parser.add_argument("--today", default=None, help="YYYY-MM-DD，默认今天")
        parser.add_argument("--due-soon-days", type=int, default=DEFAULT_DUE_SOON_DAYS)

    def handle(
        self,
        *args,
        from_month,
        to_month,
        unit,
        national,
        today,
        due_soon_days,
        **options,
    ):
        try:
            today_date = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"日期格式应为YYYY-MM-DD，收到：{today}") from error
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION READ ONLY")
                period = period_parse(from_month=from_month, to_month=to_month)
                overviews = [unit_overview(unit_code=c, period=period) for c in unit]
                if national or not unit:
                    overviews.append(NationalOverview(period))
                documents = [
                    overview_document(
                        overview, today=today_date, due_soon_days=due_soon_days
                    )
                    for overview in overviews
                ]
        except DomainError as error:
            raise CommandError(f"[{error.code}] {error.message}") from error
        for document in documents:
            self.stdout.write(json.dumps(document, ensure_ascii=False))
