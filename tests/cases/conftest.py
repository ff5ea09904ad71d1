from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from django.db import connection, transaction

from sanxiang.cases import actions
from sanxiang.cases.models import Act, ActRecord, Case, CaseCounter, CaseDeadline, CaseOfficer, Party
from sanxiang.recordlog import triggers as log_triggers
from tests.legal_review.helpers import pass_review, purge_review_rows  # noqa: F401  (fixture)
from tests.world import World, make_uscc

ORGANISATION = {
    "kind": "organisation",
    "name": "东湖某某食品有限公司",
    "credit_code": make_uscc("91330101MA2B3C4D5"),
}
PERSON = {"kind": "natural_person", "name": "张三测", "id_number": "11010519491231002X"}
MONDAY = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def clock() -> Any:
    """Frozen at Monday 2 March 2026, 09:00 Shanghai; ``clock.shift(days=…)`` moves it."""
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def open_case(world: World, clock: Any) -> Callable[..., Case]:
    def make(
        procedure: str = "general",
        parties: list[dict[str, Any]] | None = None,
        officers: int = 2,
        **data: Any,
    ) -> Case:
        return actions.open_case(
            actor=world.user("officer"),
            agency=world.agency,
            data={"procedure": procedure, "title": "经营过期食品案", "source": "complaint", **data},
            parties=[ORGANISATION] if parties is None else parties,
            officer_ids=[o.pk for o in world.officers[:officers]],
        )

    return make


@pytest.fixture
def act(world: World) -> Callable[..., Any]:
    """``act(case, "file", who="head", **data)``: perform through the engine, as the persona."""

    def perform(case: Case, name: str, who: str = "officer", **data: Any) -> Any:
        return actions.perform(case, name, world.user(who), data)

    return perform


@contextlib.contextmanager
def log_triggers_lifted() -> Iterator[None]:
    """For a test's teardown that removes committed rows the append-only triggers protect (acts,
    evidence items: ``cases.triggers``, ``evidence.triggers``), as the development ``flush`` does."""
    with transaction.atomic():
        log_triggers.remove(connection)
        yield
        log_triggers.install(connection)


def purge_committed_cases() -> None:
    """Remove the cases a transactional test committed. Acts are append-only while the record log's
    triggers are installed (``cases.triggers``), so they are lifted for the purge only, as the
    development ``flush`` does."""
    with transaction.atomic():
        log_triggers.remove(connection)
        purge_review_rows()
        for model in (ActRecord, CaseDeadline, Act, CaseOfficer, Party):
            model.objects.all().delete()
        Case.objects.filter(origin__isnull=False).delete()
        Case.objects.all().delete()
        CaseCounter.objects.all().delete()
        log_triggers.install(connection)
