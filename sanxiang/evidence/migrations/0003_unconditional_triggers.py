"""Re-install the evidence items' triggers without their condition on the record log's trigger:
dropping that one trigger no longer lifts these (security review 2026-12, F5)."""

from django.db import migrations


def reinstall(apps, schema_editor):
    from sanxiang.evidence import triggers

    triggers.remove(schema_editor.connection)
    triggers.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("evidence", "0002_append_only_triggers")]

    # Backwards keeps the unconditional triggers: the conditional ones were the defect.
    operations = [migrations.RunPython(reinstall, migrations.RunPython.noop)]
