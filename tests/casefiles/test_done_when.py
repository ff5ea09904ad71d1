"""Issue 5's "done when", in a real browser: an officer uploads a video from a "phone" to the on-site
investigation of a case, the head issues the 行政处罚决定书, the case is taken to its end, sealed and
archived from the case page, and the downloaded case file verifies offline — while one byte altered
in it makes verification fail naming that file."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from sanxiang.cases import actions
from sanxiang.cases.models import Case
from sanxiang.documents.models import Document, DocumentCounter, DocumentTemplate
from sanxiang.evidence import demo
from sanxiang.evidence.models import AVExemption, Blob, Evidence, FixityAlert, RecordingDevice
from tests.cases.conftest import log_triggers_lifted, purge_committed_cases

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSON = {
    "kind": "natural_person",
    "name": "张三测",
    "id_number": "11010519491231002X",
    "address": "东湖县湖滨路8号",
}


@pytest.fixture
def committed(transactional_db: Any) -> Any:
    """Committed cases, evidence and documents point at record log entries (PROTECT): remove them
    before the shared teardown empties the log."""
    yield
    with log_triggers_lifted():  # evidence items are append-only while they stand
        Document.objects.update(superseded_by=None)
        for model in (Document, DocumentCounter, DocumentTemplate, FixityAlert, Evidence, AVExemption):
            model.objects.all().delete()
        for model in (RecordingDevice, Blob):
            model.objects.all().delete()
    purge_committed_cases()


def verify_offline(path: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """``sanxiang cases verify-export`` as another process, with a database it cannot open."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/no/such/folder/db.sqlite3",
        "SANXIANG_DATA_DIR": str(tmp_path / "offline"),
    }
    return subprocess.run(
        [sys.executable, "-m", "sanxiang", "cases", "verify-export", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )


def act(world: Any, case: Case, name: str, who: str = "officer", **data: Any) -> None:
    actions.perform(case, name, world.user(who), data)
    case.refresh_from_db()


def sign_in(page: Any, login_page: Any, persona: str) -> None:
    page.context.clear_cookies()
    login_page(persona)


def test_a_video_from_a_phone_and_the_decision_end_in_a_case_file_that_verifies_offline(
    world, committed, page, login_page, settings, tmp_path
):
    settings.BLOB_ROOT = tmp_path / "blobs"
    case = actions.open_case(
        actor=world.user("officer"),
        agency=world.agency,
        data={"procedure": "general", "title": "经营过期食品案", "source": "complaint"},
        parties=[PERSON],
        officer_ids=[o.pk for o in world.officers[:2]],
    )
    act(world, case, "file", who="head", records=["filing_approval"])
    act(world, case, "start_investigation", records=["inquiry_record"])
    on_site = case.acts.get(act="start_investigation")

    # The officer, on a phone, films the on-site inspection and uploads it from the case page.
    video = tmp_path / "VID_20260302_101500.mp4"
    video.write_bytes(demo.video_bytes(seconds=1))
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, login_page, "officer")
    page.goto(f"/cases/{case.pk}/")
    panel = page.locator("#evidence")
    panel.locator("details.evidence-upload-box > summary").click()
    capture = panel.locator("#id_files")
    assert capture.get_attribute("capture") == "environment"
    capture.set_input_files(str(video))
    panel.locator("#id_kind").select_option("audiovisual")
    panel.locator("#id_step").select_option(str(on_site.pk))
    panel.locator("#id_title").fill("现场检查执法记录视频")
    panel.locator("#id_place").fill("东湖县湖滨路8号经营场所")
    with page.expect_navigation():
        panel.locator("details.evidence-upload-box button[type=submit]").click()
    item = Evidence.objects.get(case=case)
    assert item.act_id == on_site.pk and item.mime == "video/mp4"
    assert item.blob.sha256 in page.locator(f'li[data-evidence="{item.pk}"]').inner_text()

    act(
        world,
        case,
        "close_investigation",
        kinds=["warning", "fine"],
        fine="5000",
        records=["investigation_report"],
    )
    act(world, case, "serve_prior_notice", records=["prior_notice"])
    act(world, case, "waive_rights", records=["waiver"])
    act(
        world,
        case,
        "decide",
        who="head",
        kinds=["warning", "fine"],
        fine="5000",
        records=["decision_approval"],
    )

    # The head issues the 行政处罚决定书 from the case page.
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, login_page, "head")
    page.goto(f"/cases/{case.pk}/")
    form = page.locator('details.document-form[data-kind="decision"]')
    form.locator("summary").click()
    form.locator("textarea[name=new-decision-evidence]").fill("1. 现场检查执法记录视频；2. 询问笔录")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    decision = Document.objects.get(case=case, kind="decision")

    act(world, case, "serve_decision", records=["service_receipt"])
    act(world, case, "record_execution", method="paid", amount="5000", records=["payment_receipt"])
    act(world, case, "close", who="head", records=["closing_approval"])

    # Sealed and archived from the case page, then downloaded.
    page.goto(f"/cases/{case.pk}/")
    seal = page.locator("#casefile form.casefile-archive")
    with page.expect_navigation():
        seal.locator("button[type=submit]").click()
    case.refresh_from_db()
    assert case.archived_at is not None
    panel = page.locator("#casefile")
    assert panel.get_attribute("data-archived") == "true" and case.archive_digest in panel.inner_text()
    with page.expect_download() as info:
        panel.locator(f'a[href="/casefiles/case/{case.pk}/package.zip"]').click()
    package = tmp_path / "case-file.zip"
    info.value.save_as(package)

    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
    video_path = next(n for n in names if n.startswith("data/evidence/") and n.endswith(".mp4"))
    decision_pdf = next(n for n in names if n.startswith("data/documents/") and n.endswith(".pdf"))
    assert decision.number and decision_pdf

    done = verify_offline(package, tmp_path)
    assert done.returncode == 0, done.stderr
    assert case.number in done.stdout

    # One byte of the video altered inside the zip: verification fails and names the video.
    raw = bytearray(package.read_bytes())
    with zipfile.ZipFile(package) as archive:
        info_video = archive.getinfo(video_path)
    header = raw[info_video.header_offset : info_video.header_offset + 30]
    start = (
        info_video.header_offset
        + 30
        + int.from_bytes(header[26:28], "little")
        + int.from_bytes(header[28:30], "little")
    )
    raw[start + info_video.compress_size // 2] ^= 0x01
    altered = tmp_path / "altered.zip"
    altered.write_bytes(bytes(raw))
    done = verify_offline(altered, tmp_path)
    assert done.returncode == 1
    assert f"{video_path}: [altered]" in done.stderr

    # Anyone can check the same files on the public page.
    page.goto("/casefiles/verify/")
    page.set_input_files("#id_package", str(package))
    with page.expect_navigation():
        page.locator("form.casefile-verify button[type=submit]").click()
    assert page.locator("section.verify-result").get_attribute("data-ok") == "true"
    page.set_input_files("#id_package", str(altered))
    with page.expect_navigation():
        page.locator("form.casefile-verify button[type=submit]").click()
    result = page.locator("section.verify-result")
    assert result.get_attribute("data-ok") == "false"
    assert result.locator(f'li[data-path="{video_path}"]').count() == 1
