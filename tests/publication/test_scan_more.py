"""Two more categories of G-05: bank account numbers found by their keyword (no Luhn needed: an
organisation's settlement account rarely passes it), and health information by the policy's term
list — both also when written full-width, spaced or hyphenated. The scan blocks a bank account; the
automatic masks hide both before review."""

from __future__ import annotations

import pytest

from sanxiang.core.errors import Invalid
from sanxiang.publication import actions, redaction, scan
from sanxiang.publication.models import RecordState
from sanxiang.publication.scan import luhn_ok

ACCOUNT = "120202610900123456"  # 18 digits, not a valid Luhn number, not a valid identity number


def test_the_sample_account_is_no_card_and_no_identity_number():
    assert not luhn_ok(ACCOUNT) and not scan.id_check_ok(ACCOUNT)
    assert scan.scan(f"编号{ACCOUNT}") == []  # without a keyword it is just a number


@pytest.mark.parametrize(
    "text",
    [
        f"账号：{ACCOUNT}",
        f"银行账号 {ACCOUNT[:4]} {ACCOUNT[4:8]} {ACCOUNT[8:12]} {ACCOUNT[12:]}",
        f"对公账户：{ACCOUNT[:6]}-{ACCOUNT[6:12]}-{ACCOUNT[12:]}",
        "账户为" + ACCOUNT.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
        f"开户行：中国工商银行东湖支行，账号：{ACCOUNT}。",
        f"开户行：中国工商银行东湖支行 {ACCOUNT}",
        f"帐号：{ACCOUNT[:9]}\n{ACCOUNT[9:]}",
        "卡号12345678",
    ],
)
def test_a_bank_account_after_its_keyword_is_found_however_written(text):
    hits = scan.scan(text)
    assert [hit.category for hit in hits] == ["bank_account"]
    digits = "".join(ch for ch in hits[0].text if ch.isdigit() or ch in "０１２３４５６７８９")
    assert len(digits) >= 8 and hits[0].label == "银行账号"


@pytest.mark.parametrize("text", ["账户余额100000000元", "账号：1234567", "罚款人民币30000元", "账号：abc"])
def test_no_account_without_the_keyword_or_with_too_few_digits(text):
    assert scan.scan(text) == []


def test_an_allowed_value_after_the_keyword_is_no_hit():
    assert scan.scan(f"账户：{ACCOUNT}", allowed=[ACCOUNT]) == []


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("当事人经诊断患有乙型肝炎，仍从事直接入口食品工作。", "诊断患有乙型肝炎"),
        ("证人张某系艾 滋 病病毒感染者；", "艾 滋 病病毒感染者"),
        ("其ＨＩＶ检测呈阳性。", "ＨＩＶ检测呈阳性"),
        ("当事人提供的病历显示其有精神病史", "病历显示其有精神病史"),
    ],
)
def test_health_information_is_masked_to_the_end_of_its_clause(text, hidden):
    masks = redaction.auto_masks(text, [], [])
    assert [m["category"] for m in masks] == ["health"]
    assert text[masks[0]["start"] : masks[0]["end"]] == hidden
    assert masks[0]["reason"] == "自动隐去：健康状况"
    redacted = redaction.apply(text, masks)
    assert hidden not in redacted and "＊＊＊" in redacted


def test_the_health_terms_are_policy(world):
    from sanxiang.core.actions import record_policy_value

    text = "当事人患有痛风，仍从事食品工作。"
    scopes = world.agency.policy_scopes()
    assert redaction.auto_masks(text, [], [], scopes) == []
    record_policy_value(
        actor=world.user("admin"),
        key="publication.health_terms",
        scope=f"agency:{world.agency.pk}",
        value="痛风",
        reason="测试",
    )
    masks = redaction.auto_masks(text, [], [], scopes)
    assert [text[m["start"] : m["end"]] for m in masks] == ["痛风"]


def test_bank_accounts_are_masked_and_block_publication_until_masked(world, decided):
    record = decided(
        facts=f"当事人通过其开户行：中国农业银行东湖支行 账号：{ACCOUNT[:9]} {ACCOUNT[9:]} 收取货款。"
    )
    record = actions.submit(actor=world.user("officer"), record=record)
    assert "bank_account" in {m["category"] for m in record.masks}
    assert actions.leak_hits(record) == []
    # The reviewer removing the mask: the scan finds the account and blocks.
    index = next(i for i, m in enumerate(record.masks) if m["category"] == "bank_account")
    record = actions.remove_mask(
        actor=world.user("publisher"), record=record, data={"index": str(index), "reason": "测试"}
    )
    assert [hit.category for hit in actions.leak_hits(record)] == ["bank_account"]
    with pytest.raises(Invalid) as refused:
        actions.review(actor=world.user("publisher"), record=record)
    assert refused.value.code == "publication_leak" and "银行账号" in str(refused.value)
    record.refresh_from_db()
    assert record.state == RecordState.REDACTION
