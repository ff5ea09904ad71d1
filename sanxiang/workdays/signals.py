"""Signals of the calendar, for apps that depend on it: ``workdays`` imports no domain app
(layering), so they listen instead.

``calendar_year_completed`` is sent with ``year`` after the transaction that marked a year's
schedule complete has committed (``actions.apply_plan``). Receivers run in their own transaction:
the calendar is entered whatever they do, and a failing receiver is logged, not raised."""

from __future__ import annotations

from django.dispatch import Signal

calendar_year_completed = Signal()  # sender=CalendarYear, year=int
