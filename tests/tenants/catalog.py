"""What a unit schema is made of, read from PostgreSQL's catalog."""

from django.db import connection

CATALOG_QUERIES = {
    "columns": """
        SELECT table_name, column_name, data_type, is_nullable, column_default
        FROM information_schema.columns WHERE table_schema = %s
        ORDER BY table_name, column_name""",
    "indexes": """
        SELECT tablename, indexname, replace(indexdef, %s, 'S') FROM pg_indexes
        WHERE schemaname = %s ORDER BY tablename, indexname""",
    "constraints": """
        SELECT conrelid::regclass::text, conname, contype, pg_get_constraintdef(c.oid)
        FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
        WHERE n.nspname = %s ORDER BY 1, 2""",
}


def catalog(schema: str) -> dict:
    """A schema's columns, indexes, constraints (its name replaced by S) and
    recorded migrations, for comparing two schemas."""
    result = {}
    with connection.cursor() as cursor:
        for name, sql in CATALOG_QUERIES.items():
            params = [schema + ".", schema] if name == "indexes" else [schema]
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            result[name] = [
                tuple(str(v).replace(schema + ".", "S.") for v in row) for row in rows
            ]
        cursor.execute(
            f'SELECT app, name FROM "{schema}".django_migrations ORDER BY id'
        )
        result["migrations"] = cursor.fetchall()
    return result
