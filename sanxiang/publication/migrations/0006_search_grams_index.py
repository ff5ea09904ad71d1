"""The portal's bigram word index (ADR 0014): fill ``search_grams`` (and bring ``search_text`` to the
normalised form the search compares in) for the items already published, in batches; then, on
PostgreSQL only, a GIN index on ``to_tsvector('simple', search_grams)`` so that a 2-character term is
found without scanning every published item. The functions are copied here, not imported, so this
migration keeps its meaning when ``publication.search`` changes."""

import re
import unicodedata

from django.db import migrations

BATCH = 2000
_RUN = re.compile(r"[^\W_]+")


def _normalise(text):
    return unicodedata.normalize("NFKC", text or "").lower()


def _grams(text):
    seen = {}
    for run in _RUN.findall(_normalise(text)):
        for gram in [run[i : i + 2] for i in range(len(run) - 1)] if len(run) > 1 else [run]:
            seen.setdefault(gram, None)
    return " ".join(seen)


def fill(apps, schema_editor):
    Record = apps.get_model("publication", "Record")
    rows = Record.objects.using(schema_editor.connection.alias).exclude(search_text="")
    last = 0
    while True:
        batch = list(rows.filter(pk__gt=last).order_by("pk").only("pk", "search_text")[:BATCH])
        if not batch:
            return
        for record in batch:
            record.search_text = _normalise(record.search_text)
            record.search_grams = _grams(record.search_text)
        Record.objects.using(schema_editor.connection.alias).bulk_update(
            batch, ["search_text", "search_grams"]
        )
        last = batch[-1].pk


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS publication_search_grams ON publication_record "
            "USING gin (to_tsvector('simple'::regconfig, search_grams))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS publication_search_grams")


class Migration(migrations.Migration):
    dependencies = [("publication", "0005_removal_content_grams")]
    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
