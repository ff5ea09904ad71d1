from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from sanxiang.evidence import demo
from sanxiang.evidence.models import Blob, Evidence
from sanxiang.recordlog import merkle
from sanxiang.recordlog.models import Entry
from tests.evidence.conftest import blob_files


def _post(client: Any, case: Any, files: list[tuple[str, bytes]], **fields: Any) -> Any:
    data: dict[str, Any] = {"kind": "physical", **fields}
    data["files"] = [SimpleUploadedFile(name, content) for name, content in files]
    return client.post(f"/api/v1/evidence/cases/{case.pk}/items", data)


def test_it_uploads_lists_details_and_downloads(client_as, case, _blob_root):
    client = client_as("officer")
    photo = demo.photo_bytes()
    video = demo.video_bytes(seconds=1)
    response = _post(client, case, [("p.jpg", photo), ("v.mp4", video)], kind="audiovisual", place="人民路")
    assert response.status_code == 201, response.content
    items = response.json()["items"]
    assert [i["sha256"] for i in items] == [
        hashlib.sha256(photo).hexdigest(),
        hashlib.sha256(video).hexdigest(),
    ]
    assert items[1]["mime"] == "video/mp4" and items[1]["duration_ms"]
    # Nothing left in the upload area: each temporary file became its blob by rename.
    assert list((_blob_root / "tmp").iterdir()) == []

    listed = client.get(f"/api/v1/evidence/cases/{case.pk}/items").json()
    assert [i["id"] for i in listed["items"]] == [i["id"] for i in items]

    detail = client.get(f"/api/v1/evidence/items/{items[0]['id']}").json()
    proof = detail["inclusion"]
    entry = Entry.objects.get(seq=detail["log_seq"])
    assert entry.digest == detail["sha256"]
    merkle.verify_inclusion(
        bytes(entry.leaf_hash),
        proof["seq"],
        proof["tree_size"],
        [base64.b64decode(p) for p in proof["proof"]],
        base64.b64decode(proof["root"]),
        proof["hash_alg"],
    )

    reads = Entry.objects.filter(kind="access.evidence_file").count()
    download = client.get(f"/api/v1/evidence/items/{items[0]['id']}/file")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == photo
    assert download["X-Content-SHA256"] == items[0]["sha256"]
    assert Entry.objects.filter(kind="access.evidence_file").count() == reads + 1


def test_a_bad_file_is_answered_with_its_code_and_nothing_is_stored(client_as, case, _blob_root):
    client = client_as("officer")
    before = Entry.objects.count()
    response = _post(client, case, [("ok.jpg", demo.photo_bytes()), ("empty.jpg", b"")])
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["field"]) == ("file_empty", "file")
    assert Evidence.objects.count() == 0 and Blob.objects.count() == 0
    assert blob_files(_blob_root) == []
    assert Entry.objects.count() == before


def test_wrong_type_is_400_with_the_article(client_as, case):
    response = _post(client_as("officer"), case, [("x.jpg", b"plain text, not a picture")], kind="physical")
    assert response.status_code == 400
    assert response.json()["code"] == "file_type"
    assert "第四十六条" in response.json()["citation"]


def test_without_files_is_400(client_as, case):
    response = client_as("officer").post(f"/api/v1/evidence/cases/{case.pk}/items", {"kind": "physical"})
    assert response.status_code == 400


def test_another_agency_sees_nothing_and_a_supervisor_cannot_upload(client_as, case, _blob_root):
    assert client_as("other_head").get(f"/api/v1/evidence/cases/{case.pk}/items").status_code == 404
    response = _post(client_as("supervisor"), case, [("p.jpg", demo.photo_bytes())])
    assert response.status_code == 403
    assert Evidence.objects.count() == 0
    assert blob_files(_blob_root) == []


def test_anonymous_upload_is_401_and_writes_no_temporary_file(client, case, _blob_root: Path):
    response = _post(client, case, [("p.jpg", demo.photo_bytes())])
    assert response.status_code == 401
    assert not (_blob_root / "tmp").exists() or list((_blob_root / "tmp").iterdir()) == []
