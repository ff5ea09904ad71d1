"""Every day 2004-01-01..2026-12-31 (all that chinesecalendar knows) in one bulk insert; idempotent."""

from django.db import migrations


def seed(apps, schema_editor):
    from sanxiang.workdays import seeding

    seeding.seed(
        apps.get_model("workdays", "CalendarDay"),
        apps.get_model("workdays", "CalendarYear"),
        using=schema_editor.connection.alias,
    )


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop, elidable=False)]
