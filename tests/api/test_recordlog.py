"""The public record log API: checkpoints, verifier key, inclusion and consistency proofs, and the
digest look-up — each verified here with the log's own verifiers, as an outsider would."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from typing import Any

import pytest

from sanxiang.catalog import actions as catalog_actions
from sanxiang.recordlog import actions, merkle, queries, signing
from tests.api import get

PRIVATE = "330101199001010011"


@pytest.fixture(autouse=True)
def signing_key(settings: Any, tmp_path: Any) -> Any:
    """A key of the test's own, never var/'s."""
    settings.RECORDLOG_SIGNING_KEY_FILE = tmp_path / "recordlog-ed25519.key"
    signing.write_new_key(settings.RECORDLOG_SIGNING_KEY_FILE)
    return settings.RECORDLOG_SIGNING_KEY_FILE


def b64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def record_file(content: bytes, n: int = 0) -> Any:
    digest = hashlib.sha256(content).hexdigest()
    return actions.append(
        kind="evidence.stored",
        subject=("evidence.item", 500 + n),
        actor=None,
        payload={"digest": digest, "party": "张三", "id_number": PRIVATE},
        occurred_at=dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC),
        agency_id=1,
    )


def key_text(client: Any) -> str:
    response = get(client, "/recordlog/key")
    assert response.status_code == 200
    return response.json()["verifier_key"]


def assert_bad(response: Any, code: str) -> None:
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"]), body["message"]


def test_the_latest_checkpoint_is_signed_cacheable_and_has_an_etag(client, world):
    assert get(client, "/recordlog/checkpoint").status_code == 404
    checkpoint = actions.make_checkpoint()
    response = get(client, "/recordlog/checkpoint")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    etag = response["ETag"]
    body = response.json()
    assert body["note"] == checkpoint.signed_note
    assert body["tree_size"] == checkpoint.tree_size == queries.tree_size()
    assert b64(body["root_hash"]) == bytes(checkpoint.root_hash)
    origin, size, root = signing.verify_note(body["note"], key_text(client))
    assert (origin, size, root) == (body["origin"], body["tree_size"], b64(body["root_hash"]))
    assert body["hash_alg"] == "sha256"

    again = get(client, "/recordlog/checkpoint", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    catalog_actions.revoke_certificate(
        actor=world.user("county_admin"), certificate=world.certificates[0], reason="违法违纪"
    )
    actions.make_checkpoint()
    newer = get(client, "/recordlog/checkpoint", HTTP_IF_NONE_MATCH=etag)
    assert newer.status_code == 200
    assert newer["ETag"] != etag
    assert newer.json()["tree_size"] == size + 1


def test_the_checkpoint_history_is_paginated_oldest_first(client, world):
    sizes = []
    for n in range(3):
        record_file(b"file %d" % n, n)
        sizes.append(actions.make_checkpoint().tree_size)
    page = get(client, "/recordlog/checkpoints?limit=2").json()
    assert page["count"] == 3
    assert [item["tree_size"] for item in page["items"]] == sizes[:2]
    rest = get(client, "/recordlog/checkpoints?limit=2&offset=2").json()
    assert [item["tree_size"] for item in rest["items"]] == sizes[2:]
    key = key_text(client)
    for item in page["items"] + rest["items"]:
        assert signing.verify_note(item["note"], key)[1] == item["tree_size"]
    negative = get(client, "/recordlog/checkpoints?offset=-1")  # the shared PageIn bound (schemas.common)
    assert negative.status_code == 400 and negative.json()["errors"][0]["code"] == "too_small"


def test_the_verifier_key_is_published(client, db):
    response = get(client, "/recordlog/key")
    body = response.json()
    assert body["verifier_key"] == signing.verifier_key(body["origin"])
    assert signing.parse_verifier_key(body["verifier_key"]).name == body["origin"]
    assert "public" in response["Cache-Control"]


def test_no_key_is_a_404_and_a_get_creates_nothing(client, db, settings, tmp_path):
    from sanxiang.recordlog.models import Log

    settings.RECORDLOG_SIGNING_KEY_FILE = tmp_path / "none" / "missing.key"
    response = get(client, "/recordlog/key")
    assert response.status_code == 404
    assert response.json()["code"] == "recordlog_no_key"
    assert not settings.RECORDLOG_SIGNING_KEY_FILE.exists()
    assert get(client, "/recordlog/checkpoint").status_code == 404
    assert get(client, "/recordlog/lookup?sha256=" + "a" * 64).json()["matches"] == []
    assert not Log.objects.exists()


def test_every_inclusion_proof_verifies_against_the_signed_root(client, world):
    checkpoint = actions.make_checkpoint()
    size = checkpoint.tree_size
    key = key_text(client)
    for seq in range(size):
        body = get(client, f"/recordlog/entries/{seq}/inclusion?size={size}").json()
        assert (body["seq"], body["tree_size"]) == (seq, size)
        assert body["checkpoint"] == checkpoint.signed_note
        _origin, signed_size, signed_root = signing.verify_note(body["checkpoint"], key)
        assert signed_size == size and b64(body["root_hash"]) == signed_root
        leaf = b64(body["leaf_hash"])
        assert leaf == merkle.leaf_hash(bytes(queries.entry_at(seq).canonical), "sha256")
        merkle.verify_inclusion(leaf, seq, size, [b64(p) for p in body["proof"]], signed_root, "sha256")
        assert "payload" not in body


def test_an_inclusion_proof_for_an_unsigned_size_and_by_default_for_the_latest(client, world):
    first = actions.make_checkpoint().tree_size
    record_file(b"later")
    record_file(b"later still", 1)
    size = queries.tree_size()
    body = get(client, f"/recordlog/entries/1/inclusion?size={size - 1}").json()
    assert body["checkpoint"] is None
    root = b64(body["root_hash"])
    assert root == queries.root_at(size - 1)
    merkle.verify_inclusion(
        b64(body["leaf_hash"]), 1, size - 1, [b64(p) for p in body["proof"]], root, "sha256"
    )
    default = get(client, "/recordlog/entries/0/inclusion").json()
    assert default["tree_size"] == first
    assert default["checkpoint"] is not None


def test_consistency_proofs_verify_between_signed_checkpoints(client, world):
    old = actions.make_checkpoint()
    for n in range(5):
        record_file(b"more %d" % n, n)
    new = actions.make_checkpoint()
    key = key_text(client)
    body = get(client, f"/recordlog/consistency?old={old.tree_size}&new={new.tree_size}").json()
    _o, old_size, old_root = signing.verify_note(body["old_checkpoint"], key)
    _o, new_size, new_root = signing.verify_note(body["new_checkpoint"], key)
    assert (old_size, new_size) == (body["old"], body["new"])
    assert (b64(body["old_root"]), b64(body["new_root"])) == (old_root, new_root)
    merkle.verify_consistency(
        old_size, new_size, old_root, new_root, [b64(p) for p in body["proof"]], "sha256"
    )
    for m in range(0, new.tree_size + 1):
        each = get(client, f"/recordlog/consistency?old={m}").json()
        assert each["new"] == new.tree_size
        merkle.verify_consistency(
            m, new.tree_size, b64(each["old_root"]), new_root, [b64(p) for p in each["proof"]], "sha256"
        )


def test_the_look_up_proves_a_file_without_revealing_the_entry(client, world):
    content = b"%PDF-1.7 decision"
    entry = record_file(content)
    digest = hashlib.sha256(content).hexdigest()
    before = get(client, f"/recordlog/lookup?sha256={digest}").json()
    assert before["count"] == 1
    assert before["checkpoint"] is None
    assert before["matches"][0]["proof"] is None  # not yet covered by a signed checkpoint

    checkpoint = actions.make_checkpoint()
    response = get(client, f"/recordlog/lookup?sha256={digest.upper()}")
    body = response.json()
    assert set(body["matches"][0]) == {"seq", "kind", "recorded_at", "leaf_hash", "tree_size", "proof"}
    match = body["matches"][0]
    assert (match["seq"], match["kind"], match["tree_size"]) == (
        entry.seq,
        "evidence.stored",
        checkpoint.tree_size,
    )
    _origin, size, root = signing.verify_note(body["checkpoint"]["note"], key_text(client))
    merkle.verify_inclusion(
        b64(match["leaf_hash"]), match["seq"], size, [b64(p) for p in match["proof"]], root, "sha256"
    )
    text = response.content.decode()
    assert PRIVATE not in text and "张三" not in text and "payload" not in text
    assert get(client, "/recordlog/lookup?sha256=" + "0" * 64).json()["matches"] == []


def test_public_answers_never_carry_payloads(client, world):
    record_file(b"x")
    actions.make_checkpoint()
    size = queries.tree_size()
    urls = [
        "/recordlog/checkpoint",
        "/recordlog/checkpoints",
        f"/recordlog/entries/{size - 1}/inclusion",
        "/recordlog/consistency?old=1",
        "/recordlog/lookup?sha256=" + hashlib.sha256(b"x").hexdigest(),
    ]
    for url in urls:
        response = get(client, url)
        assert response.status_code == 200, url
        text = json.dumps(response.json(), ensure_ascii=False)
        assert PRIVATE not in text and "13800000000" not in text and "payload" not in text, url


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("/recordlog/entries/0/inclusion?size=100000", "recordlog_bad_size"),
        ("/recordlog/entries/-1/inclusion?size=1", "recordlog_negative"),
        ("/recordlog/entries/0/inclusion?size=-1", "recordlog_negative"),
        ("/recordlog/entries/5/inclusion?size=5", "recordlog_bad_seq"),
        ("/recordlog/entries/x/inclusion?size=1", "invalid"),
        ("/recordlog/consistency?old=3&new=2", "recordlog_bad_size"),
        ("/recordlog/consistency?old=-1&new=2", "recordlog_negative"),
        ("/recordlog/consistency?old=1&new=100000", "recordlog_bad_size"),
        ("/recordlog/consistency?old=abc&new=2", "invalid"),
        ("/recordlog/lookup?sha256=xyz", "recordlog_bad_digest"),
        ("/recordlog/lookup?sha256=" + "g" * 64, "recordlog_bad_digest"),
        ("/recordlog/lookup?sha256=" + "a" * 63, "recordlog_bad_digest"),
        ("/recordlog/lookup", "invalid"),
    ],
)
def test_bad_input_is_a_400_with_a_code_and_a_chinese_message(client, world, url, code):
    actions.make_checkpoint()
    assert_bad(get(client, url), code)
