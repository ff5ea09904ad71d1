"""Bad input: a Chinese message naming the field, status 400, the typed values shown again, and
nothing saved."""

from sanxiang.catalog.models import Agency, CatalogChange, Certificate, Officer
from tests.world import make_uscc

REASON = "新设机构"


def _agency_data(world, **overrides):
    data = {
        "region": str(world.county.pk),
        "entrusted_by": "",
        "name": "东湖县应急管理局",
        "short_name": "",
        "credit_code": make_uscc("11330101MB0000003"),
        "kind": "statutory",
        "address": "东湖县人民路9号",
        "reason": REASON,
    }
    data.update(overrides)
    return data


def test_it_creates_an_agency(world, client_as):
    response = client_as("county_admin").post("/manage/agency/new/", _agency_data(world))
    agency = Agency.objects.get(name="东湖县应急管理局")
    assert response.status_code == 302 and response["Location"] == f"/manage/agency/{agency.pk}/"
    assert agency.region == world.county


def test_it_refuses_a_credit_code_with_a_wrong_check_character(world, client_as):
    good = make_uscc("11330101MB0000003")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    before = Agency.objects.count()
    response = client_as("county_admin").post("/manage/agency/new/", _agency_data(world, credit_code=bad))
    assert response.status_code == 400
    body = response.content.decode()
    assert (
        '<p class="field-error" data-field="credit_code">统一社会信用代码的校验码错误（GB 32100-2015）。</p>'
        in body
    )
    assert bad in body and "东湖县应急管理局" in body and "东湖县人民路9号" in body and REASON in body
    assert Agency.objects.count() == before


def test_it_refuses_an_over_long_name_and_markup(world, client_as):
    client = client_as("county_admin")
    before = (Officer.objects.count(), CatalogChange.objects.count())
    response = client.post(
        f"/manage/agency/{world.agency.pk}/officers/new/",
        {"name": "长" * 51, "post": "<script>alert(1)</script>", "reason": "新进人员"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert '<p class="field-error" data-field="name">姓名最多 50 个字符（现有 51 个）。</p>' in body
    assert '<p class="field-error" data-field="post">职务不得包含 &lt; &gt; 等标记或脚本。</p>' in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>alert(1)" not in body
    assert "长" * 51 in body and "新进人员" in body
    assert (Officer.objects.count(), CatalogChange.objects.count()) == before


def test_it_refuses_a_duplicate_certificate_number(world, client_as):
    officer = world.officers[0]
    before = Certificate.objects.count()
    response = client_as("county_admin").post(
        f"/manage/officer/{officer.pk}/certificates/new/",
        {
            "number": world.certificates[1].number,
            "categories": "市场监管",
            "issuing_authority": "临江市人民政府",
            "issued_on": "2026-01-01",
            "expires_on": "2031-01-01",
            "reason": "换发",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert '<p class="field-error" data-field="number">该执法证号已被使用。</p>' in body
    assert world.certificates[1].number in body and "临江市人民政府" in body
    assert Certificate.objects.count() == before


def test_it_refuses_an_expiry_before_the_issue_date(world, client_as):
    officer = world.officers[0]
    before = Certificate.objects.count()
    response = client_as("county_admin").post(
        f"/manage/officer/{officer.pk}/certificates/new/",
        {
            "number": "33010100ABCD",
            "categories": "市场监管",
            "issuing_authority": "临江市人民政府",
            "issued_on": "2026-01-01",
            "expires_on": "2025-01-01",
            "reason": "换发",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert '<p class="field-error" data-field="expires_on">有效期截止日期必须晚于发证日期。</p>' in body
    assert "2025-01-01" in body and "33010100ABCD" in body
    assert Certificate.objects.count() == before
