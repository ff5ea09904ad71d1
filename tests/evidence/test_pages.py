from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from sanxiang.evidence import actions, demo
from sanxiang.evidence.models import AVExemption, Evidence, RecordingDevice
from sanxiang.recordlog.models import Entry
from tests.evidence.conftest import blob_files


def _upload(client: Any, case: Any, *files: tuple[str, bytes], **fields: Any) -> Any:
    data: dict[str, Any] = {"kind": "physical", **fields}
    data["files"] = [SimpleUploadedFile(name, content) for name, content in files]
    return client.post(f"/evidence/case/{case.pk}/upload/", data)


def test_the_case_page_shows_the_panel_with_the_phone_upload_form(client_as, case):
    html = client_as("officer").get(f"/cases/{case.pk}/").content.decode()
    assert 'id="evidence"' in html
    assert 'accept="image/*,video/*,audio/*"' in html and 'capture="environment"' in html
    assert "webkitdirectory" in html and "multiple" in html
    assert "尚无证据" in html


def test_uploading_several_files_from_the_page(client_as, case, _blob_root):
    client = client_as("officer")
    response = _upload(
        client, case, ("a.jpg", demo.photo_bytes(text="a")), ("b.jpg", demo.photo_bytes(text="b"))
    )
    assert response.status_code == 200
    assert Evidence.objects.count() == 2
    html = client.get(f"/cases/{case.pk}/").content.decode()
    for item in Evidence.objects.all():
        assert item.blob.sha256 in html
    assert list((_blob_root / "tmp").iterdir()) == []


def test_a_bad_file_on_the_page_names_the_field_and_code(client_as, case, _blob_root):
    response = _upload(client_as("officer"), case, ("x.jpg", b""))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-code="file_empty"' in html and 'data-field="file"' in html
    assert "文件为空" in html
    assert Evidence.objects.count() == 0 and blob_files(_blob_root) == []


def test_the_item_page_shows_both_times_and_the_download_is_logged(client_as, world, case, upload):
    import datetime as dt

    taken = dt.datetime(2026, 9, 30, 16, 15, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    data = demo.photo_bytes(taken_at=taken)
    item = actions.add_evidence(
        actor=world.user("officer"), case=case, upload=upload(data, "p.jpg"), data={"kind": "physical"}
    )
    client = client_as("head")
    html = client.get(f"/evidence/item/{item.pk}/").content.decode()
    assert "2026-09-30 16:15:30" in html
    assert item.uploaded_at.astimezone(taken.tzinfo).strftime("%Y-%m-%d %H:%M") in html
    assert item.blob.sha256 in html
    before = Entry.objects.filter(kind="access.evidence_file").count()
    download = client.get(f"/evidence/item/{item.pk}/file/")
    assert b"".join(download.streaming_content) == data
    assert download["Content-Disposition"].startswith("attachment")
    preview = client.get(f"/evidence/item/{item.pk}/file/?inline=1")
    assert preview["Content-Disposition"].startswith("inline")
    assert "sandbox" in preview["Content-Security-Policy"]
    assert client.get(f"/evidence/item/{item.pk}/thumbnail/").status_code == 200
    reads = Entry.objects.filter(kind="access.evidence_file").order_by("seq")
    assert reads.count() == before + 3
    assert [e.payload["channel"] for e in reads][-3:] == ["page.download", "page.preview", "page.thumbnail"]
    assert client_as("other_head").get(f"/evidence/item/{item.pk}/file/").status_code == 404


def test_withdrawing_from_the_page(client_as, world, case, upload):
    item = actions.add_evidence(
        actor=world.user("officer"),
        case=case,
        upload=upload(demo.photo_bytes(), "p.jpg"),
        data={"kind": "physical"},
    )
    client = client_as("officer")
    refused = client.post(f"/evidence/item/{item.pk}/withdraw/", {"reason": ""})
    assert refused.status_code == 400
    assert client.post(f"/evidence/item/{item.pk}/withdraw/", {"reason": "重复上传"}).status_code == 302
    item.refresh_from_db()
    assert item.withdrawn_reason == "重复上传"


def test_the_head_keeps_the_device_ledger(client_as, world):
    url = f"/evidence/agency/{world.agency.pk}/devices/"
    head = client_as("head")
    response = head.post(
        url, {"device_id": "DSJ-007", "model": "DSJ-V9", "status": "in_use", "officer": world.officers[0].pk}
    )
    assert response.status_code == 302
    device = RecordingDevice.objects.get()
    assert device.officer == world.officers[0]
    duplicate = head.post(url, {"device_id": "DSJ-007", "status": "in_use"})
    assert duplicate.status_code == 400 and 'data-code="device_duplicate"' in duplicate.content.decode()
    assert (
        head.post(f"/evidence/device/{device.pk}/", {"status": "repair", "model": "DSJ-V9"}).status_code
        == 302
    )
    device.refresh_from_db()
    assert device.status == "repair"
    officer = client_as("officer")
    assert "DSJ-007" in officer.get(url).content.decode()
    assert officer.post(url, {"device_id": "DSJ-008", "status": "in_use"}).status_code == 403
    assert RecordingDevice.objects.count() == 1


def test_an_exemption_is_requested_by_the_officer_and_approved_by_the_head(client_as, case):
    response = client_as("officer").post(
        f"/evidence/case/{case.pk}/exemptions/", {"step": "file", "reason": "涉及国家秘密，不予录像"}
    )
    assert response.status_code == 302
    exemption = AVExemption.objects.get()
    assert client_as("officer").post(f"/evidence/exemptions/{exemption.pk}/approve/").status_code == 403
    assert client_as("head").post(f"/evidence/exemptions/{exemption.pk}/approve/").status_code == 302
    exemption.refresh_from_db()
    assert exemption.approved_at is not None


def test_a_reader_without_the_right_to_personal_data_sees_the_item_but_not_its_bytes(
    client_as, world, case, upload
):
    """One personal-data rule for every file (security review F6): the supervisor reads the item's
    description, hash and proof, but the photo itself (which may show an identity card) is withheld
    on the page, the preview, the thumbnail and the API, as in the redacted case-file package."""
    data = demo.photo_bytes()
    item = actions.add_evidence(
        actor=world.user("officer"), case=case, upload=upload(data, "id-card.jpg"), data={"kind": "physical"}
    )
    before = Entry.objects.filter(kind="access.evidence_file").count()
    for persona in ("supervisor", "county_admin"):
        client = client_as(persona)
        html = client.get(f"/evidence/item/{item.pk}/").content.decode()
        assert item.blob.sha256 in html and "data-withheld" in html
        assert f"/evidence/item/{item.pk}/file/" not in html
        assert f"/evidence/item/{item.pk}/thumbnail/" not in html
        refused = client.get(f"/evidence/item/{item.pk}/file/")
        assert refused.status_code == 403
        assert "个人信息保护法" in refused.content.decode()
        assert client.get(f"/evidence/item/{item.pk}/file/?inline=1").status_code == 403
        assert client.get(f"/evidence/item/{item.pk}/thumbnail/").status_code == 404
        api = client.get(f"/api/v1/evidence/items/{item.pk}/file")
        assert api.status_code == 403 and api.json()["code"] == "personal_data_withheld"
        assert client.get(f"/api/v1/evidence/items/{item.pk}").status_code == 200
    assert Entry.objects.filter(kind="access.evidence_file").count() == before
    officer = client_as("officer").get(f"/evidence/item/{item.pk}/file/")
    assert b"".join(officer.streaming_content) == data
