"""Officer photos: internal personal data. Only JPEG/PNG by content, at most 5 MB, verified,
re-encoded without EXIF to at most 600×800, stored under a random name, served only to who may see
the agency internally, and never shown on the portal or the public API."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from sanxiang.catalog import actions
from sanxiang.catalog.actions.officers import PHOTO_MAX_BYTES
from sanxiang.catalog.models import CatalogChange, Officer
from sanxiang.catalog.verification import make_token
from sanxiang.core.errors import Invalid, NotAllowed, WrongState
from tests.fingerprint import database_fingerprint

REASON = "更新工作证照片"
CAMERA = "SecretCam-9000"


def jpeg_with_gps(size: tuple[int, int] = (1600, 1200), orientation: int = 1) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = CAMERA
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (30.0, 15.0, 7.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (120.0, 10.0, 3.0),
    }
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def png_bytes(size: tuple[int, int] = (300, 400), mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (10, 120, 10, 128) if mode == "RGBA" else "green").save(buffer, "PNG")
    return buffer.getvalue()


def upload(content: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files() -> list[Path]:
    folder = Path(settings.MEDIA_ROOT) / "officer-photos"
    return sorted(folder.iterdir()) if folder.exists() else []


def post_photo(client, officer, content=None, *, reason=REASON, **kw):
    data = {"reason": reason}
    if content is not None:
        data["photo"] = upload(content, **kw)
    return client.post(f"/manage/officer/{officer.pk}/photo/", data)


def test_it_stores_an_upright_reduced_copy_without_exif(world, client_as):
    officer = world.officers[0]
    # Landscape pixels with EXIF orientation 6 (turn 90°): the portrait is 1200×1600 upright.
    response = post_photo(client_as("county_admin"), officer, jpeg_with_gps(orientation=6), name="张伟测.jpg")
    assert response.status_code == 302 and response["Location"] == f"/manage/officer/{officer.pk}/"
    officer.refresh_from_db()
    name = officer.photo.name
    assert name.startswith("officer-photos/") and name.endswith(".jpg")
    assert "张伟测" not in name and len(Path(name).stem) == 32  # random, not the sender's name
    [path] = stored_files()
    assert path.name == Path(name).name
    raw = path.read_bytes()
    assert CAMERA.encode() not in raw and b"Exif" not in raw
    with Image.open(path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (600, 800)
        assert not stored.getexif()
        assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    change = CatalogChange.objects.get(subject_type="officer", subject_id=officer.pk, reason=REASON)
    assert change.public is False and change.summary == "已添加照片。"


def test_it_accepts_a_png_with_transparency_and_stores_a_jpeg(world):
    officer = world.officers[1]
    actions.set_officer_photo(
        actor=world.user("admin"),
        officer=officer,
        upload=upload(png_bytes((900, 900), "RGBA"), "a.png", "image/png"),
        reason=REASON,
    )
    officer.refresh_from_db()
    with officer.photo.open("rb") as handle, Image.open(handle) as stored:
        assert stored.format == "JPEG" and stored.mode == "RGB" and stored.size == (600, 600)


def test_it_keeps_the_previous_file_when_the_photo_is_replaced(world, client_as):
    client = client_as("county_admin")
    officer = world.officers[0]
    assert post_photo(client, officer, png_bytes(), name="a.png").status_code == 302
    officer.refresh_from_db()
    first = officer.photo.name
    assert post_photo(client, officer, jpeg_with_gps()).status_code == 302
    officer.refresh_from_db()
    assert officer.photo.name != first
    assert [p.name for p in stored_files()] == sorted([Path(first).name, Path(officer.photo.name).name])
    latest = CatalogChange.objects.filter(subject_type="officer", subject_id=officer.pk).first()
    assert latest is not None and latest.public is False
    assert latest.summary == f"已更换照片，原文件 {first} 予以保留。"


@pytest.mark.parametrize(
    ("content", "name", "content_type", "message"),
    [
        (b"just text, not a picture" * 10, "photo.jpg", "image/jpeg", "照片须为 JPEG 或 PNG 图片。"),
        (b"GIF89a" + b"\0" * 200, "photo.png", "image/png", "照片须为 JPEG 或 PNG 图片。"),
        (b"%PDF-1.7\n" + b"0" * 200, "photo.jpg", "image/jpeg", "照片须为 JPEG 或 PNG 图片。"),
        (png_bytes()[:60], "photo.png", "image/png", "照片已损坏或无法识别。"),
        (b"\xff\xd8\xff\xe0" + b"\0" * PHOTO_MAX_BYTES, "photo.jpg", "image/jpeg", "照片大于 5 MB。"),
        (b"", "photo.jpg", "image/jpeg", "照片文件为空。"),
    ],
    ids=["text-named-jpg", "gif", "pdf", "damaged-png", "over-5-mb", "empty"],
)
def test_it_refuses_what_is_not_a_small_jpeg_or_png_and_writes_nothing(
    world, client_as, content, name, content_type, message
):
    officer = world.officers[0]
    client = client_as("county_admin")  # signing in writes last_login: do it before the fingerprint
    before = database_fingerprint()
    response = post_photo(client, officer, content, name=name, content_type=content_type)
    assert response.status_code == 400
    body = response.content.decode()
    assert f'<p class="field-error" data-field="photo">{message}</p>' in body
    assert REASON in body  # the reason typed is shown again
    assert database_fingerprint() == before
    assert stored_files() == []


def test_it_refuses_an_image_with_too_many_pixels(world):
    # 8000×8000 one-bit pixels compress to a few kilobytes but decode to 64 million pixels.
    buffer = io.BytesIO()
    Image.new("1", (8000, 8000)).save(buffer, "PNG")
    assert buffer.tell() < PHOTO_MAX_BYTES
    before = database_fingerprint()
    with pytest.raises(Invalid) as refused:
        actions.set_officer_photo(
            actor=world.user("admin"),
            officer=world.officers[0],
            upload=upload(buffer.getvalue(), "big.png", "image/png"),
            reason=REASON,
        )
    assert refused.value.field == "photo" and refused.value.code == "photo_too_many_pixels"
    assert str(refused.value.message) == "照片像素过多，最多 40 百万像素。"
    assert database_fingerprint() == before and stored_files() == []


def test_it_names_every_missing_field(world, client_as):
    officer = world.officers[0]
    client = client_as("county_admin")
    before = database_fingerprint()
    response = post_photo(client, officer, None, reason=" ")
    assert response.status_code == 400
    body = response.content.decode()
    assert '<p class="field-error" data-field="photo">请选择要上传的照片。</p>' in body
    assert '<p class="field-error" data-field="reason">调整理由为必填项。</p>' in body
    assert database_fingerprint() == before and stored_files() == []


@pytest.mark.parametrize(("persona", "status"), [("head", 403), ("officer", 403), ("other_head", 404)])
def test_only_an_administrator_in_scope_may_upload(world, client_as, persona, status):
    client = client_as(persona)
    before = database_fingerprint()
    response = post_photo(client, world.officers[0], png_bytes(), name="a.png")
    assert response.status_code == status
    assert database_fingerprint() == before and stored_files() == []


def test_the_action_refuses_without_permission_and_for_an_officer_who_left(world):
    officer = world.officers[2]
    with pytest.raises(NotAllowed):
        actions.set_officer_photo(
            actor=world.user("other_head"), officer=officer, upload=upload(png_bytes()), reason=REASON
        )
    actions.retire_officer(actor=world.user("admin"), officer=officer, reason="调离")
    with pytest.raises(WrongState):
        actions.set_officer_photo(
            actor=world.user("admin"), officer=officer, upload=upload(png_bytes()), reason=REASON
        )
    assert stored_files() == []


def _with_photo(world):
    officer = world.officers[0]
    actions.set_officer_photo(
        actor=world.user("admin"), officer=officer, upload=upload(jpeg_with_gps()), reason=REASON
    )
    officer.refresh_from_db()
    return officer


@pytest.mark.parametrize("persona", ["officer", "head", "supervisor", "county_admin", "admin"])
def test_it_serves_the_photo_privately_to_who_sees_the_agency(world, client_as, persona):
    officer = _with_photo(world)
    response = client_as(persona).get(f"/manage/officer/{officer.pk}/photo.jpg")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    content = b"".join(response.streaming_content)
    assert content == Path(settings.MEDIA_ROOT, officer.photo.name).read_bytes()
    page = client_as(persona).get(f"/manage/officer/{officer.pk}/").content.decode()
    assert f'src="/manage/officer/{officer.pk}/photo.jpg"' in page


def test_it_serves_the_photo_to_nobody_else(world, client, client_as):
    officer = _with_photo(world)
    url = f"/manage/officer/{officer.pk}/photo.jpg"
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert client_as("other_head").get(url).status_code == 404
    # An officer without a photo has none to serve.
    assert client_as("admin").get(f"/manage/officer/{world.officers[1].pk}/photo.jpg").status_code == 404


def test_the_upload_form_is_shown_to_administrators_only(world, client_as):
    officer = world.officers[0]
    form = f'action="/manage/officer/{officer.pk}/photo/"'
    assert form in client_as("county_admin").get(f"/manage/officer/{officer.pk}/").content.decode()
    assert form not in client_as("head").get(f"/manage/officer/{officer.pk}/").content.decode()


def test_no_public_page_or_public_api_exposes_the_photo(world, client):
    officer = _with_photo(world)
    stem = Path(officer.photo.name).stem
    cert = world.certificates[0]
    agency = world.agency.pk
    # Pages that show this officer: the photo must not come with them.
    showing_officer = [
        f"/agencies/{agency}/officers/",
        f"/search/?q={officer.name}",
        f"/search/?q={cert.number}",
        f"/verify/?number={cert.number}",
        f"/certificates/{make_token(cert)}/",
        f"/api/v1/catalog/agencies/{agency}/officers",
        f"/api/v1/catalog/certificates/verify?number={cert.number}",
    ]
    others = [
        "/",
        f"/agencies/{agency}/",
        f"/agencies/{agency}/changes/",
        f"/api/v1/catalog/agencies/{agency}",
        f"/api/v1/catalog/agencies/{agency}/changes",
    ]
    for url in showing_officer + others:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        if url.startswith("/api/"):
            body = json.dumps(response.json(), ensure_ascii=False)
        if url in showing_officer:
            assert officer.name in body, url
        assert stem not in body and "officer-photos" not in body and "photo" not in body.lower(), url
    # The photo's own address asks to sign in; it is not a public page.
    assert client.get(f"/manage/officer/{officer.pk}/photo.jpg").status_code == 302
    assert Officer.objects.get(pk=officer.pk).photo.name.endswith(f"{stem}.jpg")
