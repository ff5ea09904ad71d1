"""The nightly publication job takes expired items off the portal and keeps them internally."""

from __future__ import annotations

import datetime as dt

import time_machine

from sanxiang.jobs import tasks
from sanxiang.publication import queries
from sanxiang.publication.models import RecordState
from tests.publication.conftest import act, clock, decided, open_case, published  # noqa: F401


def test_the_job_expires_items_at_the_end_of_their_period(world, published):  # noqa: F811
    record = published(fine="1000")  # 3 months: public until 2 June 2026
    with time_machine.travel(
        dt.datetime(2026, 6, 2, 23, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False
    ):
        assert tasks.expire_publications.call_local() == 0
    with time_machine.travel(
        dt.datetime(2026, 6, 3, 0, 5, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False
    ):
        assert tasks.expire_publications.call_local() == 1
    record.refresh_from_db()
    assert record.state == RecordState.EXPIRED and record.published_text
    assert not queries.public_items().filter(pk=record.pk).exists()
