"""Security review F1: personal data hidden by invisible characters, other digit systems and Chinese
numerals is still found, by the scanner, by the CLI and through the whole publication flow; masks
cover the original span (every digit and every invisible character between), and the new
detectors find passport numbers and home addresses."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanxiang.publication import redaction, scan
from sanxiang.publication.models import Record, RecordState
from tests.publication.conftest import PLANTED_ID

MOBILE = "13812345678"
ARABIC = "٠١٢٣٤٥٦٧٨٩"  # U+0660..U+0669
EXTENDED = "۰۱۲۳۴۵۶۷۸۹"  # U+06F0..U+06F9
FULL = "０１２３４５６７８９"
CHINESE = "〇一二三四五六七八九"
CAPITALS = "零壹贰叁肆伍陆柒捌玖"


def written(number: str, digits: str) -> str:
    return number.translate(str.maketrans("0123456789", digits))


# Every variant of the review's table, for an identity number and a mobile number.
VARIANTS = [
    ("zwsp", "身份证号1101\u200b0519491231002X，手机138\u200b1234\u200b5678"),
    ("soft hyphen", "身份证号1101\u00ad0519491231002X，手机138\u00ad1234\u00ad5678"),
    ("bom", "身份证号\ufeff1101\ufeff0519491231002X，手机138\ufeff12345678"),
    ("word joiner", "身份证号1101\u20600519491231002X，手机138\u20601234\u20605678"),
    ("bidi override", "身份证号\u202e1101\u202d0519491231002X\u202c，手机\u2067138\u20661234\u2069 5678"),
    ("arabic-indic", f"身份证号{written(PLANTED_ID[:17], ARABIC)}X，手机{written(MOBILE, ARABIC)}"),
    (
        "extended arabic-indic",
        f"身份证号{written(PLANTED_ID[:17], EXTENDED)}X，手机{written(MOBILE, EXTENDED)}",
    ),
    ("full-width", f"身份证号{written(PLANTED_ID[:17], FULL)}Ｘ，手机{written(MOBILE, FULL)}"),
    ("chinese numerals", f"身份证号{written(PLANTED_ID[:17], CHINESE)}X，手机{written(MOBILE, CHINESE)}"),
    ("capitals", f"身份证号{written(PLANTED_ID[:17], CAPITALS)}X，手机{written(MOBILE, CAPITALS)}"),
    ("yao for one", "身份证号11010519491231002X，手机幺三八幺二三四五六七八"),
    ("mixed", "身份证号1١0۱０5一9四9壹2\u200b31002X，手机1三8١2\u00ad3四5６7八"),
]


def visible_digits(text: str) -> str:
    """What a reader can read as a digit: every Unicode digit and every Chinese numeral digit."""
    return "".join(
        ch for ch in text if unicodedata.decimal(ch, None) is not None or ch in CHINESE + CAPITALS + "幺"
    )


def invisible(text: str) -> list[str]:
    return [ch for ch in text if unicodedata.category(ch) == "Cf"]


@pytest.mark.parametrize(("name", "text"), VARIANTS, ids=[name for name, _ in VARIANTS])
def test_the_scanner_finds_both_numbers_however_written(name, text):
    hits = scan.scan(text)
    assert [hit.category for hit in hits] == ["id_number", "mobile"], name
    masked = redaction.apply(text, redaction.auto_masks(text, [], []))
    assert visible_digits(masked) == "" and invisible(masked) == [], masked
    assert masked == "身份证号＊＊＊，手机＊＊＊"
    assert scan.scan(masked) == []


def test_a_numeral_next_to_a_number_in_prose_does_not_hide_it():
    # Read with Chinese numerals as digits the phone would run on into "一"; the plain reading finds it.
    assert [hit.text for hit in scan.scan(f"联系电话{MOBILE}一直未接听")] == [MOBILE]


def test_chinese_numbers_in_ordinary_prose_are_not_personal_data():
    text = "依据第一百二十二条第一款，二〇二六年三月二日作出决定，罚款五千元，责令改正。一二三四五"
    assert scan.scan(text) == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("护照号码：E12345678。", "E12345678"),
        ("当事人持中国护照（号码G12345678）入境", "G12345678"),
        ("护照号G1234567。", "G1234567"),
        ("护照号为EA1234567，", "EA1234567"),
        ("Passport No. C01X00T47", "C01X00T47"),
        ("passport number 123456789", "123456789"),
        ("往来港澳通行证C12345678", "C12345678"),
        # The invisible characters around and inside the number are in the hit, so masked too.
        ("护照号\u200bE1234\u200b5678", "\u200bE1234\u200b5678"),
    ],
)
def test_passport_numbers_after_their_keyword_are_found_and_block(text, number):
    hits = scan.scan(text)
    assert [(hit.category, hit.text) for hit in hits] == [("passport", number)]
    assert hits[0].label == "护照等出入境证件号码"
    masked = redaction.apply(text, redaction.auto_masks(text, [], []))
    assert number not in masked and scan.scan(masked) == []


@pytest.mark.parametrize("text", ["护照复印件一份", "护照等证件共3份", "订单号E12345678"])
def test_no_passport_without_keyword_or_number(text):
    assert scan.scan(text) == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("李四，住址：东湖县幸福路8号，系该店员工。", "东湖县幸福路8号"),
        ("家庭住址为东湖县和平街道12栋3单元；", "东湖县和平街道12栋3单元"),
        ("现住址 东湖县解放路一号。", "东湖县解放路一号"),
        ("户籍地址：东湖县\u200b南山村五组）", "东湖县\u200b南山村五组"),
        ("住\u200b址：东湖县北街7号", "东湖县北街7号"),
    ],
)
def test_a_home_address_after_its_keyword_is_masked_to_its_end(text, address):
    masks = redaction.auto_masks(text, [], [])
    assert [(m["category"], text[m["start"] : m["end"]]) for m in masks] == [("address", address)]
    assert masks[0]["reason"] == "自动隐去：住址"
    redacted = redaction.apply(text, masks)
    assert address not in redacted and "＊＊＊" in redacted
    assert not any(word in redacted for word in ("幸福路", "和平街道", "解放路", "南山村", "北街"))


def test_an_address_is_masked_but_does_not_block_like_health():
    # A keyword-led detector proposes a mask; a person judges it ("住址不详"), so the scan does not block.
    assert scan.scan("住址：东湖县幸福路8号") == []
    assert scan.address_hits("住址：＊＊＊。", ["住址"]) == []


def test_the_address_terms_are_policy(world):
    from sanxiang.core.actions import record_policy_value

    text = "当事人居所：东湖县幸福路8号。"
    scopes = world.agency.policy_scopes()
    assert redaction.auto_masks(text, [], [], scopes) == []
    record_policy_value(
        actor=world.user("admin"),
        key="publication.address_terms",
        scope=f"agency:{world.agency.pk}",
        value="居所",
        reason="测试",
    )
    masks = redaction.auto_masks(text, [], [], scopes)
    assert [text[m["start"] : m["end"]] for m in masks] == ["东湖县幸福路8号"]


def test_the_punished_person_s_name_is_masked_through_invisible_characters():
    text = "当事人张\u200b三测经营过期食品，张三测承认。"
    masked = redaction.apply(text, redaction.name_masks(text, "张三测", "full"))
    assert "三测" not in masked.replace("\u200b", "") and masked.count("＊＊＊") == 2


# --- the CLI -------------------------------------------------------------------------------------


def test_the_cli_exits_1_on_every_variant_and_0_on_clean_prose(tmp_path):
    # One file, one variant a line (each subprocess starts Django: keep their number small).
    leaky = tmp_path / "leaky.txt"
    lines = [text for _, text in VARIANTS] + ["当事人护照号码：E12345678"]
    leaky.write_text("\n".join(lines) + "\n", encoding="utf-8")
    clean = tmp_path / "clean.txt"
    clean.write_text("二〇二六年三月二日，依据第一百二十二条，罚款五千元。\n", encoding="utf-8")
    run = [sys.executable, "-m", "sanxiang", "publication", "scan"]
    found = subprocess.run([*run, str(leaky)], capture_output=True, text=True, check=False)
    assert found.returncode == 1, found.stderr
    for number, (name, _) in enumerate(VARIANTS, start=1):
        assert f":{number}: id_number" in found.stdout and f":{number}: mobile" in found.stdout, name
    assert f":{len(lines)}: passport" in found.stdout
    ok = subprocess.run([*run, str(clean)], capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stdout


# --- end to end -----------------------------------------------------------------------------------


def _post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def _publish_through_the_api(client_as: Any, record: Record, text: str | None) -> dict[str, Any]:
    base = f"/api/v1/publication/records/{record.pk}"
    officer = client_as("officer")
    if text is not None:
        edited = _post(officer, f"{base}/draft", {"state": "draft", "text": text})
        assert edited.status_code == 200, edited.content
    submitted = _post(officer, f"{base}/submit", {"state": "draft"})
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["leak_hits"] == []
    reviewed = _post(client_as("publisher"), f"{base}/review", {"state": "redaction"})
    assert reviewed.status_code == 200, reviewed.content
    approved = _post(client_as("head"), f"{base}/approve", {"state": "approval"})
    assert approved.status_code == 200, approved.content
    return approved.json()


LEAKY = (
    "经查，当事人员工李某（身份证号1101\u200b0519491231002X，手机138\u200b1234\u200b5678），"
    "证人王某（手机一三九一二三四五六七八，身份证号"
    + written(PLANTED_ID[:17], ARABIC)
    + "X，护照号码E12345678，家庭住址：东湖县幸福路8号）在场。"
)


def _public_text(client: Any, record: Record) -> str:
    response = client.get(f"/publication/item/{record.pk}/text.txt")
    assert response.status_code == 200
    return response.content.decode()


def test_the_zero_width_leak_of_the_review_is_closed_end_to_end(world, decided, client_as, client):
    record = decided()
    published = _publish_through_the_api(client_as, record, LEAKY)
    assert published["state"] == "published"
    client.logout()
    public = _public_text(client, record)
    assert "经查，当事人员工李某（身份证号＊＊＊，手机＊＊＊）" in public
    body = public[public.index("经查") :]
    assert visible_digits(body) == "", body
    assert invisible(public) == [] and "E12345678" not in public and "幸福路" not in public


def test_text_stored_before_the_fix_with_invisible_characters_is_masked_end_to_end(
    world, decided, client_as, client
):
    # Data written before input cleaning refused format characters: the detectors alone must hold.
    record = decided()
    Record.objects.filter(pk=record.pk).update(original_text=LEAKY)
    published = _publish_through_the_api(client_as, Record.objects.get(pk=record.pk), None)
    assert published["state"] == "published"
    client.logout()
    public = _public_text(client, record)
    assert visible_digits(public) == "" and invisible(public) == [], public
    assert Record.objects.get(pk=record.pk).state == RecordState.PUBLISHED


# --- property --------------------------------------------------------------------------------------

FORMAT_CHARS = [
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u202a",
    "\u202e",
    "\u2066",
    "\u2069",
]
DIGIT_SYSTEMS = ["0123456789", ARABIC, EXTENDED, FULL, "०१२३४५६७८९", CHINESE, CAPITALS]


def _id_number(body: str) -> str:
    total = sum(int(d) * w for d, w in zip(body, scan.ID_WEIGHTS, strict=True))
    return body + scan.ID_CHECK[total % 11]


id_numbers = st.builds(
    lambda region, year, month, day, seq: _id_number(f"{region}{year}{month:02d}{day:02d}{seq:03d}"),
    st.sampled_from(["110105", "330106", "440305", "510107"]),
    st.integers(1930, 2010),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 999),
)
mobiles = st.builds(
    lambda second, rest: f"1{second}{rest:09d}", st.sampled_from("3456789"), st.integers(0, 10**9 - 1)
)


@st.composite
def disguised(draw: Any, numbers: Any) -> tuple[str, str]:
    number = draw(numbers)
    out = []
    for char in number:
        if char.isdigit():
            char = draw(st.sampled_from(DIGIT_SYSTEMS))[int(char)]
        out.append(char)
        out.append("".join(draw(st.lists(st.sampled_from(FORMAT_CHARS), max_size=2))))
    return number, "".join(out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(disguised(id_numbers), disguised(mobiles)), st.sampled_from(["，", "。", "（", " "]))
def test_property_a_disguised_number_is_found_and_fully_masked(pair, after):
    number, shown = pair
    text = f"当事人身份信息：{shown}{after}罚款"
    hits = scan.scan(text)
    assert len(hits) == 1, (number, [h.text for h in hits])
    masked = redaction.apply(text, redaction.auto_masks(text, [], []))
    assert visible_digits(masked) == "" and invisible(masked) == [], masked
    assert not re.search(r"\d", masked)
