"""Print the reporting subscriptions of this database and their tables' states."""

from django.core.management.base import BaseCommand

from supervision.facts.replication import subscription_states

STATE_LABELS = {
    "i": "待复制",
    "d": "复制中",
    "f": "同步中",
    "s": "同步中",
    "r": "就绪",
}


class Command(BaseCommand):
    help = "列出报送库的订阅及各表的复制状态"

    def handle(self, *args, **options):
        states = subscription_states()
        if not states:
            self.stdout.write("没有报送订阅")
        for state in states:
            tables = "，".join(
                f"{table} {STATE_LABELS.get(code, code)}"
                for table, code in sorted(state.tables.items())
            )
            self.stdout.write(
                f"{state.name}：{'启用' if state.enabled else '停用'}，"
                f"已接收至 {state.received_lsn or '—'}；{tables}"
            )
