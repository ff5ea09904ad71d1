"""When periodic jobs run. Pure functions of the time huey's scheduler passes (a naive UTC datetime,
checked once a minute)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

MINUTES_PER_DAY = 24 * 60


def every_minutes(minutes: int) -> Callable[[dt.datetime], bool]:
    """Run when the minute of the day is a multiple of ``minutes`` (1–1440). For a divisor of 60
    this is ``*/minutes`` of each hour; otherwise the last interval before midnight is shorter."""
    if not 1 <= minutes <= MINUTES_PER_DAY:
        raise ValueError(f"an interval of {minutes} minutes is not between 1 and {MINUTES_PER_DAY}")

    def due(moment: dt.datetime) -> bool:
        return (moment.hour * 60 + moment.minute) % minutes == 0

    due.__name__ = f"every_{minutes}_minutes"
    return due
