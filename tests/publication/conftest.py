from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sanxiang.documents.actions import issue_document
from sanxiang.publication import actions
from sanxiang.publication.models import Record
from tests.cases import conftest as cases
from tests.world import World

ORGANISATION, PERSON = cases.ORGANISATION, cases.PERSON
# The cases' fixtures, shared: a frozen clock (Monday 2 March 2026), a case opener, the engine.
clock, open_case, act = cases.clock, cases.open_case, cases.act

# What the officer writes into the 行政处罚决定书 when it is issued.
DECISION_ENTERED = {"evidence": "现场检查笔录一份"}
PLANTED_ID = "11010519491231002X"  # the test person's identity number, valid check digit


@pytest.fixture
def decided(world: World, open_case: Any, act: Any, settings: Any, tmp_path: Path) -> Callable[..., Record]:
    """``decided(parties=[...], fine="1000")``: a general-procedure penalty decided by the head, its
    行政处罚决定书 issued (unless ``issue=False``); returns its publication record."""
    settings.BLOB_ROOT = tmp_path / "blobs"

    def make(
        parties: list[dict[str, Any]] | None = None,
        fine: str = "1000",
        facts: str = "",
        issue: bool = True,
        **kw: Any,
    ) -> Record:
        case = open_case(
            parties=parties,
            facts=facts or "当事人经营超过保质期的食品。",
            legal_basis="《中华人民共和国食品安全法》第三十四条",
        )
        act(case, "file", who="head")
        act(case, "start_investigation")
        kinds = kw.pop("kinds", ["fine"])
        act(case, "close_investigation", kinds=kinds, fine=fine)
        act(case, "serve_prior_notice")
        act(case, "waive_rights")
        act(case, "decide", who="head", kinds=kinds, fine=fine)
        if issue:
            issue_document(actor=world.user("head"), case=case, kind="decision", entered=DECISION_ENTERED)
        return Record.objects.get(case=case)

    return make


@pytest.fixture
def published(world: World, decided: Any) -> Callable[..., Record]:
    def make(**kw: Any) -> Record:
        record = decided(**kw)
        record = actions.submit(actor=world.user("officer"), record=record)
        record = actions.review(actor=world.user("publisher"), record=record)
        return actions.approve(actor=world.user("head"), record=record)

    return make


def purge_committed() -> None:
    """The transactional tests' purge: the issued documents (they PROTECT their case), then the
    cases (``tests.cases.conftest.purge_committed_cases``)."""
    from sanxiang.documents.models import Document

    Document.objects.update(superseded_by=None)
    Document.objects.all().delete()
    cases.purge_committed_cases()
