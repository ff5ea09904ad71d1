"""The documents of a seizure count as the records its acts require: an issued 查封、扣押决定书
satisfies ``seizure_decision`` (行政强制法 Art. 24) without ticking it on the act, and the kinds
belong to the acts the case page offers them with."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sanxiang.cases import hooks
from sanxiang.documents import actions as document_actions
from sanxiang.documents.kinds import KINDS
from tests.cases.test_coercion import ITEMS, exempt_seizure, investigating


def test_an_issued_seizure_decision_is_the_record(world, open_case, act, settings: Any, tmp_path: Path):
    settings.BLOB_ROOT = tmp_path / "blobs"
    case = investigating(open_case(), act)
    exempt_seizure(world, case)
    act(case, "approve_seizure", who="head", reason="涉嫌经营过期食品")
    act(case, "seal_or_seize", items=ITEMS)
    assert "seizure_decision" not in hooks.records_from_other_apps(case)
    document = document_actions.issue_document(
        actor=world.user("officer"),
        case=case,
        kind="seizure_decision",
        entered={"items": ITEMS, "place": "东湖路仓库"},
    )
    assert "强〔2026〕1号" in document.number
    assert "seizure_decision" in hooks.records_from_other_apps(case)


def test_the_kinds_name_the_acts_they_belong_to():
    assert KINDS["preservation_notice"].acts == ("preserve_evidence",)
    assert KINDS["seizure_decision"].acts == ("seal_or_seize",)
    assert KINDS["seizure_release"].record == "seizure_release_decision"
