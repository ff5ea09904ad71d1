from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import pytest

from sanxiang.cases.actions import mark_archived, perform
from sanxiang.core.errors import Invalid, NotAllowed, WrongState
from sanxiang.evidence import actions, blobs, demo
from sanxiang.evidence.models import Blob, Evidence
from sanxiang.recordlog.models import Entry
from tests.evidence.conftest import blob_files

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
TAKEN = dt.datetime(2026, 9, 30, 16, 15, 30, tzinfo=SHANGHAI)


def _nothing_stored(root: Path, entries_before: int) -> None:
    assert Evidence.objects.count() == 0
    assert Blob.objects.count() == 0
    assert blob_files(root) == []
    assert Entry.objects.count() == entries_before


def test_a_photo_is_stored_with_its_exif_time_beside_the_upload_time(world, case, upload, _blob_root):
    data = demo.photo_bytes(taken_at=TAKEN)
    item = actions.add_evidence(
        actor=world.user("officer"),
        case=case,
        upload=upload(data, "IMG_0001.jpg"),
        data={"kind": "physical", "place": "人民路 1 号", "collected_by": world.officers[0].pk},
    )
    assert item.blob.sha256 == hashlib.sha256(data).hexdigest()
    assert item.mime == "image/jpeg"
    assert item.captured_at == TAKEN
    assert item.captured_raw == "2026:09:30 16:15:30"
    assert item.capture_source == "exif"
    assert item.uploaded_at != item.captured_at
    assert (item.width, item.height) == (640, 480)
    assert item.thumbnail is not None and item.thumbnail.mime == "image/jpeg"
    assert item.step == case.state
    assert item.title == "IMG_0001.jpg"
    entry = item.log_entry
    assert entry.kind == "evidence.added"
    assert entry.digest == item.blob.sha256
    assert entry.payload["digest"] == item.blob.sha256
    assert entry.payload["size"] == len(data)
    assert data[:64].hex() not in entry.canonical.decode()  # the digest, never the bytes


def test_a_video_is_read_by_ffprobe(world, case, upload):
    data = demo.video_bytes(recorded_at=dt.datetime(2026, 9, 30, 8, 15, 30, tzinfo=dt.UTC))
    item = actions.add_evidence(
        actor=world.user("officer"), case=case, upload=upload(data, "clip.mp4"), data={"kind": "audiovisual"}
    )
    assert item.mime == "video/mp4"
    assert item.captured_at == dt.datetime(2026, 9, 30, 8, 15, 30, tzinfo=dt.UTC)
    assert item.captured_raw.startswith("2026-09-30T08:15:30")
    assert item.capture_source == "ffprobe"
    assert 1900 <= (item.duration_ms or 0) <= 2200
    assert (item.width, item.height) == (320, 240)
    assert item.thumbnail is not None
    assert not item.media_unreadable
    assert item.is_av


def test_an_audio_clip_is_read_by_ffprobe(world, case, upload):
    data = demo.audio_bytes(recorded_at=dt.datetime(2026, 9, 30, 8, 0, tzinfo=dt.UTC))
    item = actions.add_evidence(
        actor=world.user("officer"), case=case, upload=upload(data, "a.m4a"), data={"kind": "audiovisual"}
    )
    assert item.mime.startswith("audio/")
    assert item.captured_at == dt.datetime(2026, 9, 30, 8, 0, tzinfo=dt.UTC)
    assert item.thumbnail is None


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda good: good[:32] + bytes(range(256)) * 20, "音视频文件无法读取"),  # header, then noise
        (lambda good: good[:200] + bytes(5000), "文件中没有音频或视频内容"),  # a box or two, no stream left
    ],
    ids=["noise", "truncated"],
)
def test_a_broken_video_is_stored_but_flagged(world, case, upload, damage, problem):
    broken = damage(demo.video_bytes(seconds=1))
    item = actions.add_evidence(
        actor=world.user("officer"),
        case=case,
        upload=upload(broken, "broken.mp4"),
        data={"kind": "audiovisual"},
    )
    assert item.mime == "video/mp4"
    assert item.media_unreadable
    assert item.media_problem.startswith(problem)
    assert item.thumbnail is None
    assert item.log_entry.payload["media_unreadable"] is True


