"""Refuse DELETE, and any UPDATE but the one withdrawal, on evidence items while the record log is
append-only (sanxiang.evidence.triggers)."""

from django.db import migrations


def install(apps, schema_editor):
    from sanxiang.evidence import triggers

    triggers.install(schema_editor.connection)


def remove(apps, schema_editor):
    from sanxiang.evidence import triggers

    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0001_initial"),
        ("recordlog", "0002_append_only_triggers"),
    ]

    operations = [migrations.RunPython(install, remove)]
