"""Reading the State Council's holiday notice as it is published (国务院办公厅关于XXXX年部分节假日安排
的通知), so that an administrator can paste it instead of retyping it day by day.

The notice lists one item per festival:

    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。

A sentence with 放假 gives the rest days (one day, "X月Y日至Z日" or "X月Y日至X月Z日"), a sentence with
上班 the weekend days worked instead (调休). The result is the same {date: (is_workday, note)} as the
line format of ``actions.parse_notice``, with the notes the seeded calendar uses ("春节" on a rest day,
"春节调休上班" on a weekend working day), so that a pasted notice and the seeded year agree exactly.

Checks that catch a wrong paste or a wrong year: the weekday the notice prints in brackets must be the
date's weekday in the chosen year, and "共N天" must be the number of days listed as 放假. Everything
else of the notice (the salutation, the closing paragraph, the signature) is skipped. Every line that
names a festival but cannot be read is reported with its number.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# Half-width punctuation as some reprints have it, and the traditional characters of Hong Kong and
# Taiwan reprints that the pattern needs.
_NORMALISE = str.maketrans(
    {"(": "（", ")": "）", ":": "：", ",": "，", ";": "；", "\u3000": " ", "節": "节", "國": "国", "慶": "庆",
     "勞": "劳", "動": "动", "調": "调", "週": "周"}
)  # fmt: skip
_ITEM = re.compile(r"(?:^|(?<=[。\s]))[一二三四五六七八九十]+、\s*(?P<name>[^：。]{1,30}?)\s*：")
_BRACKETS = re.compile(r"（(?P<inside>[^）]*)）")
_ONE_DATE = re.compile(r"(?:(?P<year>\d{4})年)?(?:(?P<month>\d{1,2})月)?(?P<day>\d{1,2})日")
_RANGE_JOIN = re.compile(r"\s*(?:至|到|—|－|-|~|～)\s*")
_TOTAL = re.compile(r"共\s*(\d{1,2})\s*天")
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_WEEKDAY = re.compile(r"(?:周|星期)(?P<day>[一二三四五六日天])")
_MARKERS = re.compile(r"\d{1,2}月\d{1,2}日")


class NoticeError(Exception):
    """A line of the notice that could not be read: its number and what is wrong, in words."""

    def __init__(self, line: int, problem: str) -> None:
        self.line = line
        self.problem = problem
        super().__init__(f"{line}: {problem}")


@dataclass
class _Item:
    name: str
    line: int
    text: str


def looks_like_notice(text: str) -> bool:
    """Whether the text is the notice as published ("1月1日…放假") rather than the line format
    ("2027-01-01 休 元旦")."""
    normal = text.translate(_NORMALISE)
    return bool(_MARKERS.search(normal) and ("放假" in normal or "上班" in normal) and _ITEM.search(normal))


def _items(text: str) -> list[_Item]:
    """The festival items, each with the number of the line it starts on. An item runs to the next
    item, over line breaks (a reprint may put "1月4日（周日）上班。" on a line of its own); the
    paragraph after the last item (鼓励单位和个人……) is cut at its first sentence without a date."""
    items: list[_Item] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.translate(_NORMALISE).strip()
        if not line:
            continue
        starts = list(_ITEM.finditer(line))
        if not starts:
            if items and _MARKERS.search(line) and ("放假" in line or "上班" in line):
                items[-1].text += line
            continue
        for index, match in enumerate(starts):
            end = starts[index + 1].start() if index + 1 < len(starts) else len(line)
            items.append(_Item(match["name"].strip(), number, line[match.end() : end]))
    return items


def _date(year: int, match: re.Match[str], month: int | None, item: _Item) -> dt.date:
    if match["year"] and int(match["year"]) != year:
        raise NoticeError(item.line, str(_("the date is not in %(year)d.") % {"year": year}))
    if match["month"] is None and month is None:
        raise NoticeError(item.line, str(_("%(text)s has no month.") % {"text": match.group(0)}))
    try:
        return dt.date(year, int(match["month"] or month or 0), int(match["day"]))
    except ValueError:
        raise NoticeError(
            item.line, str(_("%(text)s is not a date in %(year)d.") % {"text": match.group(0), "year": year})
        ) from None


def _check_weekday(day: dt.date, after: str, year: int, item: _Item) -> None:
    """The weekday the notice prints after a date, "（周四）" or "（农历腊月二十八、周日）", must be the
    date's weekday in ``year``: a notice of another year pasted by mistake shows up here."""
    bracket = re.match(r"\s*（([^）]*)）", after)
    weekday = _WEEKDAY.search(bracket.group(1)) if bracket else None
    if weekday is not None and day.weekday() != _WEEKDAYS[weekday["day"]]:
        raise NoticeError(
            item.line,
            str(
                _("%(date)s is not a %(weekday)s in %(year)d; check the year.")
                % {"date": f"{day.month}月{day.day}日", "weekday": weekday.group(0), "year": year}
            ),
        )


