"""Two people acting on one case at once: one succeeds, the other gets a 409 and nothing of theirs
is written (PostgreSQL, two real transactions). Concurrent filings get distinct numbers."""

from __future__ import annotations

import threading
from typing import Any

import pytest
import time_machine
from django.db import connection

from sanxiang.cases import actions
from sanxiang.cases.enums import CaseState
from sanxiang.cases.models import Act, Case
from sanxiang.cases.numbering import next_number
from sanxiang.core.errors import Conflict, DomainError
from tests.cases.conftest import MONDAY, ORGANISATION, purge_committed_cases
from tests.world import build_world

pytestmark = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the in-memory SQLite test database does not run real concurrent transactions",
)


@pytest.fixture
def committed(transactional_db: Any) -> Any:
    """Committed case rows point at record log entries (PROTECT): remove them before the shared
    teardown empties the log."""
    yield
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


@time_machine.travel(MONDAY, tick=False)
def test_one_act_wins_and_the_other_gets_409(committed):
    world = build_world()
    case = actions.open_case(
        actor=world.user("officer"),
        agency=world.agency,
        data={"procedure": "general", "title": "并发测试案", "source": "complaint"},
        parties=[ORGANISATION],
        officer_ids=[o.pk for o in world.officers[:2]],
    )
    head = world.user("head")
    # Both read version 1; the same act, and a competing one, race.
    first, second = Case.objects.get(pk=case.pk), Case.objects.get(pk=case.pk)
    results = race(
        [
            lambda: actions.perform(first, "file", head, {}),
            lambda: actions.perform(second, "decline_filing", head, {"reason": "不符合立案条件"}),
        ]
    )
    errors = [r for r in results if isinstance(r, BaseException)]
    assert len(errors) == 1 and isinstance(errors[0], Conflict), results
    assert isinstance(errors[0], DomainError) and errors[0].status == 409
    stored = Case.objects.get(pk=case.pk)
    assert stored.version == 2 and stored.state in {CaseState.FILED, CaseState.NOT_FILED}
    assert Act.objects.filter(case=case).exclude(act="open").count() == 1


def test_concurrent_filings_get_distinct_numbers(committed):
    world = build_world()
    numbers = race([lambda: next_number(world.agency, 2026, "立") for _ in range(6)])
    assert sorted(numbers) == sorted(f"东湖县市场监督管理局立〔2026〕{n}号" for n in range(1, 7)), numbers


@time_machine.travel(MONDAY, tick=False)
def test_two_corrections_at_once_are_applied_in_turn_and_each_logs_what_it_replaced(committed):
    from sanxiang.cases import editing
    from sanxiang.recordlog.models import Entry

    world = build_world()
    case = actions.open_case(
        actor=world.user("officer"),
        agency=world.agency,
        data={"procedure": "general", "title": "并发更正案", "source": "complaint", "facts": "原事实"},
        parties=[ORGANISATION],
        officer_ids=[o.pk for o in world.officers[:2]],
    )
    officer = world.user("officer")
    results = race(
        [
            lambda: editing.edit_case(
                actor=officer,
                case=Case.objects.get(pk=case.pk),
                data={"facts": "甲改", "reason": "甲"},
                version=1,
            ),
            lambda: editing.edit_case(
                actor=officer,
                case=Case.objects.get(pk=case.pk),
                data={"facts": "乙改", "reason": "乙"},
                version=1,
            ),
        ]
    )
    assert not [r for r in results if isinstance(r, BaseException)], results
    changes = [
        e.payload["changes"]["facts"] for e in Entry.objects.filter(kind="case.edited").order_by("seq")
    ]
    # The second saw the first's value as its "before": no correction was lost unlogged.
    assert changes[0]["before"] == "原事实" and changes[1]["before"] == changes[0]["after"]
    assert Case.objects.get(pk=case.pk).facts == changes[1]["after"]
