"""The permission matrix trusts ``write_count`` to tell it when to hash the tables again: it must move
on every kind of write, on both databases, or refused writes would go unseen."""

from __future__ import annotations

from typing import Any

from tests.fingerprint import Watch, database_fingerprint, write_count


def test_write_count_moves_on_insert_update_and_delete(world: Any) -> None:
    import datetime as dt

    from django.contrib.sessions.models import Session

    start = write_count()
    expiry = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    Session.objects.create(session_key="fingerprint-test", session_data="x", expire_date=expiry)
    after_insert = write_count()
    Session.objects.filter(pk="fingerprint-test").update(session_data="y")
    after_update = write_count()
    Session.objects.filter(pk="fingerprint-test").delete()
    after_delete = write_count()
    assert start < after_insert < after_update < after_delete


def test_watch_sees_a_change_and_nothing_else(world: Any) -> None:
    from sanxiang.catalog.models import Region

    watch = Watch()
    before, after = watch.step()
    assert before == after == database_fingerprint()
    Region.objects.filter(pk=world.county.pk).update(name="改过的名称")
    before, after = watch.step()
    assert before != after
    assert after == database_fingerprint()
