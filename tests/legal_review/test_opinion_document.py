"""The opinion lands in the case file as a 法制审核意见书: issued with the opinion by the assigned
reviewer, numbered, holding the opinion, the checklist results, the reviewer and the date; only the
reviewer assigned to the case (besides its officers and head) may issue that kind."""

from __future__ import annotations

import pytest

from sanxiang.core.errors import NotAllowed
from sanxiang.documents import actions as document_actions
from sanxiang.documents import permissions as document_permissions
from sanxiang.documents.models import Document
from sanxiang.evidence import blobs
from sanxiang.legal_review import actions
from sanxiang.recordlog.models import Entry
from tests.documents.conftest import flat, pdf_text
from tests.legal_review.conftest import NOTE

KIND = "legal_review_opinion"


def test_the_opinion_is_issued_as_a_numbered_document_in_the_case_file(world, major_case, clock, tmp_path):
    case = major_case()
    reviewer = world.user("reviewer")
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    actions.assign(actor=world.user("head"), round=round_, reviewer=reviewer)
    for point in range(1, 11):
        if point == 6:
            actions.answer(actor=reviewer, round=round_, point=6, answer="fail", comment="裁量基准适用错误")
        else:
            actions.answer(actor=reviewer, round=round_, point=point, answer="pass")
    actions.give_opinion(
        actor=reviewer, round=round_, opinion="correct", text="罚款数额偏重，请依基准改正后重新报送"
    )
    (document,) = Document.objects.filter(case=case, kind=KIND)
    assert document.issued_by_id == reviewer.pk
    assert document.number.endswith("法审〔2026〕1号")
    with blobs.open_blob(document.pdf) as handle:
        text = flat(pdf_text(handle.read(), tmp_path))
    assert "罚款数额偏重，请依基准改正后重新报送" in text
    assert "裁量基准适用错误" in text  # the failed point with its comment
    assert str(reviewer) in text
    assert "2026年3月2日" in text
    entry = Entry.objects.filter(kind="legal_review.opinion").get()
    assert entry.payload["document_number"] == document.number


def test_only_the_assigned_reviewer_issues_the_opinion_kind(world, major_case, novice, clock):
    case = major_case()
    reviewer = world.user("reviewer")
    assert not document_permissions.can_issue(reviewer, case, KIND)  # not assigned yet
    round_ = actions.submit(actor=world.user("officer"), case=case, note=NOTE)
    actions.assign(actor=world.user("head"), round=round_, reviewer=reviewer)
    assert document_permissions.can_issue(reviewer, case, KIND)
    assert not document_permissions.can_issue(reviewer, case, "prior_notice")  # no other kind
    assert not document_permissions.can_issue(novice, case, KIND)
    with pytest.raises(NotAllowed):
        document_actions.issue_document(
            actor=novice,
            case=case,
            kind=KIND,
            entered={"review_opinion": "x", "checklist": "x", "reviewer": "x", "reviewed_on": "2026-03-02"},
        )
    assert not Document.objects.filter(case=case).exists()
