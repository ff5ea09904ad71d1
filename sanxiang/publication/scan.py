"""The leak scan (legal-rules G-05, 个人信息保护法 Art. 28): finds personal data in a text that is
about to be published. It reads the text as a person would: full-width digits, spaces, hyphens and
line breaks inside a number do not hide it. Redaction (``redaction``) uses the same detectors to
propose masks, so what the scan would catch is masked before review.

Every detector reads the text through ``normalise.Compact``: NFKC, invisible characters (zero-width
spaces, soft hyphens, BOMs, bidi controls) removed, every Unicode digit system as ASCII digits — and,
in a second pass, Chinese numerals as digits (security review F1).

Block or mask: a detector that recognises personal data by its SHAPE (identity, card, phone,
passport numbers, e-mail addresses, bank accounts after their keyword, the case's known private
values) both proposes a mask before review AND blocks review and approval while it still finds
something in the text to publish (``actions._refuse_leaks``). Detectors that find a keyword and mask
the rest of its clause — health information (``health_hits``) and home addresses (``address_hits``)
— only propose masks: what follows the keyword needs a person's judgement ("住址不详", a
company's registered address), so the reviewer may remove such a mask with a logged reason. A party's
registered address is among the known values, so it blocks like a number does."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sanxiang.publication.normalise import SEPARATORS, Compact, compact, has_chinese_digits

# Re-exported: callers read the text the way the detectors do.
__all__ = [
    "CATEGORIES",
    "SEPARATORS",
    "Compact",
    "Hit",
    "address_hits",
    "compact",
    "health_hits",
    "id_check_ok",
    "luhn_ok",
    "scan",
]

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

CATEGORIES = {
    "id_number": "身份证号码",
    "old_id_number": "15位身份证号码",
    "residence_permit": "港澳台居民居住证号码",
    "hk_macao_taiwan_id": "港澳台身份证件号码",
    "passport": "护照等出入境证件号码",
    "mobile": "手机号码",
    "landline": "固定电话号码",
    "bank_card": "银行卡号",
    "bank_account": "银行账号",
    "health": "健康状况",
    "address": "住址",
    "email": "电子邮箱",
    "known": "案件中登记的个人信息",
}


@dataclass(frozen=True)
class Hit:
    category: str
    start: int  # span in the original text
    end: int
    text: str

    @property
    def label(self) -> str:
        return CATEGORIES.get(self.category, self.category)


def id_check_ok(number: str) -> bool:
    """GB 11643-1999 check character of an 18-character citizen identity number."""
    if not re.fullmatch(r"[0-9]{17}[0-9X]", number):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11] == number[17]


def luhn_ok(number: str) -> bool:
    digits = [int(d) for d in reversed(number)]
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(digits))
    return total % 10 == 0


def _plausible_old_id(number: str) -> bool:
    month, day = int(number[8:10]), int(number[10:12])
    return 1 <= month <= 12 and 1 <= day <= 31


PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("long_digits", re.compile(r"(?<![0-9A-Z])\d{15,19}X?(?![0-9A-Z])")),
    (
        "hk_macao_taiwan_id",
        re.compile(
            r"(?<![0-9A-Z])(?:[A-Z]{1,2}\d{6}\(?[0-9A]\)|[A-Z][12]\d{8}|[157]\d{6}\(\d\))(?![0-9A-Z])"
        ),
    ),
    ("mobile", re.compile(r"(?<!\d)(?:\+?86)?(1[3-9]\d{9})(?!\d)")),
    ("landline", re.compile(r"(?<!\d)(?:\(?0\d{2,3}\)?)\d{7,8}(?!\d)")),
)
# G-05: natural persons' and organisations' bank accounts. An account number need not pass Luhn (a
# company's settlement account rarely does), so it is found by what precedes it: a keyword, maybe a
# bank's name (开户行：中国工商银行东湖支行 账号 …), then 8–30 digits however they are spaced. The text
# is already compacted (NFKC: "：" is ":"; separators removed).
BANK_ACCOUNT = re.compile(
    r"(?:(?:银行账号|银行账户|银行卡号|对公账户|结算账户|账号|帐号|账户|帐户|卡号)[:为是]?"
    r"|开户行[:为是]?[^\d:]{0,30}?(?:账号|帐号|账户|帐户)?[:为是]?)"
    r"(\d{8,30})(?!\d)"
)
EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")


def _classify_digits(run: str) -> str | None:
    if len(run) == 18 and id_check_ok(run):
        return "residence_permit" if run[:2] in {"81", "82", "83"} else "id_number"
    if len(run) == 15 and run.isdigit() and _plausible_old_id(run):
        return "old_id_number"
    if run.isdigit() and 16 <= len(run) <= 19 and luhn_ok(run):
        return "bank_card"
    return None


# Passport and other travel-document numbers (G-05 "其他个人信息"; 个人信息保护法 Art. 28 lists
# 特定身份 among sensitive data): found after their keyword, since their shapes (E12345678,
# G1234567, 123456789, C01X00T47, TR1234567) are also the shapes of ordinary codes. 6–12 letters and
# digits with at least 5 digits, within a few characters of the keyword ("护照号码为", "passport
# No."). The text is compacted: upper case, separators removed.
PASSPORT = re.compile(
    r"(?:护照|通行证|旅行证|PASSPORT)(?:号码|号|NUMBER|NO)?[^A-Z0-9。；;，,]{0,6}?"
    r"((?=[A-Z0-9]{6,12}(?![A-Z0-9]))(?:[A-Z]*[0-9]){5}[A-Z0-9]*)"
)


def scan(text: str, known: Iterable[str] = (), allowed: Iterable[str] = ()) -> list[Hit]:
    """Every piece of personal data in ``text``: numbers found by their shape and check digits, e-mail
    addresses, and each of the ``known`` private values of the case however it is spaced. Values in
    ``allowed`` (public ones, e.g. a company's credit code or the document number) are not hits."""
    known, allowed = list(known), list(allowed)
    # The plain reading first; then, if the text has any, with Chinese numerals read as digits.
    views = [Compact(text)]
    if has_chinese_digits(text):
        views.append(Compact(text, numerals=True))
    found: dict[tuple[int, int], Hit] = {}

    def add(view: Compact, skip: list[tuple[int, int]], category: str, start: int, end: int) -> None:
        if any(s < end and start < e for s, e in skip):
            return
        first, last = view.span(start, end)
        overlapping = [key for key in found if key[0] < last and first < key[1]]
        # A longer reading wins over the pieces it covers: read plainly, the ASCII digits of an
        # identity number half in Chinese numerals may look like a phone number of their own.
        if overlapping and not (
            first <= min(key[0] for key in overlapping)
            and last >= max(key[1] for key in overlapping)
            and last - first > max(key[1] - key[0] for key in overlapping)
        ):
            return
        for key in overlapping:
            del found[key]
        found[(first, last)] = Hit(category, first, last, text[first:last])

    def skipped(view: Compact) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for value in allowed:
            needle = compact(value, numerals=view is not views[0])
            if len(needle) >= 6:
                spans += view.find_all(needle)
        return spans

    skips = [skipped(view) for view in views]
    for view, skip in zip(views, skips, strict=True):
        for category, start, end in _shapes(view):
            add(view, skip, category, start, end)
    # After the shapes, so that a known identity number is reported as one.
    for view, skip in zip(views, skips, strict=True):
        for value in known:
            needle = compact(value, numerals=view is not views[0])
            if len(needle) >= 2:
                for start, end in view.find_all(needle):
                    add(view, skip, "known", start, end)
    return sorted(found.values(), key=lambda hit: hit.start)


def _shapes(view: Compact) -> Iterator[tuple[str, int, int]]:
    """(category, start, end) in the compact text for each number of a known shape, most precise
    reading first."""
    body = view.text
    # First: a keyword says the digits are an account, whatever their shape.
    for match in BANK_ACCOUNT.finditer(body):
        # A card number (Luhn) or an identity number keeps its own, more precise category.
        yield (_classify_digits(match.group(1)) or "bank_account", match.start(1), match.end(1))
    for match in PASSPORT.finditer(body):
        yield ("passport", match.start(1), match.end(1))
    for category, pattern in PATTERNS:
        for match in pattern.finditer(body):
            if category == "long_digits":
                kind = _classify_digits(match.group(0))
                if kind:
                    yield (kind, match.start(), match.end())
            else:
                yield (category, match.start(), match.end())
    for match in EMAIL.finditer(body):
        yield ("email", match.start(), match.end())


# G-05 / 个人信息保护法 Art. 28: health status is sensitive personal information. The terms are a
# policy (``publication.health_terms``); a hit is masked from the term to the end of its clause
# ("经诊断患有乙型肝炎" hides the diagnosis, not only the word).
CLAUSE_END = re.compile(r"[。；;，,！!？?\n]")
CLAUSE_MAX = 30


def _term_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """The original spans of every term, found also when full-width, spaced or broken by invisible
    characters, in order of position (the longer term first where two start together)."""
    squeezed = Compact(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        for start, end in squeezed.find_all(compact(term)):
            spans.append(squeezed.span(start, end))
    return sorted(spans, key=lambda span: (span[0], -span[1]))


def health_hits(text: str, terms: Iterable[str]) -> list[Hit]:
    """Health information in ``text`` by the term list, found also when full-width or spaced."""
    hits: list[Hit] = []
    for first, last in _term_spans(text, terms):
        if hits and first < hits[-1].end:
            continue
        end = CLAUSE_END.search(text, last)
        stop = min(end.start() if end else len(text), last + CLAUSE_MAX)
        stop = max(stop, last)
        hits.append(Hit("health", first, stop, text[first:stop]))
    return hits


# G-05: 自然人的家庭住址. After a keyword (policy ``publication.address_terms``: 住址, 家庭住址,
# 现住址, 户籍地址 …) the address runs to the punctuation that ends it — "，" "。" "；" a closing
# bracket or the line's end — at most ADDRESS_MAX characters. Only the address is masked: the keyword
# stays, so a reader sees that an address was hidden. A colon, "为" or "是" right after the keyword
# is part of the phrase, not of the address.
ADDRESS_END = re.compile(r"[。；;，,！!？?）)】\n]")
ADDRESS_LEAD = frozenset(" \t\u3000:：为是\u00a0")
ADDRESS_MAX = 80


def address_hits(text: str, terms: Iterable[str]) -> list[Hit]:
    """Home addresses of natural persons given after one of the ``terms``."""
    hits: list[Hit] = []
    for first, last in _term_spans(text, terms):
        if hits and first < hits[-1].end:
            continue
        start = last
        while start < len(text) and (text[start] in ADDRESS_LEAD or not text[start].isprintable()):
            start += 1
        end = ADDRESS_END.search(text, start)
        stop = min(end.start() if end else len(text), start + ADDRESS_MAX)
        # Nothing to hide when the "address" is only what was already masked.
        if stop > start and text[start:stop].strip("＊* \t"):
            hits.append(Hit("address", start, stop, text[start:stop]))
    return hits
