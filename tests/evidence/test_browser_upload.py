"""Through a real browser on a phone-sized screen: a photo taken "with the camera" is uploaded from
the case page's evidence panel, and shows up there with its hash and both times."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

from sanxiang.evidence import demo
from sanxiang.evidence.models import AVExemption, Blob, Evidence, FixityAlert, RecordingDevice
from tests.cases.conftest import purge_committed_cases

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def committed(transactional_db: Any) -> Any:
    """Committed evidence and cases point at record log entries (PROTECT): remove them before the
    shared teardown empties the log."""
    yield
    with transaction.atomic():
        for model in (FixityAlert, Evidence, AVExemption, RecordingDevice, Blob):
            model.objects.all().delete()
    assert connection.vendor in {"sqlite", "postgresql"}
    purge_committed_cases()


def test_an_officer_uploads_a_photo_from_a_phone(world, committed, case, page, login_page, tmp_path: Path):
    photo = tmp_path / "IMG_20260930_161530.jpg"
    photo.write_bytes(demo.photo_bytes(text="现场"))
    page.set_viewport_size({"width": 390, "height": 844})
    login_page("officer")
    page.goto(f"/cases/{case.pk}/")
    panel = page.locator("#evidence")
    panel.locator("details.evidence-upload-box > summary").click()
    field = panel.locator("#id_files")
    assert field.get_attribute("capture") == "environment"
    assert field.get_attribute("accept") == "image/*,video/*,audio/*"
    field.set_input_files(str(photo))
    panel.locator("#id_kind").select_option("physical")
    panel.locator("#id_place").fill("人民路 1 号")
    with page.expect_navigation():
        panel.locator("button[type=submit]").click()
    item = Evidence.objects.get()
    result = page.locator(f'li[data-evidence="{item.pk}"]')
    assert item.blob.sha256 in result.inner_text()
    # Narrow screen: nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(f"/cases/{case.pk}/")
    listed = page.locator(f'#evidence li[data-evidence="{item.pk}"]')
    text = listed.inner_text()
    assert item.blob.sha256 in text and "IMG_20260930_161530.jpg" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    listed.locator("a").first.click()
    page.wait_for_url(f"**/evidence/item/{item.pk}/")
    assert item.blob.sha256 in page.locator("dd[data-digest]").inner_text()
    assert item.original_name == photo.name and item.place == "人民路 1 号"
