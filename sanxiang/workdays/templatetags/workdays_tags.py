"""``{% next_year_calendar_warning user %}``: the administrators' workbench reminder that next year's
holiday schedule is missing, with a link to enter it (the workbench itself stays in accounts)."""

from __future__ import annotations

from typing import Any

from django import template

from sanxiang.workdays import permissions, queries

register = template.Library()


@register.inclusion_tag("workdays/_next_year_warning.html")
def next_year_calendar_warning(user: Any) -> dict[str, Any]:
    year = queries.next_year_missing() if permissions.can_edit(user) else None
    return {"missing_year": year}
