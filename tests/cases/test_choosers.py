"""Choosing, not typing ids, on 登记案件 (issue 12): the enforcement item from the agency's current
catalog with a server-side search, the grades of the chosen item only, officers with a valid
certificate as checkboxes (the others disabled with the reason, and refused if posted anyway), and
the lead officer (主办人) chosen by the registering officer."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from sanxiang.accounts.models import User
from sanxiang.cases.models import Case, CaseOfficer
from sanxiang.catalog import actions as catalog_actions
from sanxiang.catalog.models import BenchmarkGrade, EnforcementItem
from tests.cases.conftest import PERSON

ITEM_A = "ITEM-a 对经营过期食品的处罚a"


def form(**extra: Any) -> dict[str, Any]:
    return {
        "procedure": "general",
        "title": "选择登记案",
        "source": "complaint",
        "party_kind": "natural_person",
        "party_name": PERSON["name"],
        "party_id_number": PERSON["id_number"],
        **extra,
    }


def item(world: Any, code: str, name: str) -> EnforcementItem:
    return catalog_actions.save_item(
        actor=None,
        agency=world.agency,
        reason="测试数据",
        data={
            "code": code,
            "name": name,
            "category": "penalty",
            "basis_text": "《食品安全法》第一百二十六条",
        },
    )


def benchmark(
    world: Any, target: EnforcementItem, code: str, grade: str, low: str, high: str
) -> BenchmarkGrade:
    saved = catalog_actions.save_benchmark(
        actor=None,
        agency=world.agency,
        item=target,
        reason="测试数据",
        data={
            "code": code,
            "violation": f"{target.name}违法行为",
            "violated_provision": "第五十条",
            "penalty_provision": "第一百二十六条",
        },
        grades=[
            {"grade": grade, "circumstances": "情节", "penalty": "罚款", "fine_min": low, "fine_max": high}
        ],
    )
    return saved.grades.get()


@pytest.fixture
def revoked(world: Any) -> Any:
    """王建华测: an officer of the agency whose certificate was revoked (注销)."""
    officer = catalog_actions.create_officer(
        actor=None, agency=world.agency, reason="测试数据", data={"name": "王建华测"}
    )
    cert = catalog_actions.issue_certificate(
        actor=None,
        officer=officer,
        reason="测试数据",
        data={
            "number": "330101009999",
            "categories": "市场监管",
            "issuing_authority": "临江市人民政府",
            "issued_on": dt.date(2024, 1, 1),
            "expires_on": dt.date(2029, 1, 1),
        },
    )
    catalog_actions.revoke_certificate(actor=world.user("admin"), certificate=cert, reason="调离执法岗位")
    return officer


def options(page: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S)
    assert select is not None, f"no <select name={name}>"
    return [label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select.group(0))]


def test_the_item_is_chosen_from_the_agency_s_current_catalog(world, client_as, clock):
    retired = item(world, "ITEM-r", "已废止的事项")
    catalog_actions.retire_item(actor=world.user("admin"), item=retired, reason="测试数据")
    page = client_as("officer").get("/cases/new/").content.decode()
    listed = options(page, "enforcement_item")
    assert ITEM_A in listed
    assert not any("ITEM-b" in label or "ITEM-r" in label for label in listed)  # other agency, retired
    assert '<optgroup label="行政处罚">' in page
    assert not re.search(r'<input[^>]*name="enforcement_item"', page)  # no id typed any more
    assert not re.search(r'<input[^>]*name="benchmark_grade"', page)


def test_the_search_filters_on_the_server_and_keeps_every_entered_value(world, client_as, clock):
    item(world, "ITEM-c", "对未按规定公示食品经营许可的处罚")
    client = client_as("officer")
    page = client.get("/cases/new/").content.decode()
    assert len([label for label in options(page, "enforcement_item") if label.startswith("ITEM-")]) == 2
    # A search is a refresh: nothing is registered and every value comes back.
    sent = form(item_q="过期", officers=[str(world.officers[0].pk)], refresh="搜索事项", facts="酸奶12盒")
    answer = client.post("/cases/new/", sent)
    page = answer.content.decode()
    assert answer.status_code == 200 and not Case.objects.exists()
    assert [label for label in options(page, "enforcement_item") if label.startswith("ITEM-")] == [ITEM_A]
    assert 'value="选择登记案"' in page and "酸奶12盒" in page and f'value="{PERSON["name"]}"' in page
    assert re.search(rf'id="id_officers_{world.officers[0].pk}"[^>]*checked', page)
    # One match is chosen at once, so its grades are listed without another step.
    assert "一般 · 罚款 50,000–100,000 元" in " ".join(options(page, "benchmark_grade"))
    # The same by a plain link, as a phone's browser without script sends it.
    linked = client.get("/cases/new/", {"item_q": "公示", "title": "链接"}).content.decode()
    assert [label for label in options(linked, "enforcement_item") if label.startswith("ITEM-")] == [
        "ITEM-c 对未按规定公示食品经营许可的处罚"
    ]
    assert 'value="链接"' in linked


def test_only_the_grades_of_the_chosen_item_are_offered(world, client_as, clock):
    other = item(world, "ITEM-c", "对未按规定公示食品经营许可的处罚")
    other_grade = benchmark(world, other, "BM-c", "heavier", "5000", "30000")
    client = client_as("officer")
    page = client.post("/cases/new/", form(enforcement_item=other.pk, refresh="选择档次")).content.decode()
    assert options(page, "benchmark_grade") == [
        "— 暂未认定 —",
        f"{other.name}违法行为：从重 · 罚款 5,000–30,000 元",
    ]
    item_a = EnforcementItem.objects.get(code="ITEM-a")
    page = client.post("/cases/new/", form(enforcement_item=item_a.pk, refresh="选择档次")).content.decode()
    assert "从重" not in " ".join(options(page, "benchmark_grade"))
    # A grade of another item, posted anyway, is refused and nothing is registered.
    answer = client.post(
        "/cases/new/",
        form(enforcement_item=item_a.pk, benchmark_grade=other_grade.pk, officers=[world.officers[0].pk]),
    )
    assert answer.status_code == 400 and not Case.objects.exists()
    assert "请从所选执法事项的裁量基准中选择档次" in answer.content.decode()


def test_an_officer_without_a_valid_certificate_is_shown_disabled_and_refused(
    world, client_as, clock, revoked
):
    client = client_as("officer")
    page = client.get("/cases/new/").content.decode()
    row = re.search(rf'<li data-officer="{revoked.pk}".*?</li>', page, re.S)
    assert row is not None
    assert "disabled" in row.group(0) and "执法证已注销" in row.group(0)
    valid_row = re.search(rf'<li data-officer="{world.officers[0].pk}".*?</li>', page, re.S)
    assert (
        valid_row is not None
        and "disabled" not in valid_row.group(0)
        and "330101000001" in valid_row.group(0)
    )
    answer = client.post("/cases/new/", form(officers=[world.officers[0].pk, revoked.pk]))
    body = answer.content.decode()
    assert answer.status_code == 400 and not Case.objects.exists()
    assert "王建华测 不能承办本案：执法证已注销" in body and "第四十二条" in body


def test_the_registering_officer_chooses_the_lead(world, client_as, clock):
    client = client_as("officer")
    first, second = world.officers[0], world.officers[1]
    answer = client.post("/cases/new/", form(officers=[first.pk, second.pk], lead=second.pk))
    assert answer.status_code == 302, answer.content.decode()[:2000]
    case = Case.objects.get()
    assert CaseOfficer.objects.get(case=case, lead=True).officer == second
    assert set(case.assignments.values_list("officer_id", flat=True)) == {first.pk, second.pk}
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert second.name in page
    # A lead who is not among the chosen officers is refused.
    refused = client.post("/cases/new/", form(title="另一案", officers=[first.pk], lead=world.officers[2].pk))
    assert refused.status_code == 400 and "主办人必须是所选执法人员之一" in refused.content.decode()
    assert Case.objects.count() == 1


def test_the_registering_officer_leads_by_default(world, client_as, clock):
    own = world.officers[2]
    User.objects.filter(pk=world.user("officer").pk).update(officer=own)
    client = client_as("officer")
    page = client.get("/cases/new/").content.decode()
    assert re.search(rf'id="id_officers_{own.pk}"[^>]*checked', page)
    assert re.search(rf'id="id_lead_{own.pk}"[^>]*checked', page)
    answer = client.post("/cases/new/", form(officers=[world.officers[0].pk, own.pk]))
    assert answer.status_code == 302
    assert CaseOfficer.objects.get(case=Case.objects.get(), lead=True).officer == own


def test_the_edit_form_offers_the_grades_of_the_case_s_item(world, client_as, clock, open_case):
    other = item(world, "ITEM-c", "对未按规定公示食品经营许可的处罚")
    benchmark(world, other, "BM-c", "heavier", "5000", "30000")
    case = open_case(enforcement_item=EnforcementItem.objects.get(code="ITEM-a").pk)
    page = client_as("officer").get(f"/cases/{case.pk}/").content.decode()
    labels = options(page, "benchmark_grade")
    assert labels == ["—", "经营过期食品a：一般 · 罚款 50,000–100,000 元"]
