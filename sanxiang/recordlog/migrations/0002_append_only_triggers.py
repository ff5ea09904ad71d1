"""Refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) on the record log's tables."""

from django.db import migrations


def install(apps, schema_editor):
    from sanxiang.recordlog import triggers

    triggers.install(schema_editor.connection)


def remove(apps, schema_editor):
    from sanxiang.recordlog import triggers

    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("recordlog", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
