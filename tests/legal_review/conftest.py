"""A general case of the test county with a ¥200,000 fine on a company, driven through the engine
up to the prior notice, with one piece of evidence, so the legal review has a complete package."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sanxiang.accounts import actions as account_actions
from sanxiang.cases.models import Case
from sanxiang.core.roles import Role
from sanxiang.evidence import actions as evidence_actions
from sanxiang.evidence import blobs
from sanxiang.legal_review import actions as review_actions
from sanxiang.legal_review import rules
from tests.cases.conftest import act, clock, open_case  # noqa: F401  (fixtures)
from tests.world import PASSWORD

NOTE = (
    "事实：销售过期食品；依据：食品安全法第一百二十四条；裁量基准：较重；执法证号330101000001、330101000002。"
)


@pytest.fixture(autouse=True)
def _blob_root(settings: Any, tmp_path: Path) -> Path:
    settings.BLOB_ROOT = tmp_path / "blobs"
    return settings.BLOB_ROOT


@pytest.fixture
def major_case(world: Any, open_case: Any, act: Any) -> Callable[..., Case]:  # noqa: F811
    def make(fine: str = "200000", evidence: bool = True, **data: Any) -> Case:
        review_actions.save_catalogue(
            actor=world.user("head"), agency=world.agency, data={"penalty_kinds": list(rules.DEFAULT_KINDS)}
        )
        case = open_case(legal_basis="《中华人民共和国食品安全法》第一百二十四条", **data)
        act(case, "file", who="head", records=["filing_approval"])
        act(case, "start_investigation", records=["inquiry_record"])
        if evidence:
            staged = blobs.stage_stream(iter([b"%PDF-1.4 test evidence"]), name="sampling.pdf")
            try:
                evidence_actions.add_evidence(
                    actor=world.user("officer"), case=case, upload=staged, data={"kind": "documentary"}
                )
            finally:
                staged.close()
        act(case, "close_investigation", kinds=["fine"], fine=fine, records=["investigation_report"])
        case.refresh_from_db()
        return case

    return make


@pytest.fixture
def novice(world: Any) -> Any:
    """A legal reviewer of agency A without the legal qualification who never reviewed."""
    return account_actions.create_user(
        actor=None,
        data={"username": "novice", "display_name": "novice", "role": Role.LEGAL_REVIEWER},
        password=PASSWORD,
        agency=world.agency,
    )
