"""The exported case file: its layout, the catalogue, and that it verifies offline."""

from __future__ import annotations

import json
import subprocess
import zipfile

import pytest
from django.core.management import call_command

from sanxiang.casefiles import layout
from sanxiang.casefiles.contents import items_of
from sanxiang.casefiles.export import export_to
from sanxiang.casefiles.verify import verify_package
from sanxiang.core.errors import WrongState
from sanxiang.evidence import blobs
from tests.casefiles.conftest import run_general_case


def test_it_exports_a_closed_case_that_verifies(closed_case, tmp_path):
    out = tmp_path / "case.zip"
    result = export_to(closed_case, out)
    report = verify_package(out)
    assert report.ok, report.problems
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        assert {"bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt"} <= names
        assert layout.CATALOGUE in names and layout.CHECKPOINT in names and layout.VERIFIER_KEY in names
        case = json.loads(archive.read(layout.CASE_JSON))
        assert archive.read(layout.CATALOGUE).startswith(b"%PDF-")
    assert case["case"]["number"] == closed_case.number
    assert len(result.entries) == len(case["recordlog"]["entries"]) >= 9
    assert report.summary["entries"] == len(result.entries)


def test_a_full_file_holds_every_document_and_evidence_file_each_named_in_the_log(full_case, tmp_path):
    out = tmp_path / "full.zip"
    result = export_to(full_case, out)
    report = verify_package(out)
    assert report.ok, report.problems
    kinds = sorted(item.kind for item in result.items)
    assert kinds == ["document", "document", "evidence", "evidence", "evidence"]
    assert report.summary["documents"] == 2 and report.summary["evidence"] == 3
    assert report.summary["logged_files"] == 5
    with zipfile.ZipFile(out) as archive:
        case = json.loads(archive.read(layout.CASE_JSON))
        names = archive.namelist()
        for item in result.items:
            assert archive.read("data/" + item.path) == blobs.open_blob(item.sha256).read()
    by_path = {item["path"]: item for item in case["items"]}
    decision = next(i for i in by_path.values() if i["kind"] == "document" and i["format"] == "pdf")
    assert decision["number"] == "东湖县市场监督管理局罚〔2026〕1号" and decision["pages"] >= 1
    assert decision["path"].startswith("data/documents/D001-") and decision["path"] in names
    video = next(i for i in by_path.values() if i.get("mime") == "video/mp4")
    assert video["path"].endswith(".mp4") and video["log_seqs"]


def test_the_catalogue_lists_number_title_date_and_pages(full_case, tmp_path):
    out = tmp_path / "full.zip"
    export_to(full_case, out)
    with zipfile.ZipFile(out) as archive:
        pdf = tmp_path / "catalogue.pdf"
        pdf.write_bytes(archive.read(layout.CATALOGUE))
    text = "".join(
        subprocess.run(
            ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "卷内目录" in text and full_case.number in text
    assert "东湖县市场监督管理局罚〔2026〕1号" in text and "行政处罚决定书" in text
    assert "现场执法记录视频" in text and "2026-03-10" in text
    assert "序号" in text and "页数" in text and "题名" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Noto-Serif-CJK-SC" in fonts and "yes yes yes" in fonts  # embedded, subset, with Unicode map


def test_a_stored_file_altered_at_rest_stops_the_export(full_case, tmp_path, settings):
    item = next(i for i in items_of(full_case) if i.kind == "evidence")
    path = blobs.blob_path(item.sha256)
    path.chmod(0o640)
    path.write_bytes(path.read_bytes()[:-1] + b"\x00")
    out = tmp_path / "never.zip"
    with pytest.raises(WrongState) as refused:
        export_to(full_case, out)
    assert refused.value.code == "casefile_blob_altered"
    assert not out.exists() and not list(tmp_path.glob(".casefile-*"))


def test_each_packaged_proof_checks_alone_with_the_record_logs_own_tool(closed_case, tmp_path, capsys):
    out = tmp_path / "case.zip"
    result = export_to(closed_case, out)
    folder = tmp_path / "bag"
    with zipfile.ZipFile(out) as archive:
        archive.extractall(folder)
    seq = result.entries[0]
    call_command(
        "recordlog",
        "verify-proof",
        str(folder / layout.proof_path(seq)),
        "--checkpoint",
        str(folder / layout.CHECKPOINT),
        "--key",
        str(folder / layout.VERIFIER_KEY),
    )
    assert str(seq) in capsys.readouterr().out


def test_a_stored_file_gone_missing_stops_the_export_with_its_title(full_case, tmp_path):
    item = next(i for i in items_of(full_case) if i.kind == "evidence")
    blobs.blob_path(item.sha256).unlink()
    out = tmp_path / "never.zip"
    with pytest.raises(WrongState) as refused:
        export_to(full_case, out)
    assert refused.value.code == "casefile_blob_missing" and item.title in str(refused.value.message)
    assert not out.exists()


def test_a_log_that_hashes_with_sm3_gives_a_package_that_verifies(db, settings, request, tmp_path):
    settings.RECORDLOG_HASH = "sm3"  # before the first entry: the log is created with it
    world = request.getfixturevalue("world")
    clock = request.getfixturevalue("clock")
    case = run_general_case(world, clock, full=True)
    out = tmp_path / "sm3.zip"
    export_to(case, out)
    report = verify_package(out)
    assert report.ok, report.problems
    assert report.summary["hash_alg"] == "sm3" and report.summary["logged_files"] == 5
