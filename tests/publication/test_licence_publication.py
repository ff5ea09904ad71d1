"""A licence decision opens its publication record in the act's transaction (issue 7): within 7
working days (118号 §二(三), A-14), with the licence fields (document number, applicant, licence
item, outcome, licence number, validity, deciding body, date). A grant is public whatever the
agency's scope (行政许可法 Art. 40); a refusal follows the agency's publication scope. The licence
documents are issued from the case like the others; and the browser walk of the brief."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from sanxiang.cases.models import Case
from sanxiang.documents import actions as documents
from sanxiang.documents.models import Document
from sanxiang.publication.models import DecisionKind, Record, RecordState
from sanxiang.recordlog.models import Entry
from tests.cases.conftest import MONDAY, ORGANISATION, purge_committed_cases
from tests.cases.test_browser_general_case import perform
from tests.cases.test_licence_procedure import GRANT, REFUSAL, licence_case
from tests.publication.test_records import _set_policy


def under_review(open_case: Any, act: Any) -> Case:
    case = licence_case(open_case)
    act(case, "accept_application")
    act(case, "start_review")
    return case


def test_a_grant_opens_its_record_due_in_7_working_days_with_the_licence_fields(world, open_case, act, clock):
    case = under_review(open_case, act)
    document = documents.issue_document(
        actor=world.user("head"),
        case=case,
        kind="licence_grant",
        entered={
            "licence_number": GRANT["licence_number"],
            "valid_until": GRANT["valid_until"],
            "scope": "预包装食品销售（含冷藏冷冻食品）",
        },
    )
    assert "许准〔2026〕1号" in document.number
    assert not Record.objects.filter(case=case).exists()
    act(case, "decide_licence", who="head", **GRANT)
    record = Record.objects.get(case=case)
    assert record.decision_kind == DecisionKind.LICENCE and record.state == RecordState.DRAFT
    # Decided Monday 2 March: 7 working days = Wednesday 11 March, under A-14 (118号).
    assert record.due == dt.date(2026, 3, 11) and record.due_rule == "A-14"
    assert "7个工作日" in record.due_citation
    assert record.document_number == document.number
    summary = record.summary
    assert summary["document_number"] == document.number
    assert summary["party"] == ORGANISATION["name"] and summary["credit_code"] == ORGANISATION["credit_code"]
    assert summary["licence_item"] == case.title and summary["outcome"] == "granted"
    assert summary["licence_number"] == GRANT["licence_number"] and summary["valid_until"] == "2031-03-29"
    assert summary["deciding_body"] == world.agency.name and summary["decided_on"] == "2026-03-02"
    text = record.original_text
    for line in (
        f"决定书文号：{document.number}",
        f"申请人：{ORGANISATION['name']}",
        f"许可事项：{case.title}",
        "许可决定：准予行政许可",
        f"许可证编号：{GRANT['licence_number']}",
        "有效期至：2031-03-29",
        f"作出机关：{world.agency.name}",
        "作出日期：2026-03-02",
    ):
        assert line in text, line
    created = Entry.objects.get(kind="publication.created", subject_id=str(record.pk))
    assert created.payload["rule"] == "A-14"


def test_a_refusal_is_drafted_under_the_default_scope_with_its_reasons(world, open_case, act, clock):
    case = under_review(open_case, act)
    act(case, "decide_licence", who="head", **REFUSAL)
    record = Record.objects.get(case=case)
    assert record.state == RecordState.DRAFT and record.summary["outcome"] == "refused"
    assert record.summary["licence_number"] == "" and "不予行政许可" in record.summary["penalty"]
    assert "许可决定：不予行政许可" in record.original_text
    assert REFUSAL["reasons"] in record.original_text
    # No refusal document issued yet: the number is missing, never the case's filing number.
    assert record.document_number == "" and case.number not in record.original_text


def test_under_the_market_regulation_scope_a_grant_is_published_and_a_refusal_withheld(
    world, open_case, act, clock
):
    _set_policy(world, "publication.scope", "market_regulation")
    granted = under_review(open_case, act)
    act(granted, "decide_licence", who="head", **GRANT)
    record = Record.objects.get(case=granted)
    assert record.state == RecordState.DRAFT and record.withheld_reason == ""

    refused = under_review(open_case, act)
    act(refused, "decide_licence", who="head", **REFUSAL)
    record = Record.objects.get(case=refused)
    assert record.state == RecordState.WITHHELD
    assert "第四十条" in record.withheld_reason


def test_the_licence_documents_are_issued_at_their_steps(world, open_case, act, clock):
    officer = world.user("officer")
    case = licence_case(open_case)
    with pytest.raises(Exception) as early:
        documents.issue_document(
            actor=officer, case=case, kind="licence_grant", entered={"licence_number": "X", "scope": "Y"}
        )
    assert getattr(early.value, "code", "") in {"document_not_now", "required"}
    notice = documents.issue_document(actor=officer, case=case, kind="licence_acceptance_notice")
    act(case, "accept_application")  # the issued notice stands for the act's record
    assert "许受" in notice.number

    other = licence_case(open_case, title="食品经营许可（另一申请）")
    refusal_to_accept = documents.issue_document(
        actor=officer, case=other, kind="licence_non_acceptance", entered={"reason": "不属于本机关职权范围"}
    )
    assert "许不受" in refusal_to_accept.number

    act(case, "start_review")
    refusal = documents.issue_document(
        actor=world.user("head"), case=case, kind="licence_refusal", entered={"reasons": "经营场所不符合要求"}
    )
    act(case, "decide_licence", who="head", **REFUSAL)
    assert Record.objects.get(case=case).document_number == refusal.number
    # Closing needs the decision in the file: the issued refusal stands for it.
    act(case, "close", who="head")
    case.refresh_from_db()
    assert case.state == "closed"
    kinds = set(Document.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == {"licence_acceptance_notice", "licence_refusal"}


# --- through a real browser ---------------------------------------------------------------------


@pytest.fixture
def committed_cases(transactional_db: Any) -> Any:
    yield
    Record.objects.all().delete()
    purge_committed_cases()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_officer_opens_a_licence_the_head_grants_it_and_it_is_due_for_publication(
    world, committed_cases, page, login_page, settings
):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    with time_machine.travel(MONDAY, tick=True):

        def sign_in(persona: str) -> None:
            page.context.clear_cookies()
            login_page(persona)

        sign_in("officer")
        page.goto("/cases/new/")
        page.select_option("select[name=procedure]", "licence")
        page.fill("input[name=title]", "食品经营许可（东湖某某食品有限公司）")
        page.select_option("select[name=source]", "application")
        page.select_option("select[name=party_kind]", "organisation")
        page.fill("input[name=party_name]", ORGANISATION["name"])
        page.fill("input[name=party_credit_code]", ORGANISATION["credit_code"])
        page.check(f"#id_officers_{world.officers[0].pk}")
        page.check(f"#id_officers_{world.officers[1].pk}")
        with page.expect_navigation():
            page.click("form.manage-form button[type=submit]")
        assert "/cases/new/" not in page.url, page.inner_text("main")[:1500]
        case = Case.objects.get(title="食品经营许可（东湖某某食品有限公司）")
        assert case.procedure == "licence" and case.state == "applied"
        assert "受理" in page.inner_text("body")

        perform(page, "accept_application")
        perform(page, "start_review")
        case.refresh_from_db()
        assert case.state == "under_review"

        sign_in("head")
        page.goto(f"/cases/{case.pk}/")
        perform(
            page,
            "decide_licence",
            lambda form: (
                form.locator("select[name=outcome]").select_option("granted"),
                form.locator("input[name=licence_number]").fill(GRANT["licence_number"]),
                form.locator("input[name=valid_until]").fill(GRANT["valid_until"]),
            ),
        )
        case.refresh_from_db()
        assert case.state == "licence_decided", page.inner_text("body")[:2000]
        record = Record.objects.get(case=case)
        assert record.decision_kind == DecisionKind.LICENCE and record.due == dt.date(2026, 3, 11)

        sign_in("officer")
        page.goto("/publication/workbench/")
        assert "2026-03-11" in page.inner_text("body")
        page.goto(f"/publication/record/{record.pk}/")
        due = page.inner_text("#due")
        assert "2026-03-11" in due and "7个工作日" in due
        assert GRANT["licence_number"] in page.inner_text("body")


def test_the_demo_county_has_a_granted_and_a_refused_licence_each_with_its_record(
    db, settings, tmp_path, capsys
):
    from django.core.management import call_command

    settings.RECORDLOG_SIGNING_KEY_FILE = tmp_path / "demo.key"
    call_command("demo")
    capsys.readouterr()
    licences = Case.objects.filter(procedure="licence").order_by("number")
    assert [c.state for c in licences] == ["closed", "closed"]
    granted, refused = (Record.objects.get(case=c) for c in licences)
    assert granted.summary["outcome"] == "granted" and granted.summary["licence_number"] == "JY19901210000128"
    assert "许准〔2026〕" in granted.document_number and granted.due_rule == "A-14"
    assert refused.summary["outcome"] == "refused" and "许不准〔2026〕" in refused.document_number
    assert [a for a in licences[0].acts.values_list("act", flat=True)] == [
        "open",
        "accept_application",
        "start_review",
        "verify_on_site",
        "decide_licence",
        "issue_certificate",
        "close",
    ]
