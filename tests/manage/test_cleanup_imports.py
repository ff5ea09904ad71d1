"""Abandoned Excel uploads are deleted by ``sanxiang catalog_cleanup_imports``; an oversized sheet
is refused before anything is written."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from sanxiang.catalog.excel.imports import MAX_ROWS
from tests.fingerprint import database_fingerprint
from tests.manage import OFFICER_HEADERS, officer_row, xlsx_bytes

REASON = "年度执法人员清理"


def _folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _file(name: str, hours_old: float) -> Path:
    path = _folder() / name
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    moment = time.time() - hours_old * 3600
    os.utime(path, (moment, moment))
    return path


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("catalog_cleanup_imports", *args, stdout=out)
    return out.getvalue()


def test_it_removes_uploads_older_than_a_day_and_keeps_the_rest():
    old = _file("0" * 32 + ".xlsx", hours_old=25)
    older = _file("a" * 32 + ".xlsx", hours_old=24 * 30)
    recent = _file("b" * 32 + ".xlsx", hours_old=1)
    foreign = _file("budget.xlsx", hours_old=24 * 30)  # not named like an upload: not ours to delete
    notes = _file("c" * 32 + ".txt", hours_old=24 * 30)
    output = _run()
    assert not old.exists() and not older.exists()
    assert recent.exists() and foreign.exists() and notes.exists()
    assert f"已删除 {old}（上传于 " in output and f"已删除 {older}（上传于 " in output
    assert str(recent) not in output
    assert output.strip().endswith("已删除 2 个超过 24 小时无人处理的上传文件。")


def test_it_takes_the_threshold_in_hours():
    three_hours = _file("d" * 32 + ".xlsx", hours_old=3)
    one_hour = _file("e" * 32 + ".xlsx", hours_old=1)
    assert "已删除 0 个" in _run()
    assert three_hours.exists()
    output = _run("--older-than-hours", "2")
    assert not three_hours.exists() and one_hour.exists()
    assert output.strip().endswith("已删除 1 个超过 2 小时无人处理的上传文件。")


def test_it_refuses_a_threshold_below_one_hour():
    upload = _file("f" * 32 + ".xlsx", hours_old=0.5)
    with pytest.raises(CommandError, match="至少为 1"):
        _run("--older-than-hours", "0")
    assert upload.exists()


def test_it_does_nothing_when_nobody_ever_uploaded():
    assert not (Path(settings.MEDIA_ROOT) / "imports").exists()
    assert _run().strip() == "已删除 0 个超过 24 小时无人处理的上传文件。"


def test_an_abandoned_real_upload_is_removed_and_can_no_longer_be_confirmed(world, client_as):
    client = client_as("county_admin")
    content = xlsx_bytes(OFFICER_HEADERS, [officer_row("陈一清", "CLN-0001")])
    response = client.post(
        f"/manage/agency/{world.agency.pk}/import/officers/",
        {"file": SimpleUploadedFile("list.xlsx", content), "reason": REASON},
    )
    assert response.status_code == 200
    [pending] = _folder().glob("*.xlsx")
    token = pending.stem
    moment = time.time() - 25 * 3600
    os.utime(pending, (moment, moment))
    assert str(pending) in _run()
    assert not pending.exists()
    before = database_fingerprint()
    response = client.post(
        f"/manage/agency/{world.agency.pk}/import/officers/confirm/", {"token": token, "mode": "valid_only"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/manage/agency/{world.agency.pk}/import/officers/"
    assert database_fingerprint() == before


def test_it_refuses_a_sheet_with_more_than_the_row_limit_and_writes_nothing(world, client_as):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(OFFICER_HEADERS)
    for index in range(MAX_ROWS + 1):
        sheet.append(officer_row(f"批量{index}", f"ROW-{index:05d}"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert MAX_ROWS == 5000
    client = client_as("county_admin")
    before = database_fingerprint()
    response = client.post(
        f"/manage/agency/{world.agency.pk}/import/officers/",
        {"file": SimpleUploadedFile("big.xlsx", buffer.getvalue()), "reason": REASON},
    )
    assert response.status_code == 400
    assert (
        '<p class="field-error" data-field="file">每个表格最多 5000 行，请拆分文件。</p>'
        in response.content.decode()
    )
    assert database_fingerprint() == before
    assert list(_folder().iterdir()) == []  # the refused upload was not kept either
