from __future__ import annotations

from django import template
from django.utils.functional import Promise

from sanxiang.cases.procedures.acts import act_label

register = template.Library()


@register.filter(name="act_label")
def act_label_filter(act: str) -> str | Promise:
    """The Chinese name of an act code, e.g. "file" → 立案."""
    return act_label(act)