def test_same_file_twice_is_one_blob(world, case, upload, _blob_root):
    data = demo.photo_bytes(taken_at=TAKEN)
    for name in ("a.jpg", "b.jpg"):
        actions.add_evidence(
            actor=world.user("officer"), case=case, upload=upload(data, name), data={"kind": "physical"}
        )
    assert Evidence.objects.count() == 2
    assert Blob.objects.count() == 2  # the photo and its thumbnail
    assert len(blob_files(_blob_root)) == 2


def test_a_zero_byte_file_is_refused(world, case, upload, _blob_root):
    before = Entry.objects.count()
    with pytest.raises(Invalid) as refused:
        actions.add_evidence(
            actor=world.user("officer"), case=case, upload=upload(b"", "x.jpg"), data={"kind": "physical"}
        )
    assert (refused.value.code, refused.value.field) == ("file_empty", "file")
    assert "0" in str(refused.value.message)
    _nothing_stored(_blob_root, before)


def test_the_type_is_judged_by_content_not_by_name(world, case, upload, _blob_root):
    before = Entry.objects.count()
    with pytest.raises(Invalid) as refused:
        actions.add_evidence(
            actor=world.user("officer"),
            case=case,
            upload=upload(b"#!/bin/sh\nrm -rf /\n", "photo.jpg"),
            data={"kind": "physical"},
        )
    assert (refused.value.code, refused.value.field) == ("file_type", "file")
    assert "text/x-shellscript" in str(refused.value.message)
    assert refused.value.citation == "《行政处罚法》第四十六条"
    _nothing_stored(_blob_root, before)


def test_a_program_is_refused_even_as_electronic_data(world, case, upload):
    elf = Path("/bin/true").read_bytes()
    with pytest.raises(Invalid) as refused:
        actions.add_evidence(
            actor=world.user("officer"),
            case=case,
            upload=upload(elf, "data.bin"),
            data={"kind": "electronic"},
        )
    assert refused.value.code == "file_type"


def test_an_oversize_file_is_refused_by_the_policy_limit(world, case, _blob_root):
    from sanxiang.core.actions import record_policy_value

    record_policy_value(
        actor=world.user("admin"),
        key="evidence.max_upload_bytes",
        scope=f"agency:{world.agency.pk}",
        value=2048,
        reason="测试",
    )
    before = Entry.objects.count()
    staged = blobs.stage_stream(
        iter([b"x" * 4096]), name="big.jpg", max_size=actions.max_upload_bytes(world.agency)
    )
    assert staged.truncated
    with pytest.raises(Invalid) as refused:
        actions.add_evidence(actor=world.user("officer"), case=case, upload=staged, data={"kind": "physical"})
    assert (refused.value.code, refused.value.field) == ("file_too_large", "file")
    assert "2,048" in str(refused.value.message)
    _nothing_stored(_blob_root, before)


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("../../etc/passwd.jpg", "passwd.jpg"),
        ("/absolute/path/x.jpg", "x.jpg"),
        ("C:\\Users\\a\\evil.jpg", "evil.jpg"),
        ("nul\x00byte.jpg", "nulbyte.jpg"),
        ("ctl\x1b[31m\r\n.jpg", "ctl[31m.jpg"),
        ("..", "file"),
        (".hidden.jpg", "hidden.jpg"),
    ],
)
def test_path_tricks_in_names_keep_only_a_safe_base_name(world, case, upload, raw, kept, _blob_root):
    item = actions.add_evidence(
        actor=world.user("officer"),
        case=case,
        upload=upload(demo.photo_bytes(text=raw), raw),
        data={"kind": "physical"},
    )
    assert item.original_name == kept
    for path in _blob_root.rglob("*"):
        assert _blob_root in path.parents


def test_bad_fields_are_all_named_and_nothing_is_stored(world, case, upload, _blob_root):
    before = Entry.objects.count()
    with pytest.raises(Invalid) as refused:
        actions.add_evidence(
            actor=world.user("officer"),
            case=case,
            upload=upload(demo.photo_bytes(), "a.jpg"),
            data={"kind": "physical", "step": "no_such_step", "device": "999999", "collected_by": "x"},
        )
    fields = {e.field for e in refused.value.errors}
    assert fields == {"step", "device", "collected_by"}
    _nothing_stored(_blob_root, before)


