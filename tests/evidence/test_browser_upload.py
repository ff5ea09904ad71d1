"""Through a real browser on a phone-sized screen: a photo taken "with the camera" is uploaded from
the case page's evidence panel, and shows up there with its hash and both times."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from sanxiang.evidence import demo
from sanxiang.evidence.models import AVExemption, Blob, Evidence, FixityAlert, RecordingDevice
from tests.cases.conftest import log_triggers_lifted, purge_committed_cases

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def committed(transactional_db: Any) -> Any:
    """Committed evidence and cases point at record log entries (PROTECT): remove them before the
    shared teardown empties the log."""
    yield
    with log_triggers_lifted():  # evidence items are append-only while they stand
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
        panel.locator("form.evidence-upload button[type=submit]").click()
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


def test_a_video_from_a_phone_goes_to_the_on_site_inspection_step(
    world, committed, page, login_page, tmp_path
):
    """The county makes filming the start of an inspection mandatory; the act stays greyed with the
    rule until a video for that step is uploaded from the phone."""
    from sanxiang.cases.actions import open_case
    from sanxiang.core.actions import record_policy_value

    record_policy_value(
        actor=world.user("admin"),
        key="evidence.av_requirements",
        scope=f"agency:{world.agency.pk}",
        value="start_inspection:mandatory",
        reason="本局音像记录事项清单",
    )
    case = open_case(
        actor=world.user("officer"),
        agency=world.agency,
        data={"procedure": "inspection", "title": "食品经营现场检查", "source": "inspection"},
        officer_ids=[world.officers[0].pk, world.officers[1].pk],
    )
    video = tmp_path / "VID_20260930_091500.mp4"
    video.write_bytes(demo.video_bytes(seconds=1))
    page.set_viewport_size({"width": 390, "height": 844})
    login_page("officer")
    page.goto(f"/cases/{case.pk}/")
    greyed = page.locator('ul.greyed li[data-act="start_inspection"]')
    assert greyed.get_attribute("data-code") == "av_record_missing"
    missing = page.locator('#evidence li[data-step="start_inspection"]')
    assert missing.get_attribute("data-recorded") == "0"
    panel = page.locator("#evidence")
    panel.locator("details.evidence-upload-box > summary").click()
    panel.locator("#id_files").set_input_files(str(video))
    panel.locator("#id_kind").select_option("audiovisual")
    panel.locator("#id_step").select_option("start_inspection")
    with page.expect_navigation():
        panel.locator("form.evidence-upload button[type=submit]").click()
    item = Evidence.objects.get()
    assert (item.step, item.mime, item.media_unreadable) == ("start_inspection", "video/mp4", False)
    page.goto(f"/cases/{case.pk}/")
    assert page.locator('#evidence li[data-step="start_inspection"]').get_attribute("data-recorded") == "1"
    assert page.locator('details.act-form[data-act="start_inspection"]').count() == 1
