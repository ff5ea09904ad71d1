"""More planner statistics for the bigram index's expression (ADR 0014): ANALYZE keeps the 10,000
most common bigrams instead of 1,000, so ``publication.search`` and the planner can tell a common
2-character term from a rare one in a corpus with many distinct bigrams. PostgreSQL only."""

from django.db import migrations


def more_statistics(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("ALTER INDEX publication_search_grams ALTER COLUMN 1 SET STATISTICS 1000")


def default_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("ALTER INDEX publication_search_grams ALTER COLUMN 1 SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [("publication", "0006_search_grams_index")]
    operations = [migrations.RunPython(more_statistics, default_statistics)]
