"""Security review F11 and F1 (input side), and F7 (decimal overflow): invisible characters are
never stored — refused in names and other single-line fields with the field named, stripped from
free text — and an amount too large for any money column is refused with a 400, not a 500."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from sanxiang.cases.models import Case, Party
from sanxiang.catalog.models import DiscretionBenchmark
from sanxiang.core.cleaning import MAX_AMOUNT, Spec, clean
from sanxiang.core.errors import Invalid
from sanxiang.core.text import clean_text
from tests.api import post
from tests.cases.conftest import ORGANISATION

pytestmark = pytest.mark.django_db

NAME = Spec("name", "当事人名称", max_length=100)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("张\u202e三", "invisible_characters"),  # right-to-left override: shows 张 then a reversed rest
        ("张\u200b三", "invisible_characters"),  # zero-width space: hides the name from search
        ("\ufeff张三", "invisible_characters"),  # byte-order mark
        ("张三\u2066", "invisible_characters"),  # bidi isolate
        ("张\u00ad三", "invisible_characters"),  # soft hyphen
        ("张三\U0010ffff", "invalid_characters"),  # noncharacter
        ("张三\ufdd0", "invalid_characters"),
    ],
)
def test_a_name_with_an_invisible_character_is_refused_with_the_field_named(raw, code):
    with translation.override("zh-hans"), pytest.raises(Invalid) as refused:
        clean({"name": raw}, [NAME])
    error = refused.value.errors[0]
    assert (error.field, error.code) == ("name", code)
    message = str(error.message)
    assert message.startswith("当事人名称") and message.isprintable()
    if code == "invisible_characters":
        assert "不得含有不可见的格式字符" in message


def test_free_text_loses_its_invisible_characters_silently():
    pasted = "货架上有过期\u200b酸奶\u00ad12盒，\ufeff当事人\u202e承认\u202c。\n第二行"
    cleaned = clean_text(pasted, field="facts", label="违法事实", max_length=500, multiline=True)
    assert cleaned == "货架上有过期酸奶12盒，当事人承认。\n第二行"
    with pytest.raises(Invalid) as refused:
        clean_text("事实\U0010ffff", field="facts", label="违法事实", max_length=500, multiline=True)
    assert refused.value.code == "invalid_characters" and refused.value.field == "facts"
    # Only invisible characters: nothing left, so a required field is missing.
    with pytest.raises(Invalid) as empty:
        clean_text("\u200b\ufeff", field="facts", label="违法事实", max_length=500, multiline=True)
    assert empty.value.code == "required"


def test_chinese_punctuation_and_private_use_characters_are_kept():
    # No NFKC on input: full-width punctuation stays; a rare name character in the private-use area too.
    assert clean_text("张\ue000三，（一）", field="name", label="姓名", max_length=50) == "张\ue000三，（一）"


def _case_body(world, **overrides):
    return {
        "procedure": "general",
        "title": "经营过期食品案",
        "source": "complaint",
        "facts": "货架上有过期酸奶12盒",
        "parties": [ORGANISATION],
        "officer_ids": [world.officers[0].pk, world.officers[1].pk],
        **overrides,
    }


def test_the_api_refuses_a_spoofed_party_name_and_title_and_writes_nothing(world, client_as):
    officer = client_as("officer")
    before = (Case.objects.count(), Party.objects.count())
    spoofed = post(
        officer, "/cases", _case_body(world, parties=[{**ORGANISATION, "name": "东湖\u202e行商品食"}])
    )
    assert spoofed.status_code == 400, spoofed.content
    body = spoofed.json()
    assert body["code"] == "invisible_characters" and "不得含有不可见的格式字符" in body["message"]
    assert "name" in body["errors"][0]["field"] and "当事人名称或姓名" in body["message"]
    titled = post(officer, "/cases", _case_body(world, title="经营过期\u200b食品案"))
    assert titled.status_code == 400 and titled.json()["errors"][0]["field"] == "title"
    assert titled.json()["message"].startswith("案由")
    assert (Case.objects.count(), Party.objects.count()) == before


def test_the_api_stores_free_text_without_its_invisible_characters(world, client_as):
    created = post(
        client_as("officer"), "/cases", _case_body(world, facts="货架上有过期\u200b酸奶\u00ad12盒")
    )
    assert created.status_code == 201, created.content
    assert Case.objects.get(pk=created.json()["id"]).facts == "货架上有过期酸奶12盒"


# --- F7: amounts -----------------------------------------------------------------------------------

FINE = Spec("fine", "罚款金额", kind="decimal", required=False)


@pytest.mark.parametrize(
    "raw", ["1e30", 1e30, "100000000000000000000000000", "1e300", "1000000000000", "1E+999999"]
)
def test_an_amount_beyond_the_money_columns_is_refused_not_overflowed(raw):
    with translation.override("zh-hans"), pytest.raises(Invalid) as refused:
        clean({"fine": raw}, [FINE])
    assert refused.value.code == "decimal_too_large" and refused.value.field == "fine"
    assert "罚款金额" in str(refused.value.message) and "999,999,999,999.99" in str(refused.value.message)


def test_the_largest_amount_a_column_holds_is_accepted():
    assert clean({"fine": "999999999999.99"}, [FINE]) == {"fine": MAX_AMOUNT}
    assert clean({"fine": "1e3"}, [FINE]) == {"fine": Decimal("1000.00")}


def test_the_benchmarks_api_refuses_1e30_with_a_400_naming_the_field(world, client_as):
    body = {
        "reason": "新增",
        "code": "BM-130",
        "violation": "违法行为",
        "violated_provision": "第一条",
        "penalty_provision": "第二条",
        "grades": [
            {
                "grade": "general",
                "circumstances": "一般",
                "penalty": "罚款",
                "fine_min": "0",
                "fine_max": "1e30",
            }
        ],
    }
    response = post(client_as("head"), f"/internal/agencies/{world.agency.pk}/benchmarks", body)
    assert response.status_code == 400, response.content
    error = response.json()["errors"][0]
    assert error["field"] == "grades[0].fine_max" and error["code"] == "decimal_too_large"
    assert not DiscretionBenchmark.objects.filter(code="BM-130").exists()
