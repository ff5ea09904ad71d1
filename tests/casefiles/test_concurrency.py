"""Two people sealing one case at once (PostgreSQL, real transactions): one package is stored and
recorded, the other is refused with 409 and leaves no archive entry of its own."""

from __future__ import annotations

import threading
from typing import Any

import pytest
import time_machine
from django.db import connection, transaction

from sanxiang.casefiles.actions import archive_case
from sanxiang.cases.models import Case
from sanxiang.core.errors import WrongState
from sanxiang.evidence.models import Blob
from sanxiang.recordlog.models import Entry
from tests.casefiles.conftest import MONDAY, run_general_case
from tests.cases.conftest import purge_committed_cases
from tests.world import build_world

pytestmark = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the in-memory SQLite test database does not run real concurrent transactions",
)


@pytest.fixture
def committed(transactional_db: Any) -> Any:
    yield
    with transaction.atomic():
        Blob.objects.all().delete()
    purge_committed_cases()


def race(calls: list[Any]) -> list[Any]:
    start = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        try:
            start.wait()
            results[index] = calls[index]()
        except BaseException as exc:  # reported to the main thread
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_seals_at_once_store_one_package(committed):
    world = build_world()
    with time_machine.travel(MONDAY, tick=False) as traveller:
        case = run_general_case(world, traveller)
    results = race(
        [
            lambda: archive_case(actor=world.user("officer"), case=Case.objects.get(pk=case.pk)),
            lambda: archive_case(actor=world.user("head"), case=Case.objects.get(pk=case.pk)),
        ]
    )
    refused = [r for r in results if isinstance(r, BaseException)]
    assert len(refused) == 1, results
    assert isinstance(refused[0], WrongState) and refused[0].code in {"case_archived", "casefile_changed"}
    sealed = Case.objects.get(pk=case.pk)
    winner = next(r for r in results if not isinstance(r, BaseException))
    assert sealed.archive_digest == winner.sha256
    archived = Entry.objects.filter(kind="case.archived", subject_id=str(case.pk))
    assert archived.count() == 1 and archived.get().payload["digest"] == winner.sha256
