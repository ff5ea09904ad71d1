"""The exported case file: its layout, the catalogue, and that it verifies offline."""

from __future__ import annotations

import json
import zipfile

from sanxiang.casefiles import layout
from sanxiang.casefiles.export import export_to
from sanxiang.casefiles.verify import verify_package


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
