"""huey task entry points (ARCHITECTURE: each task only calls an action). The worker that runs them
is ``sanxiang run_huey``; without it no periodic checkpoint is signed."""

from __future__ import annotations

from django.conf import settings
from huey.contrib.djhuey import db_periodic_task

from sanxiang.jobs.schedules import every_minutes
from sanxiang.recordlog import actions as recordlog


@db_periodic_task(every_minutes(settings.RECORDLOG_CHECKPOINT_MINUTES), name="recordlog.checkpoint")
def make_recordlog_checkpoint() -> int | None:
    """Sign a checkpoint of the record log if it grew since the last one; the tree size signed, or
    None when there was nothing new."""
    checkpoint = recordlog.make_checkpoint()
    return None if checkpoint is None else checkpoint.tree_size
