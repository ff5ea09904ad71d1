"""Re-issuing: a new version under the same number that visibly supersedes the old one, which stays
as it was; archived cases and people who may not work on the case are refused, writing nothing."""

from __future__ import annotations

import pytest

from sanxiang.cases.actions import mark_archived
from sanxiang.core.errors import Invalid, NotAllowed, WrongState
from sanxiang.documents import actions
from sanxiang.documents.models import Document
from sanxiang.evidence import blobs
from sanxiang.recordlog.models import Entry
from tests.documents.conftest import flat, pdf_text


def decision(world, case, evidence="询问笔录"):
    return actions.issue_document(
        actor=world.user("head"), case=case, kind="decision", entered={"evidence": evidence}
    )


def test_a_reissue_supersedes_the_old_version_and_keeps_it(world, walk, tmp_path):
    case = walk("decided")
    first = decision(world, case)
    old_pdf = first.pdf.sha256
    second = actions.issue_document(
        actor=world.user("head"),
        case=case,
        kind="decision",
        entered={"evidence": "询问笔录；现场照片12张"},
        supersedes=first,
        reason="证据列举不全，更正",
    )
    first.refresh_from_db()
    assert second.number == first.number and (first.version, second.version) == (1, 2)
    assert first.superseded_by_id == second.pk and first.superseded_at is not None and second.current
    assert first.pdf.sha256 == old_pdf != second.pdf.sha256  # the old bytes are untouched
    with blobs.open_blob(first.pdf) as handle:
        assert "现场照片12张" not in flat(pdf_text(handle.read(), tmp_path))
    with blobs.open_blob(second.pdf) as handle:
        assert "现场照片12张" in flat(pdf_text(handle.read(), tmp_path))
    entry = Entry.objects.get(pk=second.log_entry_id)
    assert entry.payload["supersedes"] == first.pk and entry.payload["version"] == 2
    assert entry.payload["reason"] == "证据列举不全，更正"


def test_only_the_newest_version_can_be_reissued(world, walk):
    case = walk("decided")
    first = decision(world, case)
    actions.issue_document(
        actor=world.user("head"),
        case=case,
        kind="decision",
        entered={"evidence": "甲"},
        supersedes=first,
        reason="更正",
    )
    with pytest.raises(WrongState) as refused:
        actions.issue_document(
            actor=world.user("head"),
            case=case,
            kind="decision",
            entered={"evidence": "乙"},
            supersedes=first,
            reason="再更正",
        )
    assert refused.value.code == "document_superseded"
    assert Document.objects.filter(case=case).count() == 2


def test_a_reissue_needs_a_reason(world, walk):
    case = walk("decided")
    first = decision(world, case)
    with pytest.raises(Invalid) as refused:
        actions.issue_document(
            actor=world.user("head"), case=case, kind="decision", entered={"evidence": "甲"}, supersedes=first
        )
    assert refused.value.field == "reason"
    first.refresh_from_db()
    assert first.current and Document.objects.filter(case=case).count() == 1


@pytest.mark.parametrize("who", ["reviewer", "supervisor", "other_head", "publisher"])
def test_people_who_do_not_work_on_the_case_may_not_issue(world, walk, who):
    case = walk("decided")
    before = Entry.objects.count()
    with pytest.raises(NotAllowed):
        actions.issue_document(actor=world.user(who), case=case, kind="decision", entered={"evidence": "甲"})
    assert not Document.objects.exists() and Entry.objects.count() == before


def test_an_archived_case_is_refused(world, walk, act):
    case = walk("executed")
    act(case, "close", who="head", records=["closing_approval"])
    mark_archived(actor=world.user("head"), case=case, digest="0" * 64)
    with pytest.raises(WrongState) as refused:
        actions.issue_document(
            actor=world.user("head"),
            case=case,
            kind="closing_approval",
            entered={"execution": "已缴纳", "opinion": "建议结案"},
        )
    assert refused.value.code == "case_archived"
    assert not Document.objects.exists()
