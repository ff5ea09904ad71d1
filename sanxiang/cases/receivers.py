"""Receivers of other apps' signals (connected in ``CasesConfig.ready``)."""

from __future__ import annotations

from typing import Any


def calendar_year_completed(sender: Any, *, year: int, **kwargs: Any) -> None:
    """A year's holiday schedule is complete: periods waiting for it get their last day."""
    from sanxiang.cases import actions

    actions.recompute_pending_deadlines(year=year)
