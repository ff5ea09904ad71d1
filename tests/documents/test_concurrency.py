"""Concurrent issuing on PostgreSQL with real parallel transactions: every issuer gets its own
number, the numbers run 1..n without a gap, and an issuer whose transaction fails gives its number
back to the next."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.db import connection, transaction

from sanxiang.cases import actions as case_actions
from sanxiang.cases.models import Case
from sanxiang.documents import actions
from sanxiang.documents.models import Document, DocumentCounter, DocumentTemplate
from sanxiang.evidence.models import Blob
from tests.cases.conftest import MONDAY, ORGANISATION, purge_committed_cases
from tests.cases.test_concurrency import race
from tests.world import build_world

pytestmark = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the in-memory SQLite test database does not run real concurrent transactions",
)


@pytest.fixture
def committed(transactional_db: Any, settings: Any, tmp_path: Any) -> Any:
    """Committed rows point at record log entries (PROTECT): remove them before the shared teardown
    empties the log."""
    settings.BLOB_ROOT = tmp_path / "blobs"
    yield
    Document.objects.update(superseded_by=None)
    for model in (Document, DocumentCounter, DocumentTemplate, Blob):
        model.objects.all().delete()
    purge_committed_cases()


@time_machine.travel(MONDAY, tick=False)
def test_concurrent_issues_get_gapless_distinct_numbers(committed):
    world = build_world()
    officer = world.user("officer")
    cases = [
        case_actions.open_case(
            actor=officer,
            agency=world.agency,
            data={"procedure": "general", "title": f"并发文号测试{i}", "source": "complaint"},
            parties=[ORGANISATION],
            officer_ids=[o.pk for o in world.officers[:2]],
        )
        for i in range(6)
    ]

    def issue(case: Case) -> str:
        return actions.issue_document(
            actor=officer, case=case, kind="case_source", entered={"clue": "举报"}
        ).number

    def issue_then_fail(case: Case) -> str:
        with transaction.atomic():
            issue(case)
            raise RuntimeError("rolled back after taking a number")

    results = race([lambda c=c: issue(c) for c in cases] + [lambda: issue_then_fail(cases[0])])
    numbers = [r for r in results if isinstance(r, str)]
    failures = [r for r in results if isinstance(r, BaseException)]
    assert len(failures) == 1 and isinstance(failures[0], RuntimeError), results
    assert sorted(numbers) == sorted(f"东湖县市场监督管理局源〔2026〕{n}号" for n in range(1, 7)), numbers
    assert Document.objects.count() == 6
    assert DocumentCounter.objects.get(agency=world.agency, kind="case_source", year=2026).last == 6


@time_machine.travel(MONDAY, tick=False)
def test_two_reissues_of_one_version_one_wins(committed):
    world = build_world()
    officer = world.user("officer")
    case = case_actions.open_case(
        actor=officer,
        agency=world.agency,
        data={"procedure": "general", "title": "并发重新制发测试", "source": "complaint"},
        parties=[ORGANISATION],
        officer_ids=[o.pk for o in world.officers[:2]],
    )
    first = actions.issue_document(actor=officer, case=case, kind="case_source", entered={"clue": "举报"})

    def reissue(text: str) -> Document:
        return actions.issue_document(
            actor=officer,
            case=case,
            kind="case_source",
            entered={"clue": text},
            supersedes=first.pk,
            reason="更正",
        )

    results = race([lambda: reissue("更正一"), lambda: reissue("更正二")])
    errors = [r for r in results if isinstance(r, BaseException)]
    assert len(errors) == 1 and getattr(errors[0], "code", "") == "document_superseded", results
    versions = list(
        Document.objects.filter(case=case).order_by("version").values_list("version", "superseded_at")
    )
    assert [v for v, _ in versions] == [1, 2] and versions[0][1] is not None and versions[1][1] is None
    assert len({d.number for d in Document.objects.filter(case=case)}) == 1
