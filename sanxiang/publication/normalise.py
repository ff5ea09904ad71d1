"""How the privacy detectors read a text: as a person sees it, not as its code points are stored.

A number hides nothing by being written in full-width or Arabic-Indic digits, in Chinese numerals
(一三八…, 〇/零, 幺 for 1 in phone numbers, 壹贰叁 capitals), or with spaces, hyphens, zero-width
spaces, soft hyphens, byte-order marks or bidi controls between its digits (security review F1).
``Compact`` gives the detectors one plain form of the text and, for each kept character, the index
of the original one, so that a hit masks the right span of the ORIGINAL text — including every
invisible character between its first and last digit.

This is for detection only: stored text keeps its own punctuation (NFKC would turn "，" into ",")."""

from __future__ import annotations

import unicodedata

from sanxiang.core.text import is_noncharacter

# Characters a writer may put inside a number or a name without changing what it says.
SEPARATORS = frozenset(" \t\r\n\u00a0\u3000-‐‑‒–—―_·")

# Categories that are never visible text: format characters (ZWSP, soft hyphen, BOM, word joiner,
# bidi controls), combining marks laid over a digit, controls, spaces and line/paragraph separators
# of every width, surrogates and unassigned code points.
INVISIBLE_CATEGORIES = frozenset({"Cf", "Cc", "Cs", "Cn", "Mn", "Me", "Zs", "Zl", "Zp"})

# Chinese numerals as digits, read only in a second pass (``numerals=True``) so that a numeral next
# to a number in prose ("13812345678一直未接听") never spoils the plain reading of that number.
CHINESE_DIGITS = {
    **dict.fromkeys("〇零○", "0"),
    **dict.fromkeys("一壹幺", "1"),
    **dict.fromkeys("二贰貳", "2"),
    **dict.fromkeys("三叁參", "3"),
    **dict.fromkeys("四肆", "4"),
    **dict.fromkeys("五伍", "5"),
    **dict.fromkeys("六陆陸", "6"),
    **dict.fromkeys("七柒", "7"),
    **dict.fromkeys("八捌", "8"),
    **dict.fromkeys("九玖", "9"),
}


def has_chinese_digits(text: str) -> bool:
    return any(char in CHINESE_DIGITS for char in text)


def _skipped(char: str) -> bool:
    return char in SEPARATORS or unicodedata.category(char) in INVISIBLE_CATEGORIES or is_noncharacter(char)


def _invisible(char: str) -> bool:
    """A format character or noncharacter: nothing a reader sees (a space is seen)."""
    return unicodedata.category(char) in {"Cf", "Cn"} or is_noncharacter(char)


def plain(char: str, *, numerals: bool = False) -> str:
    """One character as the detectors read it: NFKC, upper case, every Unicode decimal digit (Arabic-
    Indic ٠-٩, extended ۰-۹, Devanagari, …) as its ASCII digit; invisible ones as nothing."""
    out: list[str] = []
    for normal in unicodedata.normalize("NFKC", char).upper():
        if _skipped(normal):
            continue
        digit = unicodedata.decimal(normal, None)
        if digit is not None:
            normal = str(digit)
        elif numerals and normal in CHINESE_DIGITS:
            normal = CHINESE_DIGITS[normal]
        out.append(normal)
    return "".join(out)


class Compact:
    """The text in its plain form (``plain``) with separators and invisible characters removed, and
    for each kept character the index of the original one, to map hits back."""

    def __init__(self, text: str, *, numerals: bool = False) -> None:
        chars: list[str] = []
        where: list[int] = []
        for index, char in enumerate(text):
            if char in SEPARATORS:
                continue
            for normal in plain(char, numerals=numerals):
                chars.append(normal)
                where.append(index)
        self.original = text
        self.text = "".join(chars)
        self.where = where

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the compact span [start, end): from the first kept character to
        the last, so whatever invisible characters lie between them are inside it — and those right
        around it too, so that no stray format character (a bidi override before a masked number)
        is left beside the mask."""
        first, last = self.where[start], self.where[end - 1] + 1
        while first > 0 and _invisible(self.original[first - 1]):
            first -= 1
        while last < len(self.original) and _invisible(self.original[last]):
            last += 1
        return first, last

    def find_all(self, needle: str) -> list[tuple[int, int]]:
        """Every compact span where ``needle`` (already in plain form) occurs, overlapping ones too."""
        spans: list[tuple[int, int]] = []
        if not needle:
            return spans
        start = self.text.find(needle)
        while start >= 0:
            spans.append((start, start + len(needle)))
            start = self.text.find(needle, start + 1)
        return spans


def compact(value: str, *, numerals: bool = False) -> str:
    return Compact(value, numerals=numerals).text
