"""Refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) on the record log's tables."""

from django.db import migrations


def install(apps, schema_editor):
    from sanxiang.recordlog import triggers

    triggers.OWN.install(schema_editor.connection)  # this app's only: the others' come later


def remove(apps, schema_editor):
    from sanxiang.recordlog import triggers

    triggers.OWN.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("recordlog", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