def _dates(sentence: str, year: int, item: _Item) -> list[dt.date]:
    """Every date a sentence names, ranges ("X月Y日至Z日", "X月Y日至X月Z日") expanded; a day without
    its month takes the month of the date before it."""
    # Brackets blanked (same length, so offsets still match the sentence): "（农历正月初七、周一）"
    # holds no date, and a range reads "2月15日 … 至23日".
    plain = _BRACKETS.sub(lambda m: " " * len(m.group(0)), sentence)
    tokens: list[tuple[dt.date, int, int]] = []
    month: int | None = None
    for match in _ONE_DATE.finditer(plain):
        day = _date(year, match, month, item)
        _check_weekday(day, sentence[match.end() :], year, item)
        tokens.append((day, match.start(), match.end()))
        month = day.month
    days: list[dt.date] = []
    index = 0
    while index < len(tokens):
        first = last = tokens[index][0]
        if index + 1 < len(tokens) and _RANGE_JOIN.fullmatch(plain[tokens[index][2] : tokens[index + 1][1]]):
            last = tokens[index + 1][0]
            index += 2
        else:
            index += 1
        if last < first:
            raise NoticeError(item.line, str(_("the range ends before it starts.")))
        while first <= last:
            days.append(first)
            first += dt.timedelta(days=1)
    return days


def parse(year: int, text: str) -> dict[dt.date, tuple[bool, str]]:
    """{date: (is_workday, note)} of every day the notice names; raises ``NoticeError`` for the
    first item it cannot read (the caller reports it with the line number)."""
    items = _items(text)
    if not items:
        raise NoticeError(1, str(_("no item like “一、元旦：1月1日放假” was found.")))
    listed: dict[dt.date, tuple[bool, str]] = {}
    for item in items:
        rest: list[dt.date] = []
        work: list[dt.date] = []
        for sentence in (s for s in re.split(r"[。；]", item.text) if s.strip()):
            if "放假" not in sentence and "上班" not in sentence:
                continue
            head = sentence.split("放假")[0] if "放假" in sentence else ""
            if head:
                found = _dates(head, year, item)
                if not found:
                    raise NoticeError(
                        item.line, str(_("the days off of %(name)s have no date.") % {"name": item.name})
                    )
                rest += found
                total = _TOTAL.search(sentence)
                if total and int(total.group(1)) != len(found):
                    raise NoticeError(
                        item.line,
                        str(
                            _("%(name)s: the notice says %(total)s days but lists %(count)d.")
                            % {"name": item.name, "total": total.group(1), "count": len(found)}
                        ),
                    )
            if "上班" in sentence:
                tail = sentence.split("放假")[-1] if head else sentence
                found = _dates(tail.split("上班")[0], year, item)
                if not found:
                    raise NoticeError(
                        item.line, str(_("the working days of %(name)s have no date.") % {"name": item.name})
                    )
                work += found
        if not rest and not work:
            raise NoticeError(
                item.line, str(_("%(name)s: no days with 放假 or 上班 were found.") % {"name": item.name})
            )
        for day, is_workday in [(d, False) for d in rest] + [(d, True) for d in work]:
            if day in listed:
                raise NoticeError(
                    item.line, str(_("%(date)s is listed twice.") % {"date": f"{day.month}月{day.day}日"})
                )
            note = item.name if not is_workday else (f"{item.name}调休上班" if day.weekday() >= 5 else "")
            listed[day] = (is_workday, note)
    return listed
