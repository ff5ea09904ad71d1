"""On PostgreSQL, a pg_trgm GIN index on the portal's search column: substring searches of three or
more characters (party names, credit codes, document numbers; CJK included under a UTF-8 ctype) use
it instead of scanning every published item. Optional: where the extension cannot be created (no
privilege), the search still works, only slower — the migration says so and goes on."""

from django.db import DatabaseError, migrations, transaction


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS publication_search_trgm ON publication_record "
                "USING gin (search_text gin_trgm_ops)"
            )
    except DatabaseError as exc:
        print(f"publication: no trigram index ({exc}); portal search scans the published items")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS publication_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("publication", "0002_outboxmessage_pushattempt_and_more")]
    operations = [migrations.RunPython(create, drop)]
