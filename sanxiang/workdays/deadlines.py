"""A deadline as the system keeps it: the due date, how it was counted, from which event, by which
rule, and a sentence a person understands (ARCHITECTURE rule 3: every deadline shows its rule)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from sanxiang.core.errors import Invalid
from sanxiang.workdays import arithmetic
from sanxiang.workdays.models import CalendarDay

WORKING_DAYS = "working_days"
CALENDAR_DAYS = "calendar_days"
MODES = (WORKING_DAYS, CALENDAR_DAYS)


@dataclass(frozen=True)
class Deadline:
    due: dt.date
    mode: str  # "working_days" | "calendar_days"
    days: int
    start_event: str  # e.g. "送达", "立案"
    start_date: dt.date
    rule_id: str  # e.g. "D-23"
    citation: str  # e.g. "《中华人民共和国行政处罚法》第六十一条"
    explanation: str  # e.g. "自2026年9月30日送达起7个工作日，国庆节假期顺延"

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (dates as ISO-8601), for storing on a case and for the record log."""
        data = asdict(self)
        data["due"] = self.due.isoformat()
        data["start_date"] = self.start_date.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Deadline:
        return cls(
            **{
                **data,
                "due": dt.date.fromisoformat(data["due"]),
                "start_date": dt.date.fromisoformat(data["start_date"]),
            }
        )


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _holiday_names(after: dt.date, through: dt.date) -> list[str]:
    """Names of the holidays among the rest days in (after, through], in calendar order."""
    notes = (
        CalendarDay.objects.filter(date__gt=after, date__lte=through, is_workday=False)
        .exclude(note="")
        .order_by("date")
        .values_list("note", flat=True)
    )
    return list(dict.fromkeys(notes))


def _holiday_phrase(names: list[str]) -> str:
    return "、".join(name if name.endswith("假期") else f"{name}假期" for name in names)


def compute(
    *, rule_id: str, citation: str, start_event: str, start_date: dt.date, days: int, mode: str
) -> Deadline:
    """The deadline ``days`` working or calendar days after ``start_date``; refuses with
    ``arithmetic.CalendarMissing`` when the calendar it needs has not been entered."""
    opening = f"自{chinese_date(start_date)}{start_event}起"
    if mode == WORKING_DAYS:
        due = arithmetic.add_working_days(start_date, days)
        explanation = f"{opening}{days}个工作日"
        names = _holiday_names(start_date, due)
        if names:
            explanation += f"，{_holiday_phrase(names)}顺延"
    elif mode == CALENDAR_DAYS:
        due = arithmetic.add_calendar_days(start_date, days)
        explanation = f"{opening}{days}日"
        if due != start_date + dt.timedelta(days=days):
            explanation += f"，期满日为休息日的顺延至{chinese_date(due)}"
    else:
        raise Invalid(
            "deadline_mode",
            _("A period is counted in working days or in calendar days."),
            field="mode",
        )
    return Deadline(
        due=due,
        mode=mode,
        days=days,
        start_event=start_event,
        start_date=start_date,
        rule_id=rule_id,
        citation=citation,
        explanation=explanation,
    )
