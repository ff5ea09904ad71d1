"""The leak scan finds personal data however it is written; the CLI runs the same scan."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sanxiang.publication import redaction
from sanxiang.publication.scan import id_check_ok, luhn_ok, scan
from tests.publication.conftest import PLANTED_ID


def categories(text: str, **kw) -> list[str]:
    return [hit.category for hit in scan(text, **kw)]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (f"身份证{PLANTED_ID}", "id_number"),
        ("身份证１１０１０５１９４９１２３１００２Ｘ", "id_number"),  # full-width
        ("身份证 110105 1949\n1231-002x", "id_number"),  # spaces, a line break, a hyphen, lower x
        ("旧证110105491231002", "old_id_number"),
        ("居住证810000199001011230", "residence_permit"),
        ("电话138 1234 5678", "mobile"),
        ("电话+86-13812345678", "mobile"),
        ("电话0571-88123456", "landline"),
        ("电话（０５７１）８８１２３４５６", "landline"),
        ("卡号4111 1111 1111 1111", "bank_card"),
        ("邮箱 zhang.san@example.com", "email"),
        ("邮箱 ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", "email"),
    ],
)
def test_each_kind_of_personal_data_is_found(text, category):
    assert categories(text) == [category]


def test_numbers_that_are_not_personal_data_pass():
    # A wrong check digit, a non-Luhn 16-digit number, an amount, a date, a document number.
    assert (
        categories("110105194912310021 1234567812345678 罚款5000.00元 2026-03-02 东市监罚〔2026〕12号") == []
    )
    assert id_check_ok(PLANTED_ID) and not id_check_ok("110105194912310021")
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")


def test_known_private_values_are_found_spaced_or_broken():
    text = "证人王 五称，当事人住东湖县\n幸福路８号。"
    hits = scan(text, known=["王五", "东湖县幸福路8号"])
    assert [hit.text for hit in hits] == ["王 五", "东湖县\n幸福路８号"]


def test_allowed_public_values_are_not_hits():
    assert categories("编号911101080000000018", allowed=["911101080000000018"]) == []


def test_auto_masks_hide_what_the_scan_finds():
    text = f"当事人张三测，身份证{PLANTED_ID}，电话13812345678，证人王五。"
    known = redaction.private_values([], "张三测", ["王五"])
    masks = redaction.auto_masks(text, known, [])
    masked = redaction.apply(text, masks)
    assert PLANTED_ID not in masked and "13812345678" not in masked and "王五" not in masked
    assert "张三测" in masked  # the punished person's name is not hidden by default (G-05)
    assert scan(masked, known=["王五"]) == []
    partial = redaction.apply(text, redaction.name_masks(text, "张三测", "partial"))
    assert "张＊＊＊" in partial or "张＊" in partial


def test_the_cli_exits_non_zero_with_the_hits(tmp_path):
    leaky = tmp_path / "leaky.txt"
    leaky.write_text("第一行\n身份证 １１０１０５ 1949 1231 002X\n", encoding="utf-8")
    clean = tmp_path / "clean.txt"
    clean.write_text("罚款5000元。\n", encoding="utf-8")
    run = [sys.executable, "-m", "sanxiang", "publication", "scan"]
    found = subprocess.run([*run, str(leaky)], capture_output=True, text=True, check=False)
    assert found.returncode == 1
    assert ":2: id_number" in found.stdout
    ok = subprocess.run([*run, str(clean)], capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stderr
