"""The public record log pages, on a real database with a real signing key and real uploads."""

from __future__ import annotations

import hashlib
import json
import re
from io import StringIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from sanxiang.recordlog import actions, merkle, queries, signing, views
from sanxiang.recordlog.models import Checkpoint, Entry
from tests.recordlog_portal.conftest import filler, record_file

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fff]")
PRIVATE = ("张三", "330101199001010011")
PAGES = ["overview", "checkpoint", "checkpoints", "key", "check"]


def text_of(response: Any) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def check(client: Any, **data: Any) -> Any:
    return client.post(reverse("recordlog_public:check"), data)


def upload(content: bytes, name: str = "决定书.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def logged() -> dict[str, Any]:
    """A log of 11 entries, one of which recorded DECISION, and a checkpoint over all of them."""
    filler(6)
    entry = record_file(DECISION)
    filler(4)
    checkpoint = actions.make_checkpoint()
    assert checkpoint is not None
    return {"entry": entry, "checkpoint": checkpoint}


DECISION = b"%PDF-1.7\n" + "行政处罚决定书 东市监罚〔2026〕12号".encode() * 200


@pytest.mark.parametrize("name", PAGES)
def test_each_page_answers_in_chinese_before_anything_is_recorded(client, name):
    response = client.get(reverse(f"recordlog_public:{name}"))
    assert response.status_code == 200
    assert CHINESE.search(text_of(response))
    assert "记录核验" in text_of(response)  # the navigation link


@pytest.mark.parametrize("name", PAGES)
def test_each_page_answers_in_chinese_with_a_log(client, logged, name):
    response = client.get(reverse(f"recordlog_public:{name}"))
    assert response.status_code == 200
    text = text_of(response)
    assert CHINESE.search(text)
    for private in PRIVATE:
        assert private not in text


def test_overview_explains_and_shows_the_latest_checkpoint(client, logged):
    text = text_of(client.get(reverse("recordlog_public:overview")))
    assert "默克尔树" in text
    assert "覆盖 11 条记录" in text
    assert "verify-proof" in text
    assert "/recordlog/checkpoint.txt" in text


def test_checkpoint_txt_is_the_signed_note_and_verifies(client, logged, signing_key):
    response = client.get(reverse("recordlog_public:checkpoint_txt"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    note = response.content.decode()
    assert note == logged["checkpoint"].signed_note
    origin, size, root = signing.verify_note(note, signing.verifier_key(queries.get_log().origin))
    assert size == 11
    assert root == queries.root_at(11)
    assert origin == queries.get_log().origin
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=60" in cache_control
    etag = response["ETag"]
    assert etag
    again = client.get(reverse("recordlog_public:checkpoint_txt"), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    # A new checkpoint changes the tag, so pollers see it at once.
    filler(1)
    actions.make_checkpoint()
    newer = client.get(reverse("recordlog_public:checkpoint_txt"), HTTP_IF_NONE_MATCH=etag)
    assert newer.status_code == 200
    assert newer["ETag"] != etag
    assert signing.verify_note(newer.content.decode(), signing.verifier_key())[1] == 12


def test_checkpoint_txt_without_a_checkpoint_is_404_in_chinese(client):
    response = client.get(reverse("recordlog_public:checkpoint_txt"))
    assert response.status_code == 404
    assert "尚未签发任何检查点" in response.content.decode()


def test_checkpoint_page_shows_size_root_and_note(client, logged):
    checkpoint = logged["checkpoint"]
    text = text_of(client.get(reverse("recordlog_public:checkpoint")))
    assert bytes(checkpoint.root_hash).hex() in text
    assert "树大小" in text
    assert checkpoint.signed_note.splitlines()[-1].split(" ")[-1] in text


def test_history_is_paginated_newest_first_with_note_downloads(client, signing_key):
    for _n in range(23):
        filler(1)
        assert actions.make_checkpoint() is not None
    first = client.get(reverse("recordlog_public:checkpoints"))
    text = text_of(first)
    assert "第 1 页，共 2 页" in text or "共 2 页" in text
    sizes = [int(s) for s in re.findall(r"/recordlog/checkpoints/(\d+)\.txt", first.content.decode())]
    assert sizes == list(range(23, 3, -1))
    second = client.get(reverse("recordlog_public:checkpoints") + "?page=2")
    assert [int(s) for s in re.findall(r"/recordlog/checkpoints/(\d+)\.txt", second.content.decode())] == [
        3,
        2,
        1,
    ]
    for size in (1, 23):
        checkpoint = Checkpoint.objects.get(tree_size=size)
        assert bytes(checkpoint.root_hash).hex() in text_of(first if size == 23 else second)
        note = client.get(reverse("recordlog_public:checkpoint_note", args=[size]))
        assert note.status_code == 200
        assert "attachment" in note["Content-Disposition"]
        assert signing.verify_note(note.content.decode(), signing.verifier_key())[1] == size
    assert client.get(reverse("recordlog_public:checkpoint_note", args=[99])).status_code == 404


def test_the_verifier_key_is_published_as_text(client, logged, signing_key):
    response = client.get(reverse("recordlog_public:key_txt"))
    assert response.status_code == 200
    key = response.content.decode().strip()
    assert key == signing.verifier_key(queries.get_log().origin)
    assert signing.parse_verifier_key(key).name == queries.get_log().origin
    assert key in text_of(client.get(reverse("recordlog_public:key")))


def test_without_a_signing_key_the_key_page_says_so(client, settings, tmp_path):
    settings.RECORDLOG_SIGNING_KEY_FILE = tmp_path / "none" / "missing.key"
    assert "尚未生成" in text_of(client.get(reverse("recordlog_public:key")))
    assert client.get(reverse("recordlog_public:key_txt")).status_code == 404


# --- the file check -----------------------------------------------------------------------------


def test_a_recorded_file_is_found_with_a_verified_proof(client, logged, tmp_path, signing_key):
    entry = logged["entry"]
    response = check(client, file=upload(DECISION))
    assert response.status_code == 200
    text = text_of(response)
    assert "已记录" in text
    assert hashlib.sha256(DECISION).hexdigest() in text
    assert "决定书.pdf" in text
    assert f"第 {entry.seq} 号记录" in text
    assert "evidence.stored" in text
    assert "证明已通过验证" in text
    assert "未通过" not in text
    for private in PRIVATE:
        assert private not in response.content.decode()

    # The proof shown is the real one, and it verifies against the signed root.
    size = logged["checkpoint"].tree_size
    proof = queries.inclusion_proof(entry.seq, size)
    for item in proof:
        assert item.hex() in text
    merkle.verify_inclusion(bytes(entry.leaf_hash), entry.seq, size, proof, queries.root_at(size), "sha256")

    # The JSON download checks offline with the command, against the published key.
    link = re.search(r'href="(/recordlog/check/[0-9a-f]{64}/proof-\d+\.json)"', response.content.decode())
    assert link
    download = client.get(link.group(1))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    for private in PRIVATE:
        assert private not in download.content.decode()
    data = json.loads(download.content)
    assert data["seq"] == entry.seq and data["tree_size"] == size
    assert data["file_sha256"] == hashlib.sha256(DECISION).hexdigest()
    assert "entry" not in data  # the entry's bytes hold the payload
    proof_file = tmp_path / "proof.json"
    proof_file.write_bytes(download.content)
    key_file = tmp_path / "key.txt"
    key_file.write_bytes(client.get(reverse("recordlog_public:key_txt")).content)
    out = StringIO()
    call_command("recordlog", "verify-proof", str(proof_file), "--key", str(key_file), stdout=out)
    assert str(entry.seq) in out.getvalue()


def test_a_forged_proof_download_is_refused_offline(client, logged, tmp_path):
    entry = logged["entry"]
    digest = hashlib.sha256(DECISION).hexdigest()
    data = json.loads(client.get(reverse("recordlog_public:proof_json", args=[digest, entry.seq])).content)
    data["seq"] = entry.seq + 1
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(data), encoding="utf-8")
    key_file = tmp_path / "key.txt"
    key_file.write_text(signing.verifier_key(), encoding="utf-8")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("recordlog", "verify-proof", str(forged), "--key", str(key_file), stdout=StringIO())


def test_a_pasted_sha256_is_found_too_in_any_case(client, logged):
    digest = hashlib.sha256(DECISION).hexdigest().upper()
    text = text_of(check(client, sha256=f"  {digest} "))
    assert "已记录" in text and "证明已通过验证" in text


def test_a_file_recorded_twice_shows_both_entries(client, logged):
    second = record_file(DECISION, n=5)
    actions.make_checkpoint()
    text = text_of(check(client, file=upload(DECISION)))
    assert "共 2 条记录" in text
    assert f"第 {logged['entry'].seq} 号记录" in text and f"第 {second.seq} 号记录" in text
    assert text.count("证明已通过验证") == 2


def test_an_unrecorded_file_is_not_found(client, logged):
    response = check(client, file=upload(DECISION + b"\n"))
    assert response.status_code == 200
    text = text_of(response)
    assert "未记录" in text
    assert "已记录" not in text
    assert hashlib.sha256(DECISION + b"\n").hexdigest() in text


def test_a_file_recorded_after_the_last_checkpoint_waits_for_the_next(client, logged):
    record_file(b"new file", n=9)
    text = text_of(check(client, file=upload(b"new file")))
    assert "已记录" in text
    assert "尚未被已签名的检查点覆盖" in text
    assert "证明已通过验证" not in text


def test_a_large_upload_is_hashed_as_it_streams(client, logged):
    big = bytes(range(256)) * (12 * 1024)  # 3 MiB: beyond the in-memory upload size
    record_file(big, n=7)
    actions.make_checkpoint()
    text = text_of(check(client, file=upload(big, "录像.mp4")))
    assert "已记录" in text and "证明已通过验证" in text


def test_the_upload_handler_hashes_chunk_by_chunk_and_keeps_nothing():
    handler = views.DigestUploadHandler(None)
    handler.new_file("file", "a.bin", "application/octet-stream", None)
    for chunk in (b"abc", b"def", b""):
        assert handler.receive_data_chunk(chunk, 0) is None
    result = handler.file_complete(6)
    assert result.sha256 == hashlib.sha256(b"abcdef").hexdigest()
    assert result.size == 6 and result.name == "a.bin"


@pytest.mark.parametrize("value", ["xyz", "abc123", "g" * 64, "a" * 63, "a" * 65, "a" * 64 + "; drop"])
def test_malformed_hex_is_400_naming_the_field(client, value):
    response = check(client, sha256=value)
    assert response.status_code == 400
    text = text_of(response)
    assert "SHA-256 值：请填写 64 位十六进制字符" in text
    assert 'class="field has-error"' in response.content.decode()


def test_nothing_given_is_400_naming_the_file_field(client):
    response = check(client)
    assert response.status_code == 400
    assert "文件：请选择文件" in text_of(response)


def test_file_and_hex_together_is_400(client):
    response = check(client, file=upload(b"x"), sha256="a" * 64)
    assert response.status_code == 400
    assert "只提供文件或 SHA-256 值中的一项" in text_of(response)


def test_too_large_uploads_are_refused(client, monkeypatch):
    monkeypatch.setattr(views, "MAX_UPLOAD_BYTES", 1000)
    # Announced too large: refused before the body is read.
    monkeypatch.setattr(views, "MULTIPART_SLACK", 0)
    early = check(client, file=upload(b"x" * 5000))
    assert early.status_code == 413
    assert "文件超过" in text_of(early)
    # Larger than it was announced (or within the slack): the handler stops it as it streams.
    monkeypatch.setattr(views, "MULTIPART_SLACK", 10**6)
    late = check(client, file=upload(b"x" * 5000))
    assert late.status_code == 413
    assert "文件超过" in text_of(late)


def test_checks_are_rate_limited_per_address(client):
    digest = "a" * 64
    for _ in range(views.CHECKS_PER_MINUTE):
        assert check(client, sha256=digest).status_code == 200
    refused = check(client, sha256=digest)
    assert refused.status_code == 429
    assert "请稍候" in text_of(refused)


def test_proof_download_needs_the_matching_digest(client, logged):
    entry = logged["entry"]
    digest = hashlib.sha256(DECISION).hexdigest()
    url = reverse("recordlog_public:proof_json", args=[digest, entry.seq])
    assert client.get(url).status_code == 200
    assert client.get(reverse("recordlog_public:proof_json", args=[digest, 0])).status_code == 404
    assert client.get(reverse("recordlog_public:proof_json", args=["b" * 64, entry.seq])).status_code == 404
    assert client.get(reverse("recordlog_public:proof_json", args=["nothex", entry.seq])).status_code == 404


def test_the_pages_write_nothing(client):
    """Public GETs must not create the log row (queries.get_log would)."""
    for name in [*PAGES, "checkpoint_txt", "key_txt"]:
        client.get(reverse(f"recordlog_public:{name}"))
    check(client, sha256="a" * 64)
    assert not Entry.objects.exists()
    from sanxiang.recordlog.models import Log

    assert not Log.objects.exists()


def test_a_checkpoint_that_does_not_verify_is_reported(client, logged, settings, tmp_path):
    # Another key than the one that signed: the page must not call the proof verified.
    other = tmp_path / "other.key"
    signing.write_new_key(other)
    settings.RECORDLOG_SIGNING_KEY_FILE = other
    text = text_of(check(client, file=upload(DECISION)))
    assert "已记录" in text
    assert "证明未通过验证" in text
    assert "证明已通过验证" not in text


def test_the_nav_link_is_on_the_portal(client):
    assert 'href="/recordlog/"' in client.get("/").content.decode()


def test_pollers_may_use_head(client, logged):
    response = client.head(reverse("recordlog_public:checkpoint_txt"))
    assert response.status_code == 200
    assert response["ETag"]
    assert "max-age=60" in response["Cache-Control"]
