"""Through a real browser on a phone-sized screen: a seizure on the spot. The act stays greyed with
the audio-video rule until the officer films it with the phone's camera and uploads the video for
that step; then the seizure is done from the case page and its 30-day period shows (行政强制法
Art. 25)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sanxiang.cases.actions import perform as engine_perform
from sanxiang.cases.models import CaseDeadline
from sanxiang.evidence import demo
from sanxiang.evidence.models import Evidence
from tests.cases.test_browser_general_case import perform
from tests.evidence.test_browser_upload import committed  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("committed")
def test_an_officer_films_and_records_a_seizure_from_a_phone(world, case, page, login_page, tmp_path: Path):
    engine_perform(case, "file", world.user("head"), {"records": ["filing_approval"]})
    engine_perform(case, "start_investigation", world.user("officer"), {})
    engine_perform(case, "approve_seizure", world.user("head"), {"reason": "涉嫌经营过期食品"})
    video = tmp_path / "VID_20261126_101500.mp4"
    video.write_bytes(demo.video_bytes(seconds=1))

    page.set_viewport_size({"width": 390, "height": 844})
    login_page("officer")
    page.goto(f"/cases/{case.pk}/")
    greyed = page.locator('ul.greyed li[data-act="seal_or_seize"]')
    assert greyed.get_attribute("data-code") == "av_record_missing"
    assert "查封、扣押" in greyed.inner_text()
    assert page.locator('#evidence li[data-step="seal_or_seize"]').get_attribute("data-recorded") == "0"

    panel = page.locator("#evidence")
    panel.locator("details.evidence-upload-box > summary").click()
    field = panel.locator("#id_files")
    assert field.get_attribute("capture") == "environment"
    field.set_input_files(str(video))
    panel.locator("#id_kind").select_option("audiovisual")
    panel.locator("#id_step").select_option("seal_or_seize")
    with page.expect_navigation():
        panel.locator("form.evidence-upload button[type=submit]").click()
    item = Evidence.objects.get()
    assert (item.step, item.mime) == ("seal_or_seize", "video/mp4")

    page.goto(f"/cases/{case.pk}/")
    assert page.locator('#evidence li[data-step="seal_or_seize"]').get_attribute("data-recorded") == "1"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    perform(page, "seal_or_seize", lambda form: form.locator("[name=items]").fill("过期奶粉 20箱 东湖路仓库"))
    case.refresh_from_db()
    assert case.state == "investigating"
    seized = case.acts.get(act="seal_or_seize")
    assert seized.data["items"] == "过期奶粉 20箱 东湖路仓库" and len(seized.officers) == 2
    period = CaseDeadline.objects.get(case=case, rule_id="coercion.seizure")
    assert period.days == 30 and period.mode == "calendar_days"
    body = page.locator("body").inner_text()
    assert "查封、扣押" in body and "30日" in body
    # Extension and release are the head's acts: listed for the officer too, greyed with the reason.
    assert page.locator('[data-act="release_seizure"]').count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
