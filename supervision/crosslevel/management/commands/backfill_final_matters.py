"""Enter matters already decided by 复核 in the registry of final matters.

Every 复核 decision enters its matter as it is made; this fills the registry
for matters made final before it existed or restored from a dump. The demo
seed runs it, and `rebuild_facts` reports (`--fix` repairs) what it would
enter; a second run enters nothing.
"""

from django.core.management.base import BaseCommand

from supervision.crosslevel.finality import final_matter_backfill


class Command(BaseCommand):
    help = "将已经复核终结的信访事项补录入复核终结事项登记（可重复执行）"

    def handle(self, *args, **options):
        entered = final_matter_backfill()
        self.stdout.write(f"复核终结事项：补录 {entered} 件")
