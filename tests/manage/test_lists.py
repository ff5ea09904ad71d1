from decimal import Decimal

from sanxiang.catalog.models import (
    Agency,
    BenchmarkGrade,
    CatalogChange,
    DiscretionBenchmark,
    EnforcementItem,
    LegalBasis,
    RandomInspectionItem,
)

REASON = "清单动态调整"


def _item_data(**overrides):
    data = {
        "code": "ITEM-NEW",
        "name": "对无证经营的处罚",
        "category": "penalty",
        "basis_text": "《无证无照经营查处办法》第十三条",
        "reason": REASON,
    }
    data.update(overrides)
    return data


def test_it_creates_edits_and_retires_an_item(world, client_as):
    client = client_as("head")
    basis = LegalBasis.objects.create(
        title="无证无照经营查处办法",
        kind="admin_regulation",
        issuing_body="国务院",
        created_at="2024-01-01T00:00:00+08:00",
    )
    response = client.post(
        f"/manage/agency/{world.agency.pk}/items/new/", {**_item_data(), "bases": [basis.pk]}
    )
    assert response.status_code == 302
    item = EnforcementItem.objects.get(agency=world.agency, code="ITEM-NEW")
    assert list(item.bases.all()) == [basis]
    response = client.post(f"/manage/item/{item.pk}/edit/", _item_data(name="对无照经营的处罚"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.name == "对无照经营的处罚"
    assert client.get(f"/manage/item/{item.pk}/retire/").status_code == 200
    response = client.post(f"/manage/item/{item.pk}/retire/", {"reason": "职能划转"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.retired_at is not None
    assert CatalogChange.objects.filter(subject_type="enforcementitem", subject_id=item.pk).count() == 3


def test_it_refuses_a_repeated_item_code_and_keeps_the_form(world, client_as):
    before = EnforcementItem.objects.count()
    response = client_as("head").post(
        f"/manage/agency/{world.agency.pk}/items/new/", _item_data(code="ITEM-a")
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert '<p class="field-error" data-field="code">本机关已有其他条目使用该编码。</p>' in body
    assert "对无证经营的处罚" in body and REASON in body
    assert EnforcementItem.objects.count() == before


def _benchmark_post(**grades):
    data = {
        "code": "BM-NEW",
        "violation": "未按规定公示营业执照",
        "violated_provision": "第三十一条",
        "penalty_provision": "第四十八条",
        "item": "",
        "reason": REASON,
    }
    data.update(grades)
    return data


def test_it_saves_a_benchmark_with_several_grades_on_one_form(world, client_as):
    client = client_as("head")
    assert client.get(f"/manage/agency/{world.agency.pk}/benchmarks/new/").status_code == 200
    response = client.post(
        f"/manage/agency/{world.agency.pk}/benchmarks/new/",
        _benchmark_post(
            **{
                "grades-0-grade": "lighter",
                "grades-0-circumstances": "首次违法",
                "grades-0-penalty": "警告",
                "grades-0-warning": "on",
                "grades-2-grade": "general",
                "grades-2-circumstances": "逾期未改",
                "grades-2-penalty": "罚款",
                "grades-2-fine_min": "1000",
                "grades-2-fine_max": "5000",
            }
        ),
    )
    assert response.status_code == 302
    benchmark = DiscretionBenchmark.objects.get(agency=world.agency, code="BM-NEW")
    grades = list(benchmark.grades.order_by("position"))
    assert [g.grade for g in grades] == ["lighter", "general"]
    assert grades[0].warning is True and grades[1].fine_max == Decimal("5000.00")
    # Editing drops a grade left empty and keeps the other.
    response = client.post(
        f"/manage/benchmark/{benchmark.pk}/edit/",
        _benchmark_post(
            **{
                "grades-0-grade": "general",
                "grades-0-circumstances": "逾期未改",
                "grades-0-penalty": "罚款",
                "grades-0-fine_min": "1000",
                "grades-0-fine_max": "6000",
            }
        ),
    )
    assert response.status_code == 302
    assert list(benchmark.grades.values_list("grade", "fine_max")) == [("general", Decimal("6000.00"))]
    response = client.post(f"/manage/benchmark/{benchmark.pk}/retire/", {"reason": "标准废止"})
    assert response.status_code == 302
    benchmark.refresh_from_db()
    assert benchmark.retired_at is not None


def test_it_shows_grade_errors_in_the_row_the_user_typed_them(world, client_as):
    before = (DiscretionBenchmark.objects.count(), BenchmarkGrade.objects.count())
    response = client_as("head").post(
        f"/manage/agency/{world.agency.pk}/benchmarks/new/",
        _benchmark_post(
            **{
                "grades-3-grade": "general",
                "grades-3-circumstances": "逾期未改",
                "grades-3-penalty": "罚款",
                "grades-3-fine_min": "9000",
                "grades-3-fine_max": "100",
            }
        ),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert '<p class="field-error" data-field="grades-3-fine_max">罚款上限不得低于罚款下限。</p>' in body
    assert 'value="9000"' in body and 'value="100"' in body
    assert (DiscretionBenchmark.objects.count(), BenchmarkGrade.objects.count()) == before


def test_it_creates_edits_and_retires_an_inspection_item(world, client_as):
    client = client_as("head")
    data = {
        "code": "INS-NEW",
        "name": "广告发布检查",
        "basis": "广告法第四十九条",
        "inspecting_body": "东湖县市场监督管理局",
        "object_type": "广告发布者",
        "content": "广告内容合法性",
        "method": "网络监测",
        "ratio": "5%",
        "frequency": "每年一次",
        "reason": REASON,
    }
    assert client.post(f"/manage/agency/{world.agency.pk}/inspection-items/new/", data).status_code == 302
    row = RandomInspectionItem.objects.get(agency=world.agency, code="INS-NEW")
    assert client.post(f"/manage/inspection-item/{row.pk}/edit/", {**data, "ratio": "10%"}).status_code == 302
    row.refresh_from_db()
    assert row.ratio == "10%"
    assert client.post(f"/manage/inspection-item/{row.pk}/retire/", {"reason": "合并"}).status_code == 302
    row.refresh_from_db()
    assert row.retired_at is not None


def test_it_lets_an_administrator_keep_legal_bases(world, client_as):
    client = client_as("admin")
    data = {
        "title": "中华人民共和国行政处罚法",
        "kind": "law",
        "issuing_body": "全国人民代表大会常务委员会",
        "document_number": "",
        "effective_on": "2021-07-15",
        "repealed_on": "",
        "text_url": "",
        "reason": REASON,
    }
    assert client.post("/manage/legal-bases/new/", data).status_code == 302
    basis = LegalBasis.objects.get(title="中华人民共和国行政处罚法")
    assert "中华人民共和国行政处罚法" in client.get("/manage/legal-bases/").content.decode()
    response = client.post(f"/manage/legal-bases/{basis.pk}/edit/", {**data, "repealed_on": "2020-01-01"})
    assert response.status_code == 400
    assert "废止日期必须晚于施行日期。" in response.content.decode()
    assert (
        client_as("head").post("/manage/legal-bases/new/", {**data, "title": "另一部法"}).status_code == 403
    )
    assert not LegalBasis.objects.filter(title="另一部法").exists()


def test_it_edits_an_agency(world, client_as):
    client = client_as("county_admin")
    page = client.get(f"/manage/agency/{world.agency.pk}/edit/")
    assert page.status_code == 200 and world.agency.credit_code in page.content.decode()
    data = {
        "name": world.agency.name,
        "credit_code": world.agency.credit_code,
        "address": "东湖县新华路2号",
        "reason": "办公地址变更",
    }
    assert client.post(f"/manage/agency/{world.agency.pk}/edit/", data).status_code == 302
    assert Agency.objects.get(pk=world.agency.pk).address == "东湖县新华路2号"


def test_the_agency_page_shows_internal_data_and_the_full_change_log(world, client_as):
    officer = world.officers[0]
    client = client_as("county_admin")
    client.post(
        f"/manage/officer/{officer.pk}/edit/",
        {"name": officer.name, "post": "科员", "phone": "13912345678", "reason": "电话变更"},
    )
    change = CatalogChange.objects.get(reason="电话变更")
    assert change.public is False
    body = client_as("head").get(f"/manage/agency/{world.agency.pk}/").content.decode()
    assert "13912345678" in body and "电话变更" in body
    assert "ITEM-a" in body and "BM-a" in body and "INS-a" in body
