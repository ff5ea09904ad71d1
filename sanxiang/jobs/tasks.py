"""huey task entry points (ARCHITECTURE: each task only calls an action). The worker that runs them
is ``sanxiang run_huey``; without it no periodic checkpoint is signed."""

from __future__ import annotations

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from sanxiang.annual_reports import reminders as annual_reminders
from sanxiang.evidence import fixity, sweep
from sanxiang.jobs.schedules import every_minutes
from sanxiang.legal_review import reminders as review_reminders
from sanxiang.publication import actions as publication
from sanxiang.publication import outbox as publication_outbox
from sanxiang.recordlog import actions as recordlog


@db_periodic_task(every_minutes(settings.RECORDLOG_CHECKPOINT_MINUTES), name="recordlog.checkpoint")
def make_recordlog_checkpoint() -> int | None:
    """Sign a checkpoint of the record log if it grew since the last one; the tree size signed, or
    None when there was nothing new."""
    checkpoint = recordlog.make_checkpoint()
    return None if checkpoint is None else checkpoint.tree_size


# 18:30 UTC is 02:30 in Beijing: the quiet hours of an agency's working day.
@db_periodic_task(crontab(hour="18", minute="30"), name="evidence.fixity")
def check_blob_fixity() -> dict[str, int]:
    """Re-hash a night's share of the stored files (policy evidence.fixity_*_per_run); a changed or
    missing file raises an alert record."""
    report = fixity.run_fixity()
    return {"checked": report.checked, "bytes": report.bytes, "alerts": len(report.alerts)}


@db_periodic_task(crontab(minute="20"), name="evidence.sweep")
def sweep_blob_temporaries() -> dict[str, int]:
    """Remove the partial uploads a killed server process left in the blob store's temporary
    folder (files no live writer holds locked); what was removed goes to the worker's log."""
    report = sweep.sweep_orphans(occasion="hourly job")
    return {"removed": report.removed, "bytes": report.bytes, "in_use": report.in_use}


# 16:05 UTC is 00:05 in Beijing: an item whose public period ended yesterday leaves the portal.
@db_periodic_task(crontab(hour="16", minute="5"), name="publication.expiry")
def expire_publications() -> int:
    """Take the items whose public period is over off the portal (kept internally); how many."""
    return publication.expire_due()


@db_periodic_task(every_minutes(1), name="publication.push")
def push_publications() -> dict[str, int]:
    """Post the due outbox messages to the configured platform (retries wait longer each time)."""
    return publication_outbox.push_due()


# 00:30 UTC is 08:30 in Beijing: before the reviewers' working day starts.
@db_periodic_task(crontab(hour="0", minute="30"), name="legal_review.remind")
def remind_review_rounds() -> int:
    """Record a reminder for each open legal review round due within 2 working days (policy)."""
    return review_reminders.remind_due()


# 01:00 UTC is 09:00 in Beijing: the supervisors see at the start of the day who missed 31 January.
@db_periodic_task(crontab(hour="1", minute="0"), name="annual_reports.remind")
def remind_annual_reports() -> int:
    """Record each agency whose report of last year is not published by its due date (once a year)."""
    return annual_reminders.remind_overdue()
