from __future__ import annotations

import datetime as dt

from sanxiang.evidence.demo import add_demo_evidence
from sanxiang.recordlog.models import Entry

AT = dt.datetime(2026, 9, 30, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def test_demo_evidence_is_photos_audio_and_video_with_device_times(world, case):
    items = add_demo_evidence(case, world.user("officer"), at=AT)
    assert [i.mime.split("/")[0] for i in items] == ["image", "image", "audio", "video"]
    assert all(i.captured_at is not None and i.captured_at < AT for i in items)
    assert items[0].captured_at == AT - dt.timedelta(minutes=30)
    assert items[3].captured_at == AT - dt.timedelta(minutes=25)
    assert all(not i.media_unreadable for i in items)
    assert items[3].thumbnail is not None and items[3].duration_ms
    assert Entry.objects.filter(kind="evidence.added", subject_id=str(case.pk)).count() == 4