def test_an_unknown_kind_is_refused(world, case, upload):
    with pytest.raises(Invalid) as refused:
        actions.add_evidence(
            actor=world.user("officer"), case=case, upload=upload(b"abc", "a.txt"), data={"kind": "rumour"}
        )
    assert refused.value.field == "kind"


def test_an_archived_case_takes_no_evidence(world, case, upload, _blob_root):
    perform(
        case, "decline_filing", world.user("head"), {"reason": "不予立案", "records": ["not_filing_approval"]}
    )
    mark_archived(actor=world.user("head"), case=case, digest="ab" * 32)
    before = Entry.objects.count()
    with pytest.raises(WrongState) as refused:
        actions.add_evidence(
            actor=world.user("officer"),
            case=case,
            upload=upload(demo.photo_bytes(), "a.jpg"),
            data={"kind": "physical"},
        )
    assert refused.value.code == "case_archived"
    _nothing_stored(_blob_root, before)


@pytest.mark.parametrize("persona", ["reviewer", "supervisor", "admin", "other_head"])
def test_only_those_who_work_on_the_case_add_evidence(world, case, upload, persona, _blob_root):
    before = Entry.objects.count()
    with pytest.raises(NotAllowed):
        actions.add_evidence(
            actor=world.user(persona),
            case=case,
            upload=upload(demo.photo_bytes(), "a.jpg"),
            data={"kind": "physical"},
        )
    _nothing_stored(_blob_root, before)


def test_a_failure_inside_the_transaction_leaves_no_file(world, case, upload, _blob_root, monkeypatch):
    """The record log refuses the entry (here: the case's agency id is not an int); the blob
    already renamed into place is removed again."""
    from sanxiang.recordlog import actions as recordlog

    real = recordlog.append

    def refusing(**kwargs: Any) -> Any:
        return real(**{**kwargs, "payload": {**kwargs["payload"], "bad": 1.5}})

    monkeypatch.setattr(recordlog, "append", refusing)
    before = Entry.objects.count()
    with pytest.raises(Invalid):
        actions.add_evidence(
            actor=world.user("officer"),
            case=case,
            upload=upload(demo.photo_bytes(), "a.jpg"),
            data={"kind": "physical"},
        )
    _nothing_stored(_blob_root, before)


def test_withdrawing_keeps_the_item_and_logs_why(world, case, upload):
    item = actions.add_evidence(
        actor=world.user("officer"),
        case=case,
        upload=upload(demo.photo_bytes(), "a.jpg"),
        data={"kind": "physical"},
    )
    with pytest.raises(Invalid) as refused:
        actions.withdraw_evidence(actor=world.user("officer"), item=item, reason="  ")
    assert refused.value.field == "reason"
    actions.withdraw_evidence(actor=world.user("officer"), item=item, reason="拍错了对象")
    item.refresh_from_db()
    assert item.withdrawn_reason == "拍错了对象"
    assert blobs.blob_path(item.blob).exists()
    assert Entry.objects.filter(kind="evidence.withdrawn", digest=item.blob.sha256).count() == 1
    with pytest.raises(WrongState):
        actions.withdraw_evidence(actor=world.user("officer"), item=item, reason="再撤一次")


def test_a_device_must_be_in_use(world, case, upload):
    head = world.user("head")
    device = actions.register_device(
        actor=head, agency=world.agency, data={"device_id": "DSJ-001", "model": "DSJ-V9", "status": "in_use"}
    )
    item = actions.add_evidence(
        actor=world.user("officer"),
        case=case,
        upload=upload(demo.video_bytes(seconds=1), "v.mp4"),
        data={"kind": "audiovisual", "device": device.pk},
    )
    assert item.device == device
    assert item.log_entry.payload["device"] == "DSJ-001"
    actions.update_device(actor=head, device=device, data={"status": "repair", "model": "DSJ-V9"})
    with pytest.raises(Invalid) as refused:
        actions.add_evidence(
            actor=world.user("officer"),
            case=case,
            upload=upload(demo.photo_bytes(), "p.jpg"),
            data={"kind": "physical", "device": device.pk},
        )
    assert (refused.value.code, refused.value.field) == ("device_not_in_use", "device")
