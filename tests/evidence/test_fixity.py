"""Fixity: a flipped byte or a lost file in the blob store is found by the nightly job (an alert
record and a record log entry) and by ``sanxiang recordlog verify`` (naming the file)."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from huey.contrib.djhuey import HUEY

from sanxiang.core.actions import record_policy_value
from sanxiang.evidence import actions, blobs, demo, fixity
from sanxiang.evidence.models import Blob, FixityAlert
from sanxiang.jobs import tasks
from sanxiang.recordlog import signing
from sanxiang.recordlog.models import Entry


@pytest.fixture(autouse=True)
def signing_key(settings: Any, tmp_path: Any) -> Any:
    settings.RECORDLOG_SIGNING_KEY_FILE = tmp_path / "recordlog-ed25519.key"
    signing.write_new_key(settings.RECORDLOG_SIGNING_KEY_FILE)


@pytest.fixture
def items(world: Any, case: Any, upload: Any) -> list[Any]:
    officer = world.user("officer")
    return [
        actions.add_evidence(
            actor=officer,
            case=case,
            upload=upload(demo.photo_bytes(text=f"photo {n}"), f"p{n}.jpg"),
            data={"kind": "physical"},
        )
        for n in range(3)
    ]


def flip_one_byte(blob: Blob, offset: int = 100) -> None:
    path = blobs.blob_path(blob)
    os.chmod(path, 0o600)
    with open(path, "r+b") as handle:
        handle.seek(offset)
        byte = handle.read(1)
        handle.seek(offset)
        handle.write(bytes([byte[0] ^ 0x01]))


def test_a_clean_store_passes_and_every_file_gets_checked(items):
    report = fixity.run_fixity()
    assert report.checked == Blob.objects.count() == 6  # three photos and their thumbnails
    assert report.alerts == []
    assert not Blob.objects.filter(checked_at__isnull=True).exists()


def test_a_flipped_byte_raises_one_precise_alert(items):
    target = items[1].blob
    flip_one_byte(target)
    report = fixity.run_fixity()
    assert [(a.blob_id, a.problem) for a in report.alerts] == [(target.pk, "mismatch")]
    alert = FixityAlert.objects.get()
    assert alert.path == f"sha256/{target.sha256[:2]}/{target.sha256[2:4]}/{target.sha256}"
    assert alert.found_digest and alert.found_digest != target.sha256
    entry = alert.log_entry
    assert (entry.kind, entry.digest, entry.payload["problem"]) == (
        "evidence.fixity_alert",
        target.sha256,
        "mismatch",
    )
    # Found again the next night: no second alert for the same damage.
    fixity.run_fixity()
    assert FixityAlert.objects.count() == 1


def test_a_missing_file_raises_an_alert(items):
    target = items[0].blob
    blobs.blob_path(target).unlink()
    report = fixity.run_fixity()
    assert [(a.blob_id, a.problem) for a in report.alerts] == [(target.pk, "missing")]


def test_the_nightly_budget_is_a_policy_and_oldest_checks_go_first(world, items):
    record_policy_value(
        actor=world.user("admin"),
        key="evidence.fixity_blobs_per_run",
        scope=f"region:{world.province.pk}",
        value=2,
        reason="测试",
    )
    first = fixity.run_fixity()
    second = fixity.run_fixity()
    third = fixity.run_fixity()
    assert (first.checked, second.checked, third.checked) == (2, 2, 2)
    assert not Blob.objects.filter(checked_at__isnull=True).exists()
    smallest = min(b.size for b in Blob.objects.all())
    assert fixity.run_fixity(max_bytes=smallest - 1, max_blobs=10).checked == 1  # at least one a night


def test_the_periodic_job_runs_the_action(items):
    flip_one_byte(items[2].blob)
    was = HUEY.immediate
    HUEY.immediate = True
    try:
        result = tasks.check_blob_fixity.call_local()
    finally:
        HUEY.immediate = was
    assert result["alerts"] == 1 and result["checked"] == 6
    assert tasks.check_blob_fixity.task_class in HUEY._registry._periodic_tasks


def test_recordlog_verify_rehashes_logged_files_and_names_the_changed_one(items, capsys):
    call_command("recordlog", "verify")
    out = capsys.readouterr().out
    assert "3" in out  # three files named by entries (thumbnails are not logged on their own)
    target = items[1].blob
    flip_one_byte(target, offset=7)
    with pytest.raises(CommandError):
        call_command("recordlog", "verify")
    out = capsys.readouterr().out
    path = str(blobs.blob_path(target))
    lines = [line for line in out.splitlines() if "blob_mismatch" in line]
    assert len(lines) == 1 and path in lines[0]
    assert items[0].blob.sha256 not in out and items[2].blob.sha256 not in out


def test_recordlog_verify_names_a_missing_file(items, capsys):
    target = items[0].blob
    blobs.blob_path(target).unlink()
    with pytest.raises(CommandError):
        call_command("recordlog", "verify")
    out = capsys.readouterr().out
    assert "blob_missing" in out and str(blobs.blob_path(target)) in out
    assert Entry.objects.filter(kind="evidence.fixity_alert").count() == 0  # verify only reports
