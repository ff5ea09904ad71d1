"""Document numbers (文号): per agency, kind and year, gap-free, never reused; a rolled-back issue
gives its number back; the issuer's abbreviation is a policy setting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from sanxiang.core.actions import record_policy_value
from sanxiang.documents import actions
from sanxiang.documents.models import Document, DocumentCounter
from tests.documents.conftest import PARTY_ORG


def issue(world, case, kind="case_source", **entered):
    return actions.issue_document(
        actor=world.user("officer"), case=case, kind=kind, entered=entered or {"clue": "群众举报"}
    )


def test_numbers_run_per_agency_kind_and_year_without_gaps(world, walk, clock):
    first, second = walk("clue"), walk("clue", party=PARTY_ORG)
    numbers = [issue(world, case).number for case in (first, second, first)]
    assert numbers == [f"东湖县市场监督管理局源〔2026〕{n}号" for n in (1, 2, 3)]
    # Another kind has its own series.
    approval = issue(world, first, kind="filing_approval", opinion="建议立案")
    assert approval.number == "东湖县市场监督管理局立审〔2026〕1号"
    # A new year starts again at 1.
    clock.move_to(dt.datetime(2027, 1, 4, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    assert issue(world, first).number == "东湖县市场监督管理局源〔2027〕1号"


def test_a_rolled_back_issue_gives_its_number_back(world, walk):
    case = walk("clue")
    with pytest.raises(RuntimeError), transaction.atomic():
        issue(world, case)
        raise RuntimeError("the surrounding work failed")
    assert not Document.objects.exists()
    assert issue(world, case).number.endswith("源〔2026〕1号")


def test_the_database_refuses_a_second_document_with_the_same_serial(world, walk):
    document = issue(world, walk("clue"))
    copy = Document.objects.get(pk=document.pk)
    copy.pk = None
    copy._state.adding = True
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()
    assert DocumentCounter.objects.get(agency=world.agency, kind="case_source").last == 1


def test_the_issuer_abbreviation_is_a_policy(world, walk):
    record_policy_value(
        actor=world.user("admin"),
        key="documents.issuer_abbreviation",
        scope=f"agency:{world.agency.pk}",
        value="东市监",
        reason="本机关发文机关代字",
    )
    case = walk("decided")
    document = actions.issue_document(
        actor=world.user("head"), case=case, kind="decision", entered={"evidence": "询问笔录"}
    )
    assert document.number == "东市监罚〔2026〕1号"
