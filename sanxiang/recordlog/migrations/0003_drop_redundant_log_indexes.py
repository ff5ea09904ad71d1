"""Drop the log_id indexes that the unique constraints already cover.

A plain AlterField would make SQLite rebuild the tables, which silently drops the append-only
triggers; dropping the indexes by name changes nothing else.
"""

import django.db.models.deletion
from django.db import migrations, models

INDEXES = {
    "recordlog_entry": "recordlog_entry_log_id_bb3aac02",
    "recordlog_node": "recordlog_node_log_id_bc9d6cbc",
    "recordlog_checkpoint": "recordlog_checkpoint_log_id_5a5c1c34",
}


class Migration(migrations.Migration):
    dependencies = [("recordlog", "0002_append_only_triggers")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{name}"',
                    reverse_sql=f'CREATE INDEX "{name}" ON "{table}" ("log_id")',
                )
                for table, name in INDEXES.items()
            ],
            state_operations=[
                migrations.AlterField(
                    model_name=model,
                    name="log",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name=related,
                        to="recordlog.log",
                    ),
                )
                for model, related in (("checkpoint", "checkpoints"), ("entry", "entries"), ("node", "nodes"))
            ],
        )
    ]
