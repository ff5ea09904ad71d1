"""The administrative licence procedure (行政许可法): acceptance within 5 working days of receipt,
else counted from receipt (Art. 32); decision by the head within 20 working days, extended once by
10 with the reason (Art. 42); a grant names the licence and its validity, a refusal its reasons and
remedies (Art. 38); the certificate within 10 working days of a grant (Art. 44); on-site
verification by two certified officers (Art. 34). Through the engine, the API and the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sanxiang.cases.enums import CaseState, DeadlineStatus
from sanxiang.cases.models import Act, Case, CaseDeadline
from sanxiang.core.errors import Invalid, NotAllowed
from sanxiang.recordlog.models import Entry
from tests.cases.test_gates import refused

GRANT = {"outcome": "granted", "licence_number": "JY13301010000123", "valid_until": "2031-03-29"}
REFUSAL = {
    "outcome": "refused",
    "reasons": "经营场所与生活区未有效分隔，不符合《食品经营许可审查通则》第十条",
    "remedies": "如不服本决定，可在六十日内申请行政复议，或在六个月内提起行政诉讼",
}


def licence_case(open_case: Any, **kw: Any) -> Case:
    kw.setdefault("title", "食品经营许可（东湖某某食品有限公司）")
    kw.setdefault("source", "application")
    kw.setdefault("legal_basis", "《中华人民共和国食品安全法》第三十五条")
    return open_case(procedure="licence", **kw)


def deadline(case: Case, rule_id: str) -> CaseDeadline:
    return CaseDeadline.objects.filter(case=case, rule_id=rule_id).order_by("-id").first()


def test_a_granted_licence_from_application_to_closing(world, open_case, act, clock):
    case = licence_case(open_case)
    assert case.state == CaseState.APPLIED and "许〔2026〕1号" in case.number
    acceptance = deadline(case, "licence.acceptance")
    # Monday 2 March + 5 working days = Monday 9 March.
    assert acceptance.due == dt.date(2026, 3, 9) and acceptance.status == DeadlineStatus.OPEN
    assert "第三十二条" in acceptance.citation

    act(case, "accept_application", records=["acceptance_notice"])
    acceptance.refresh_from_db()
    assert acceptance.status == DeadlineStatus.MET
    case.refresh_from_db()
    assert case.filed_on == dt.date(2026, 3, 2)
    decision = deadline(case, "licence.decision")
    # 20 working days from Monday 2 March: Monday 30 March.
    assert decision.due == dt.date(2026, 3, 30) and decision.days == 20
    assert "第四十二条" in decision.citation

    act(case, "start_review")
    clock.shift(dt.timedelta(days=2))
    act(case, "verify_on_site", records=["licence_verification_record"])
    verification = Act.objects.get(case=case, act="verify_on_site")
    assert len(verification.officers) == 2 and all(o["certificate"] for o in verification.officers)

    act(case, "decide_licence", who="head", records=["licence_decision"], **GRANT)
    case.refresh_from_db()
    assert case.state == CaseState.LICENCE_DECIDED and case.decided_on == dt.date(2026, 3, 4)
    assert deadline(case, "licence.decision").status == DeadlineStatus.MET
    certificate = deadline(case, "licence.certificate")
    # Wednesday 4 March + 10 working days = Wednesday 18 March.
    assert certificate.due == dt.date(2026, 3, 18) and "第四十四条" in certificate.citation
    entry = Entry.objects.get(kind="case.decide_licence", subject_id=str(case.pk))
    assert entry.payload["data"]["licence_number"] == GRANT["licence_number"]
    assert entry.payload["data"]["valid_until"] == "2031-03-29"

    # A granted licence is not closed before its certificate.
    refused(lambda: act(case, "close", who="head"), "licence_certificate_first", "第四十四条")
    act(case, "issue_certificate", records=["licence_certificate"])
    certificate.refresh_from_db()
    assert certificate.status == DeadlineStatus.MET
    act(case, "close", who="head")
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED and case.closed_at is not None


def test_a_refusal_states_reasons_and_remedies_and_closes_without_certificate(world, open_case, act, clock):
    case = licence_case(open_case)
    act(case, "accept_application", records=["acceptance_notice"])
    act(case, "start_review")
    before = (Act.objects.count(), Entry.objects.count())
    error = refused(
        lambda: act(case, "decide_licence", who="head", outcome="refused", remedies=REFUSAL["remedies"]),
        "licence_refusal_reasons",
        "第三十八条",
    )
    assert isinstance(error, Invalid) and error.field == "reasons"
    error = refused(
        lambda: act(case, "decide_licence", who="head", outcome="refused", reasons=REFUSAL["reasons"]),
        "licence_refusal_remedies",
    )
    assert error.field == "remedies"
    assert (Act.objects.count(), Entry.objects.count()) == before
    case.refresh_from_db()
    assert case.state == CaseState.UNDER_REVIEW

    act(case, "decide_licence", who="head", records=["licence_decision"], **REFUSAL)
    assert not CaseDeadline.objects.filter(case=case, rule_id="licence.certificate").exists()
    refused(lambda: act(case, "issue_certificate"), "licence_not_granted")
    act(case, "close", who="head")
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED


def test_a_grant_names_its_licence_number_and_a_future_validity(world, open_case, act, clock):
    case = licence_case(open_case)
    act(case, "accept_application")
    act(case, "start_review")
    error = refused(
        lambda: act(case, "decide_licence", who="head", outcome="granted", valid_until="2031-03-01"),
        "licence_number_required",
    )
    assert error.field == "licence_number"
    error = refused(
        lambda: act(case, "decide_licence", who="head", **{**GRANT, "valid_until": "2026-03-02"}),
        "licence_validity",
    )
    assert error.field == "valid_until"
    error = refused(lambda: act(case, "decide_licence", who="head", outcome="maybe"), "choice_invalid")
    case.refresh_from_db()
    assert case.state == CaseState.UNDER_REVIEW


def test_only_the_head_decides(world, open_case, act, clock):
    case = licence_case(open_case)
    act(case, "accept_application")
    act(case, "start_review")
    error = refused(lambda: act(case, "decide_licence", **GRANT), "act_role")
    assert isinstance(error, NotAllowed)
    error = refused(lambda: act(case, "extend_licence_period", reason="需组织专家评审"), "act_role")
    assert isinstance(error, NotAllowed)


def test_an_application_not_accepted_ends_the_case_with_its_reason(world, open_case, act, clock):
    case = licence_case(open_case)
    refused(lambda: act(case, "refuse_application"), "required")
    act(
        case, "refuse_application", reason="申请事项不属于本机关职权范围", records=["non_acceptance_decision"]
    )
    case.refresh_from_db()
    assert case.state == CaseState.NOT_ACCEPTED
    assert deadline(case, "licence.acceptance").status == DeadlineStatus.MET
    assert (
        Act.objects.get(case=case, act="refuse_application").data["reason"] == "申请事项不属于本机关职权范围"
    )
    refused(lambda: act(case, "accept_application"), "wrong_state")


def test_a_late_acceptance_counts_from_receipt(world, open_case, act, clock):
    case = licence_case(open_case)  # received Monday 2 March; acceptance due Monday 9 March
    clock.shift(dt.timedelta(days=8))  # Tuesday 10 March
    act(case, "accept_application")
    assert deadline(case, "licence.acceptance").status == DeadlineStatus.MISSED
    case.refresh_from_db()
    assert case.filed_on == dt.date(2026, 3, 2)
    assert deadline(case, "licence.decision").due == dt.date(2026, 3, 30)


def test_the_head_extends_the_decision_period_once_by_ten_working_days(world, open_case, act, clock):
    case = licence_case(open_case)
    act(case, "accept_application")
    act(
        case,
        "extend_licence_period",
        who="head",
        reason="需组织专家评审",
        records=["licence_extension_approval", "licence_extension_notice"],
    )
    periods = CaseDeadline.objects.filter(case=case, rule_id="licence.decision").order_by("id")
    assert [p.status for p in periods] == [DeadlineStatus.STOPPED, DeadlineStatus.OPEN]
    running = periods.last()
    assert running.days == 30 and running.start_date == dt.date(2026, 3, 2)
    # 30 working days from 2 March, the Qingming holiday (4–6 April) not counted: Tuesday 14 April.
    assert running.due == dt.date(2026, 4, 14)
    assert "10" in running.explanation
    assert Act.objects.get(case=case, act="extend_licence_period").data["reason"] == "需组织专家评审"
    act(case, "start_review")
    refused(lambda: act(case, "extend_licence_period", who="head", reason="再延"), "licence_extended_already")
    refused(lambda: act(case, "extend_licence_period", who="head"), "required")


def test_on_site_verification_needs_two_certified_officers(world, open_case, act, clock):
    case = licence_case(open_case, officers=1)
    act(case, "accept_application")
    act(case, "start_review")
    refused(lambda: act(case, "verify_on_site"), "verification_officers", "第三十四条")


def test_the_applicant_must_be_on_the_case(world, open_case, act, clock):
    case = licence_case(open_case, parties=[])
    refused(lambda: act(case, "accept_application"), "applicant_required", "行政许可法")
    refused(lambda: act(case, "refuse_application", reason="无申请人"), "applicant_required")


def test_a_licence_case_through_the_api(world, client_as, clock):
    from tests.api import post
    from tests.cases.conftest import ORGANISATION

    officer = client_as("officer")
    response = post(
        officer,
        "/cases",
        {
            "procedure": "licence",
            "title": "食品经营许可（东湖某某食品有限公司）",
            "source": "application",
            "discovered_on": "2026-02-27",
            "parties": [ORGANISATION],
            "officer_ids": [world.officers[0].pk, world.officers[1].pk],
        },
    )
    assert response.status_code == 201, response.json()
    case = response.json()
    assert case["procedure"] == "licence" and case["state"] == "applied"
    assert [d["rule_id"] for d in case["deadlines"]] == ["licence.acceptance"]
    # Received Friday 27 February; Saturday 28 February is a working day (Spring Festival swap):
    # 5 working days end Thursday 5 March.
    assert case["deadlines"][0]["start_date"] == "2026-02-27" and case["deadlines"][0]["due"] == "2026-03-05"
    case = post(officer, f"/cases/{case['id']}/acts/accept_application", {"version": case["version"]}).json()
    case = post(officer, f"/cases/{case['id']}/acts/start_review", {"version": case["version"]}).json()
    answer = post(
        officer, f"/cases/{case['id']}/acts/decide_licence", {"version": case["version"], "values": GRANT}
    )
    assert answer.status_code == 403 and answer.json()["code"] == "act_role"
    answer = post(
        client_as("head"),
        f"/cases/{case['id']}/acts/decide_licence",
        {"version": case["version"], "values": {"outcome": "refused", "reasons": "材料不实"}},
    )
    assert answer.status_code == 400 and answer.json()["code"] == "licence_refusal_remedies"
    answer = post(
        client_as("head"),
        f"/cases/{case['id']}/acts/decide_licence",
        {"version": case["version"], "values": GRANT},
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json()["state"] == "licence_decided"


def test_the_new_case_page_offers_the_licence_procedure(world, client_as, clock):
    officer = client_as("officer")
    page = officer.get("/cases/new/")
    assert 'value="licence"' in page.content.decode()
    response = officer.post(
        "/cases/new/",
        {
            "procedure": "licence",
            "title": "食品经营许可（张三测）",
            "source": "application",
            "party_kind": "natural_person",
            "party_name": "张三测",
            "party_id_number": "11010519491231002X",
            "officers": [str(world.officers[0].pk), str(world.officers[1].pk)],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get(title="食品经营许可（张三测）")
    assert case.procedure == "licence" and case.state == CaseState.APPLIED
    body = officer.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-act="accept_application"' in body and 'data-act="refuse_application"' in body


def test_the_public_flowchart_draws_the_licence_procedure(client, world):
    listing = client.get("/procedures/").content.decode()
    assert "行政许可" in listing and "licence.svg" in listing
    svg = client.get("/procedures/licence.svg").content.decode()
    for label in ("受理许可申请", "决定不予受理", "作出许可决定", "颁发许可证件", "不予受理"):
        assert label in svg, label
