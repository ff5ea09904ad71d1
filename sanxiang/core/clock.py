"""The one clock. Every "now" and "today" in sanxiang comes from here so that tests can travel in
time (time-machine) and so that dates are always taken in Asia/Shanghai, never the server's zone."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    return timezone.now()


def today() -> dt.date:
    """Today's date in the configured zone (Asia/Shanghai): a certificate expires at local midnight."""
    return timezone.localdate(timezone.now())


def localtime_str(moment: dt.datetime) -> str:
    """A time as people in the agency read it: Asia/Shanghai, to the minute."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
