"""``sanxiang recordlog``: keys, checkpoints, proofs as JSON, and checking them offline."""

from __future__ import annotations

import base64
import json

import pytest
from django.core.management import CommandError, call_command

from sanxiang.recordlog import actions, queries


def run(capsys, *args):
    call_command("recordlog", *args)
    return capsys.readouterr().out


@pytest.fixture
def grown(append):
    for _ in range(9):
        append()
    actions.make_checkpoint()
    for _ in range(8):
        append()
    actions.make_checkpoint()


def test_init_key_writes_a_key_and_prints_the_verifier_key(settings, tmp_path, capsys, db):
    settings.RECORDLOG_SIGNING_KEY_FILE = tmp_path / "new" / "key"
    out = run(capsys, "init-key")
    assert settings.RECORDLOG_SIGNING_KEY_FILE.exists()
    assert queries.verifier_key_text() in out


def test_checkpoint_signs_only_when_grown(append, capsys):
    append()
    assert run(capsys, "checkpoint").startswith("127.0.0.1/recordlog\n1\n")
    assert "\u2014 127.0.0.1/recordlog " not in run(capsys, "checkpoint")
    assert run(capsys, "checkpoint", "--force").startswith("127.0.0.1/recordlog\n1\n")


def test_an_inclusion_proof_round_trips_through_a_file(grown, capsys, tmp_path):
    data = json.loads(run(capsys, "prove-inclusion", "4"))
    assert (data["type"], data["seq"], data["tree_size"], data["hash_alg"]) == ("inclusion", 4, 17, "sha256")
    assert data["checkpoint"] == queries.latest_checkpoint().signed_note
    path = tmp_path / "proof.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = run(capsys, "verify-proof", str(path), "--key", queries.verifier_key_text())
    assert " 4 " in out and "17" in out
    # at an older, signed size
    data = json.loads(run(capsys, "prove-inclusion", "4", "--size", "9"))
    path.write_text(json.dumps(data), encoding="utf-8")
    run(capsys, "verify-proof", str(path))


@pytest.mark.parametrize(
    "forge",
    [
        lambda d: d.update(seq=5),
        lambda d: d.update(entry=base64.b64encode(b"{}").decode()),
        lambda d: d["proof"].pop(),
        lambda d: d.update(checkpoint=d["checkpoint"].replace("\n17\n", "\n18\n")),
    ],
)
def test_a_forged_inclusion_proof_is_refused(grown, capsys, tmp_path, forge):
    data = json.loads(run(capsys, "prove-inclusion", "4"))
    forge(data)
    path = tmp_path / "proof.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("recordlog", "verify-proof", str(path))


def test_a_consistency_proof_between_checkpoints(grown, capsys, tmp_path):
    data = json.loads(run(capsys, "prove-consistency", "9", "17"))
    assert data["old_checkpoint"] and data["new_checkpoint"]
    path = tmp_path / "proof.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    run(capsys, "verify-proof", str(path))
    data["old_checkpoint"] = None
    data["old_root"] = data["new_root"]
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("recordlog", "verify-proof", str(path))


def test_verify_reports_success(grown, capsys):
    out = run(capsys, "verify")
    assert "17" in out
