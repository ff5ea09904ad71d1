"""The demo's hearing case (major by 处罚法 Art. 58 ¶1(2)) is decided only after a review round
passed by the qualified reviewer and the heads' discussion, at their replayed moments, and its
opinion is in the case file as a 法制审核意见书."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from sanxiang.cases.models import Act
from sanxiang.documents.models import Document
from sanxiang.legal_review.models import Discussion, ReviewerProfile, ReviewRound


@pytest.fixture
def demo(db, settings, tmp_path, capsys):
    settings.RECORDLOG_SIGNING_KEY_FILE = tmp_path / "demo.key"
    settings.BLOB_ROOT = tmp_path / "blobs"
    call_command("demo")
    capsys.readouterr()


def test_the_demo_hearing_case_is_reviewed_and_discussed_before_its_decision(demo):
    (round_,) = ReviewRound.objects.select_related("case", "reviewer")
    case = round_.case
    assert round_.passed and round_.reviewer.username == "scjg_reviewer"
    assert ReviewerProfile.objects.get(user=round_.reviewer).qualification_number
    decided = Act.objects.get(case=case, act="decide").occurred_at
    discussion = Discussion.objects.get(case=case)
    assert round_.submitted_at < round_.opinion_at < discussion.at < decided
    assert round_.opinion_at.date() == dt.date(2026, 10, 21)
    document = Document.objects.get(case=case, kind="legal_review_opinion")
    assert document.issued_by_id == round_.reviewer_id
