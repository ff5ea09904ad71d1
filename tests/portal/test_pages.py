"""The public agency pages: each tab renders the right agency's current data and nothing private."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanxiang.catalog import actions
from sanxiang.catalog.models import CatalogChange

PRIVATE_PHONE = "13800000000"

pytestmark = pytest.mark.django_db


def get(client, name, *args, **params):
    response = client.get(reverse(f"catalog_public:{name}", args=args), params)
    assert response.status_code == 200, (name, response.status_code)
    return response.content.decode()


def every_public_page(world, lists):
    a, b = world.agency.pk, world.other_agency.pk
    pages = [("home",), ("search",), ("verify_lookup",)]
    for pk in (a, b, lists.entrusted.pk):
        pages += [
            (tab, pk)
            for tab in ("agency", "officers", "items", "benchmarks", "inspections", "remedies", "changes")
        ]
    pages += [
        ("item", a, lists.item.pk),
        ("benchmark", a, lists.benchmark.pk),
        ("inspection", a, lists.inspection.pk),
        ("item", b, lists.other_item.pk),
    ]
    return pages


def test_it_never_shows_an_officers_private_phone(client, world, lists):
    for name, *args in every_public_page(world, lists):
        assert PRIVATE_PHONE not in get(client, name, *args), name
    for params in ({"q": "测"}, {"q": "330101"}):
        assert PRIVATE_PHONE not in get(client, "search", **params)
    assert PRIVATE_PHONE not in get(client, "verify_lookup", number=world.certificates[0].number)


def test_it_renders_the_pages_in_chinese(client, world, lists):
    html = get(client, "officers", world.agency.pk)
    assert 'lang="zh-Hans"' in html
    assert "执法人员" in html  # tab label
    assert "有效" in html  # certificate status


def test_it_lists_regions_and_agencies_on_the_home_page(client, world, lists):
    html = get(client, "home")
    for text in ("浙东省", "临江市", "东湖县", "西山县", world.agency.name, world.other_agency.name):
        assert text in html


def test_it_filters_the_home_page_by_region(client, world, lists):
    html = get(client, "home", region=world.other_county.code)
    assert world.other_agency.name in html
    assert world.agency.name not in html
    html = get(client, "home", region=world.city.code)
    assert world.agency.name in html and world.other_agency.name in html


def test_it_shows_the_subject_information(client, world, lists):
    html = get(client, "agency", world.agency.pk)
    assert world.agency.credit_code in html
    assert "东湖县人民路1号" in html
    assert lists.entrusted.name in html  # the organisations it entrusts


def test_it_publishes_the_entrustment_letter_of_an_entrusted_body(client, world, lists):
    html = get(client, "agency", lists.entrusted.pk)
    assert "兹委托东湖县市场监管综合执法队" in html
    assert world.agency.name in html
    assert "《行政处罚法》第二十条" in html


def test_it_lists_officers_with_certificate_and_status(client, world, lists):
    html = get(client, "officers", world.agency.pk)
    for officer, cert in zip(world.officers, world.certificates, strict=True):
        assert officer.name in html
        assert cert.number in html
    assert "市场监管" in html
    assert "科员" in html
    assert "赵六测" not in html  # agency B's officer


def test_it_shows_agency_b_data_on_b_pages_only(client, world, lists):
    html = get(client, "officers", world.other_agency.pk)
    assert "赵六测" in html and world.other_certificate.number in html
    assert "张伟测" not in html
    html = get(client, "items", world.other_agency.pk)
    assert "西山县特有处罚事项" in html
    assert lists.item.name not in html
    assert "西山县特有处罚事项" not in get(client, "items", world.agency.pk)


def test_it_refuses_an_item_under_another_agency(client, world, lists):
    url = reverse("catalog_public:item", args=[world.agency.pk, lists.other_item.pk])
    assert client.get(url).status_code == 404


def test_it_hides_retired_rows(client, world, lists):
    assert "已取消的旧事项" not in get(client, "items", world.agency.pk)
    url = reverse("catalog_public:item", args=[world.agency.pk, lists.retired_item.pk])
    assert client.get(url).status_code == 404
    officer = world.officers[0]
    actions.retire_officer(actor=world.user("county_admin"), officer=officer, reason="调离执法岗位")
    assert officer.name not in get(client, "officers", world.agency.pk)
    assert client.get(reverse("catalog_public:agency", args=[999999])).status_code == 404


def test_it_shows_the_service_guide_and_legal_bases_of_an_item(client, world, lists):
    html = get(client, "item", world.agency.pk, lists.item.pk)
    for text in (
        "东湖县市场监督管理局受理窗口",
        "符合立案条件",
        "身份证明",
        "立案之日起九十日",
        "不收费",
        "0571-88880000",
        "工作日 9:00-17:00",
        "中华人民共和国食品安全法",
        "https://flk.npc.gov.cn/",
        "受理机构",
        "审批机构",
        "申请材料",
        "BM-001",
    ):
        assert text in html, text


def test_it_publishes_benchmarks_with_grades_and_fine_ranges(client, world, lists):
    html = get(client, "benchmarks", world.agency.pk)
    for text in (
        "未取得许可从事食品经营",
        "50000",
        "80000",
        "150000",
        "200000",
        "拒不改正",
        "《行政处罚法》第三十四条",
    ):
        assert text in html, text
    html = get(client, "benchmark", world.agency.pk, lists.benchmark.pk)
    assert "《食品安全法》第三十五条" in html and lists.item.name in html


def test_it_lists_random_inspection_items(client, world, lists):
    assert "食品经营者经营条件检查" in get(client, "inspections", world.agency.pk)
    html = get(client, "inspection", world.agency.pk, lists.inspection.pk)
    assert "经营条件是否持续符合要求" in html and "5%" in html


def test_it_shows_remedy_and_complaint_channels(client, world, lists):
    html = get(client, "remedies", world.agency.pk)
    assert "0571-12345" in html
    assert "行政复议法" in html


def test_it_shows_public_changes_newest_first_and_hides_internal_ones(client, world, lists):
    officer = world.officers[1]
    actions.update_officer(
        actor=world.user("county_admin"),
        officer=officer,
        data={"phone": "13900000000"},
        reason="内部电话更新",
    )
    assert CatalogChange.objects.filter(agency=world.agency, public=False).exists()
    actions.retire_item(actor=world.user("head"), item=lists.item, reason="上位法修改最新")
    html = get(client, "changes", world.agency.pk)
    assert "内部电话更新" not in html
    assert html.index("上位法修改最新") < html.index("依据废止")


def test_it_paginates_every_list_by_twenty(client, world, lists):
    for index in range(25):
        actions.save_item(
            actor=None,
            agency=world.agency,
            reason="测试数据",
            data={
                "code": f"P-{index:03d}",
                "name": f"分页事项{index:03d}",
                "category": "penalty",
                "basis_text": "依据",
            },
        )
    first = get(client, "items", world.agency.pk)
    assert "分页事项000" in first and "分页事项019" not in first  # item 330101-CF-001 sorts first
    assert "?page=2" in first
    second = get(client, "items", world.agency.pk, page=2)
    assert "分页事项024" in second and "分页事项000" not in second
    # The change log of agency A has more than 20 lines now, and is paginated too.
    assert "?page=2" in get(client, "changes", world.agency.pk)
    # A nonsense page number gives the last or first page, not an error.
    assert (
        client.get(reverse("catalog_public:items", args=[world.agency.pk]), {"page": "x"}).status_code == 200
    )
