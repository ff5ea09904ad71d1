"""Odd uploads are refused plainly and cost little (security review F7, F8): a case id that is not a
number, a file name too long for Django's multipart parser, a damaged recording (whose ffprobe message
names a server path), an image too large to thumbnail."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from sanxiang.evidence import actions, demo
from sanxiang.evidence.models import Blob, Evidence
from sanxiang.evidence.names import MAX_NAME
from tests.evidence.conftest import blob_files
from tests.evidence.test_browser_upload import committed  # noqa: F401 -- fixture

LONG_NAME_MESSAGE = "无法读取上传内容"


def _files(*files: tuple[str, bytes]) -> dict[str, Any]:
    return {"kind": "physical", "files": [SimpleUploadedFile(name, content) for name, content in files]}


@pytest.mark.parametrize("signed_in", [False, True], ids=["token header", "session"])
def test_a_case_id_that_is_not_a_number_is_a_json_refusal(client, client_as, world, signed_in):
    if signed_in:
        client = client_as("officer")
        headers = {}
    else:
        headers = {"Authorization": "Bearer sx_not_a_token"}
    response = client.post(
        "/api/v1/evidence/cases/abc/items", _files(("p.jpg", demo.photo_bytes())), headers=headers
    )
    assert response.status_code in {400, 401, 404}
    assert response.json()["code"]


def test_nothing_about_the_case_is_read_before_the_caller_is_known(client, case):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            f"/api/v1/evidence/cases/{case.pk}/items",
            _files(("p.jpg", demo.photo_bytes())),
            headers={"Authorization": "Bearer sx_not_a_token"},
        )
    assert response.status_code == 401
    assert not [q["sql"] for q in queries.captured_queries if "cases_case" in q["sql"]]


BOUNDARY = "sanxiangBoundary"


def _raw_post(client: Any, url: str, file_name: str) -> Any:
    """A multipart body written by hand: Django's test client (like ``UploadedFile``) would cut the
    name to 255 characters, and a browser sends it whole."""
    body = (
        (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nphysical\r\n'
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="{file_name}"\r\n'
            "Content-Type: image/jpeg\r\n\r\n"
        ).encode()
        + demo.photo_bytes()
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )
    return client.post(url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}")


def test_a_file_name_too_long_for_the_parser_is_a_400_in_the_api(client_as, case, _blob_root):
    response = _raw_post(
        client_as("officer"), f"/api/v1/evidence/cases/{case.pk}/items", "证" * 5000 + ".jpg"
    )
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["field"]) == ("upload_unreadable", "file")
    assert LONG_NAME_MESSAGE in body["message"] and str(MAX_NAME) in body["message"]
    assert Evidence.objects.count() == 0 and blob_files(_blob_root) == []


def test_a_file_name_too_long_for_the_parser_is_a_400_page(client_as, case, _blob_root):
    response = _raw_post(client_as("officer"), f"/evidence/case/{case.pk}/upload/", "证" * 5000 + ".jpg")
    assert response.status_code == 400
    assert LONG_NAME_MESSAGE in response.content.decode()
    assert Evidence.objects.count() == 0 and blob_files(_blob_root) == []


def test_a_long_name_within_the_parser_limit_is_shortened_keeping_its_extension(client_as, case):
    name = "现场照片" * 60 + ".jpg"  # 244 characters, 724 bytes: Django accepts the part
    response = client_as("officer").post(
        f"/api/v1/evidence/cases/{case.pk}/items", _files((name, demo.photo_bytes()))
    )
    assert response.status_code == 201, response.content
    stored = response.json()["items"][0]["file_name"]
    assert len(stored) == MAX_NAME and stored.endswith(".jpg") and stored.startswith("现场照片")


def test_a_damaged_recording_is_flagged_with_a_plain_chinese_note(client_as, case):
    good = demo.video_bytes(seconds=1)
    broken = good[:32] + bytes(range(256)) * 20  # a header, then noise: ffprobe's error names the file
    response = client_as("officer").post(
        f"/api/v1/evidence/cases/{case.pk}/items",
        {"kind": "audiovisual", "files": [SimpleUploadedFile("broken.mp4", broken)]},
    )
    assert response.status_code == 201, response.content
    item = response.json()["items"][0]
    assert item["media_unreadable"] is True
    assert item["media_problem"] == "音视频文件无法读取：文件已损坏，或格式不受本系统支持。"
    page = client_as("officer").get(f"/evidence/item/{item['id']}/").content.decode()
    assert "音视频文件无法读取" in page and "/tmp" not in page


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("L", (width, height), 200).save(out, "PNG")
    return out.getvalue()


def test_an_image_over_the_pixel_bound_is_stored_without_a_thumbnail(world, case, upload, settings):
    settings.SANXIANG_THUMBNAIL_MAX_PIXELS = 1_000_000
    big = actions.add_evidence(
        actor=world.user("officer"),
        case=case,
        upload=upload(_png(1001, 1000), "big.png"),
        data={"kind": "physical"},
    )
    assert (big.width, big.height) == (1001, 1000)
    assert big.thumbnail is None and not big.media_unreadable
    assert big.media_problem == "图像超过 1 百万像素，已保存，但不生成缩略图。"
    small = actions.add_evidence(
        actor=world.user("officer"),
        case=case,
        upload=upload(_png(1000, 1000), "small.png"),
        data={"kind": "physical"},
    )
    assert small.thumbnail is not None and small.media_problem == ""
    assert Blob.objects.count() == 3  # two images, one thumbnail


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("committed")
def test_in_the_browser_a_very_long_file_name_gets_the_message_on_the_upload_page(case, page, login_page):
    login_page("officer")
    page.goto(f"/cases/{case.pk}/")
    panel = page.locator("#evidence")
    panel.locator("details.evidence-upload-box > summary").click()
    panel.locator("#id_files").set_input_files(
        {"name": "证" * 5000 + ".jpg", "mimeType": "image/jpeg", "buffer": demo.photo_bytes()}
    )
    panel.locator("#id_kind").select_option("physical")
    with page.expect_navigation() as navigation:
        panel.locator("form.evidence-upload button[type=submit]").click()
    assert navigation.value.status == 400
    assert LONG_NAME_MESSAGE in page.locator("main").inner_text()
    assert Evidence.objects.count() == 0
