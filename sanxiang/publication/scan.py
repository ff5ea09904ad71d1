"""The leak scan (legal-rules G-05, 个人信息保护法 Art. 28): finds personal data in a text that is
about to be published. It reads the text as a person would: full-width digits, spaces, hyphens and
line breaks inside a number do not hide it. Redaction (``redaction``) uses the same detectors to
propose masks, so what the scan would catch is masked before review."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Characters a writer may put inside a number or a name without changing what it says.
SEPARATORS = frozenset(" \t\r\n\u00a0\u3000-‐‑‒–—―_·")

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

CATEGORIES = {
    "id_number": "身份证号码",
    "old_id_number": "15位身份证号码",
    "residence_permit": "港澳台居民居住证号码",
    "hk_macao_taiwan_id": "港澳台身份证件号码",
    "mobile": "手机号码",
    "landline": "固定电话号码",
    "bank_card": "银行卡号",
    "bank_account": "银行账号",
    "health": "健康状况",
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
    if not re.fullmatch(r"\d{17}[\dX]", number):
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


class Compact:
    """The text as NFKC (full-width to ASCII, upper-cased letters) with separators removed, and for
    each kept character the index of the original one, to map hits back."""

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        where: list[int] = []
        for index, char in enumerate(text):
            if char in SEPARATORS:
                continue
            for normal in unicodedata.normalize("NFKC", char).upper():
                if normal in SEPARATORS:
                    continue
                chars.append(normal)
                where.append(index)
        self.text = "".join(chars)
        self.where = where

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.where[start], self.where[end - 1] + 1


def compact(value: str) -> str:
    return Compact(value).text


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


def scan(text: str, known: Iterable[str] = (), allowed: Iterable[str] = ()) -> list[Hit]:
    """Every piece of personal data in ``text``: numbers found by their shape and check digits, e-mail
    addresses, and each of the ``known`` private values of the case however it is spaced. Values in
    ``allowed`` (public ones, e.g. a company's credit code or the document number) are not hits."""
    squeezed = Compact(text)
    body = squeezed.text
    skip: list[tuple[int, int]] = []
    for value in allowed:
        needle = compact(value)
        if len(needle) >= 6:
            skip += [(m.start(), m.end()) for m in re.finditer(re.escape(needle), body)]

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in skip)

    found: dict[tuple[int, int], Hit] = {}

    def add(category: str, start: int, end: int) -> None:
        if not free(start, end):
            return
        first, last = squeezed.span(start, end)
        taken = [key for key in found if key[0] < last and first < key[1]]
        if taken:
            return
        found[(first, last)] = Hit(category, first, last, text[first:last])

    # First: a keyword says the digits are an account, whatever their shape.
    for match in BANK_ACCOUNT.finditer(body):
        # A card number (Luhn) or an identity number keeps its own, more precise category.
        add(_classify_digits(match.group(1)) or "bank_account", match.start(1), match.end(1))
    for category, pattern in PATTERNS:
        for match in pattern.finditer(body):
            if category == "long_digits":
                kind = _classify_digits(match.group(0))
                if kind:
                    add(kind, match.start(), match.end())
            else:
                add(category, match.start(), match.end())
    for match in EMAIL.finditer(body):
        add("email", match.start(), match.end())
    # After the shapes, so that a known identity number is reported as one.
    for value in known:
        needle = compact(value)
        if len(needle) >= 2:
            for match in re.finditer(re.escape(needle), body):
                add("known", match.start(), match.end())
    return sorted(found.values(), key=lambda hit: hit.start)


# G-05 / 个人信息保护法 Art. 28: health status is sensitive personal information. The terms are a
# policy (``publication.health_terms``); a hit is masked from the term to the end of its clause
# ("经诊断患有乙型肝炎" hides the diagnosis, not only the word).
CLAUSE_END = re.compile(r"[。；;，,！!？?\n]")
CLAUSE_MAX = 30


def health_hits(text: str, terms: Iterable[str]) -> list[Hit]:
    """Health information in ``text`` by the term list, found also when full-width or spaced."""
    squeezed = Compact(text)
    body = squeezed.text
    spans: list[tuple[int, int]] = []
    for term in terms:
        needle = compact(term)
        if not needle:
            continue
        for match in re.finditer(re.escape(needle), body):
            spans.append(squeezed.span(match.start(), match.end()))
    hits: list[Hit] = []
    for first, last in sorted(spans):
        if hits and first < hits[-1].end:
            continue
        end = CLAUSE_END.search(text, last)
        stop = min(end.start() if end else len(text), last + CLAUSE_MAX)
        stop = max(stop, last)
        hits.append(Hit("health", first, stop, text[first:stop]))
    return hits
