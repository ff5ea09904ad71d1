"""The file check in a phone-sized Chromium: upload a recorded file through the form, see it verified."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction

from sanxiang.recordlog import actions, triggers
from sanxiang.recordlog.models import Checkpoint, Entry, Log, Node
from tests.recordlog_portal.conftest import filler, record_file

PHONE = {"width": 390, "height": 844}
DECISION = "行政处罚决定书 东市监罚〔2026〕7号\n".encode() * 500


@pytest.fixture
def _purge_log(transactional_db: Any) -> Iterator[None]:
    """The live server needs committed rows; empty the append-only tables before the flush."""
    yield
    with transaction.atomic():
        triggers.remove(connection)
        for model in (Checkpoint, Node, Entry, Log):
            model.objects.all().delete()
        triggers.install(connection)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_recorded_file_uploaded_on_a_phone_is_verified(_purge_log, page, tmp_path):
    filler(5)
    entry = record_file(DECISION)
    filler(7)
    assert actions.make_checkpoint() is not None
    document = tmp_path / "决定书.txt"
    document.write_bytes(DECISION)
    page.set_viewport_size(PHONE)

    page.goto("/")
    page.click("header nav a:has-text('记录核验')")
    page.wait_for_url("**/recordlog/")
    assert page.locator("h1").inner_text() == "记录核验"
    assert "13 条记录" in page.locator(".recordlog-status").inner_text()
    page.click("ul.tabs a:has-text('核验文件')")
    page.wait_for_url("**/recordlog/check/")

    page.set_input_files("#id_file", str(document))
    page.click("form.recordlog-check button[type=submit]")
    result = page.locator(".recordlog-result")
    result.wait_for()
    assert "found" in (result.get_attribute("class") or "").split()
    text = result.inner_text()
    assert "已记录" in text
    assert f"第 {entry.seq} 号记录" in text
    assert "证明已通过验证" in page.locator(".recordlog-verified").inner_text()
    assert (
        page.locator(".recordlog-verified").evaluate("e => getComputedStyle(e).color") == "rgb(26, 127, 55)"
    )
    # Hashes wrap: nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.locator(".recordlog-proof summary").click()
    page.screenshot(path="/tmp/recordlog-check.png", full_page=True)

    # An unrecorded file says so plainly.
    other = tmp_path / "other.txt"
    other.write_bytes(DECISION + b"!")
    page.set_input_files("#id_file", str(other))
    page.click("form.recordlog-check button[type=submit]")
    page.locator(".recordlog-result.not-found").wait_for()
    assert "未记录" in page.locator(".recordlog-result").inner_text()
