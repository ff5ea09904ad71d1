"""The demo helper issues the documents of each step a case passes, once, so a replayed demo case's
file holds its documents and counts them as its records at closing."""

from __future__ import annotations

import datetime as dt

from sanxiang.documents.demo import issue_step_documents
from sanxiang.documents.kinds import KINDS


def test_each_step_gets_its_documents_and_the_case_closes_on_them(world, open_case, act, clock):
    from tests.documents.conftest import BASIS, FACTS, PARTY_PERSON

    head = world.user("head")
    case = open_case(parties=[PARTY_PERSON], facts=FACTS, legal_basis=BASIS)
    steps = [
        ("file", "head", {}),
        ("start_investigation", "officer", {}),
        ("close_investigation", "officer", {"kinds": ["warning", "fine"], "fine": "5000"}),
        ("serve_prior_notice", "officer", {}),
        ("decide", "head", {"kinds": ["warning", "fine"], "fine": "5000"}),
        ("serve_decision", "officer", {}),
        # The bank's receipt is not a document of the agency: it is noted on the act.
        (
            "record_execution",
            "officer",
            {"method": "paid", "amount": "5000", "paid_on": "2026-03-12", "records": ["payment_receipt"]},
        ),
    ]
    issue_step_documents(case, head)
    for name, who, data in steps:
        if name == "decide":
            clock.shift(dt.timedelta(days=8))
        act(case, name, who=who, **{"records": [], **data})
        issue_step_documents(case, head)
    assert issue_step_documents(case, head) == []  # idempotent
    act(case, "close", who="head", records=[])  # every required record is an issued document
    kinds = set(case.documents.values_list("kind", flat=True))
    assert {
        "case_source",
        "filing_approval",
        "inquiry_record",
        "decision",
        "service_receipt",
        "closing_approval",
    } <= kinds
    assert all(code in KINDS for code in kinds)
