"""Write graphql_api/schema.graphql from the code (the contract other systems use)."""

from pathlib import Path

from django.core.management.base import BaseCommand
from graphql import print_schema

from graphql_api.schema import schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


class Command(BaseCommand):
    help = "打印 GraphQL 模式到 graphql_api/schema.graphql"

    def handle(self, *args, **options):
        SCHEMA_FILE.write_text(
            print_schema(schema.graphql_schema).strip() + "\n", encoding="utf-8"
        )
        self.stdout.write(f"wrote {SCHEMA_FILE}")
