"""Pass the legal review of a major case the way an agency does, for tests of other apps that decide
one (a decision after a hearing is major by law, 处罚法 Art. 58 ¶1(2)): an evidence item if the case
has none, a round submitted and assigned by the head, every checklist point answered by the
qualified reviewer, an "agree" opinion, then the heads' collective discussion (Art. 57 ¶2)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sanxiang.cases.models import Case
from sanxiang.cases.penalties import Penalty
from sanxiang.core import clock
from sanxiang.evidence import actions as evidence_actions
from sanxiang.evidence import blobs
from sanxiang.evidence.queries import evidence_of_case
from sanxiang.legal_review import actions
from sanxiang.legal_review.models import ReviewRound

NOTE = "事实清楚；依据：食品安全法第一百二十四条；裁量基准：较重；执法证号330101000001、330101000002。"


def review_and_discuss(world: Any, case: Case, **penalty: Any) -> ReviewRound:
    """The case's current draft passed and discussed; returns the passed round. ``penalty``
    (``kinds=``, ``fine=``...) is the drafted decision where it differs from the notice."""
    draft = Penalty.from_json(penalty) if penalty else None
    head, reviewer = world.user("head"), world.user("reviewer")
    case.refresh_from_db()
    if not evidence_of_case(case).exists():
        staged = blobs.stage_stream(iter([b"%PDF-1.4 test evidence"]), name="evidence.pdf")
        try:
            evidence_actions.add_evidence(
                actor=world.user("officer"), case=case, upload=staged, data={"kind": "documentary"}
            )
        finally:
            staged.close()
    round_ = actions.submit(actor=head, case=case, note=NOTE, penalty=draft)
    actions.assign(actor=head, round=round_, reviewer=reviewer)
    for point in range(1, 11):
        actions.answer(actor=reviewer, round=round_, point=point, answer="na" if point == 10 else "pass")
    passed = actions.give_opinion(actor=reviewer, round=round_, opinion="agree", text="同意")
    actions.discuss(
        actor=head,
        case=case,
        data={
            "held_on": clock.today().isoformat(),
            "attendees": "局长、副局长、法规科长",
            "opinions": "一致同意",
            "conclusion": "同意处罚",
        },
        penalty=draft,
    )
    case.refresh_from_db()
    return passed


@pytest.fixture
def pass_review(world: Any, settings: Any, tmp_path: Path) -> Callable[..., ReviewRound]:
    """``pass_review(case, **penalty)``; keeps the blobs it writes (evidence, the opinion document)
    inside the test's directory."""
    if not Path(settings.BLOB_ROOT).is_relative_to(tmp_path):
        settings.BLOB_ROOT = tmp_path / "blobs"
    return lambda case, **penalty: review_and_discuss(world, case, **penalty)


def purge_review_rows() -> None:
    """Remove what legal review keeps of committed cases (its rows PROTECT the case), for the
    transactional tests' purge of cases."""
    from sanxiang.legal_review.models import (
        ChecklistAnswer,
        Classification,
        Consultation,
        Discussion,
        Escalation,
    )

    for model in (ChecklistAnswer, Consultation, Discussion, ReviewRound, Escalation, Classification):
        model.objects.all().delete()
