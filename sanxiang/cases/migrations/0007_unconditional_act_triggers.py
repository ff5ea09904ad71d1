"""Re-install the cases_act triggers without their condition on the record log's trigger: dropping
that one trigger no longer lifts these (security review 2026-12, F5). The names are unchanged, so
removing and installing replaces the old SQL."""

from django.db import migrations


def reinstall(apps, schema_editor):
    from sanxiang.cases import triggers

    triggers.remove(schema_editor.connection)
    triggers.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_licence_procedure")]

    # Backwards keeps the unconditional triggers: the conditional ones were the defect.
    operations = [migrations.RunPython(reinstall, migrations.RunPython.noop)]
