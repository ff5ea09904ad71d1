"""An issued, not superseded document counts as the record it stands for when the engine checks the
case file, e.g. at closing; a superseded one is replaced by its newer version, not lost."""

from __future__ import annotations

import pytest

from sanxiang.cases.hooks import RECORD_SOURCES, records_from_other_apps
from sanxiang.core.errors import DomainError
from sanxiang.documents import actions, queries


def test_the_documents_app_is_a_record_source(world):
    assert queries.current_records in RECORD_SOURCES


def test_issued_documents_count_as_their_records_at_closing(world, walk, act):
    case = walk("executed")
    # Without the closing approval form the file is incomplete.
    with pytest.raises(DomainError) as refused:
        act(case, "close", who="head", records=[])
    assert refused.value.code == "records_missing" and "结案审批表" in str(refused.value.message)
    actions.issue_document(
        actor=world.user("officer"),
        case=case,
        kind="closing_approval",
        entered={"execution": "罚款已于3月12日缴清", "opinion": "建议结案"},
    )
    assert "closing_approval" in records_from_other_apps(case)
    act(case, "close", who="head", records=[])
    assert case.state == "closed"
    assert queries.current_records(case) == {"closing_approval"}


def test_a_reissued_document_still_counts_once_through_its_newest_version(world, walk):
    case = walk("executed")
    first = actions.issue_document(
        actor=world.user("officer"),
        case=case,
        kind="closing_approval",
        entered={"execution": "已缴清", "opinion": "建议结案"},
    )
    actions.issue_document(
        actor=world.user("officer"),
        case=case,
        kind="closing_approval",
        entered={"execution": "罚款已缴清", "opinion": "建议结案"},
        supersedes=first,
        reason="更正执行情况",
    )
    assert case.documents.count() == 2 and case.documents.filter(superseded_at__isnull=True).count() == 1
    assert queries.current_records(case) == {"closing_approval"}
