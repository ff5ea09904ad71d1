"""Refuse UPDATE and DELETE on the case timeline (cases_act) while the record log is append-only."""

from django.db import migrations


def install(apps, schema_editor):
    from sanxiang.cases import triggers

    triggers.install(schema_editor.connection)


def remove(apps, schema_editor):
    from sanxiang.cases import triggers

    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_decision_pause_execution_recusal"),
        ("recordlog", "0002_append_only_triggers"),
    ]

    operations = [migrations.RunPython(install, remove)]
