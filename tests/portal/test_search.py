"""One search box across agencies, officers, items, benchmarks and inspection items."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanxiang.catalog import actions

pytestmark = pytest.mark.django_db


def search(client, **params):
    response = client.get(reverse("catalog_public:search"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_it_finds_an_officer_by_name(client, world, lists):
    html = search(client, q="李娜")
    assert "李娜测" in html
    assert world.certificates[1].number in html
    assert world.agency.name in html
    assert "张伟测" not in html


def test_it_finds_an_officer_by_certificate_number(client, world, lists):
    html = search(client, q=world.other_certificate.number)
    assert "赵六测" in html
    assert world.other_agency.name in html


def test_it_groups_results_by_kind(client, world, lists):
    html = search(client, q="食品")
    assert 'id="items"' in html and lists.item.name in html
    assert 'id="benchmarks"' in html and "未取得许可从事食品经营" in html
    assert 'id="inspections"' in html and "食品经营者经营条件检查" in html
    html = search(client, q="西山县")
    assert 'id="agencies"' in html and world.other_agency.name in html


def test_it_hides_retired_rows_from_search(client, world, lists):
    assert "已取消的旧事项" not in search(client, q="已取消")
    actions.retire_officer(actor=world.user("county_admin"), officer=world.officers[0], reason="调离执法岗位")
    assert "张伟测" not in search(client, q="张伟")


def test_it_escapes_markup_in_the_query(client, world, lists):
    html = search(client, q='<script>alert("x")</script>')
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_it_paginates_each_group_separately(client, world, lists):
    for index in range(23):
        actions.save_item(
            actor=None,
            agency=world.agency,
            reason="测试数据",
            data={
                "code": f"S-{index:03d}",
                "name": f"检索事项{index:03d}",
                "category": "penalty",
                "basis_text": "依据",
            },
        )
    first = search(client, q="检索事项")
    assert "检索事项019" in first and "检索事项020" not in first
    assert "items_page=2" in first
    second = search(client, q="检索事项", items_page=2)
    assert "检索事项022" in second and "检索事项000" not in second


def test_it_asks_for_a_query_when_empty(client, world):
    assert "请输入" in search(client)
