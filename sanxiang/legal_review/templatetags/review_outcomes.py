"""``{% review_outcome round as outcome %}``: what a crime or refer opinion set going, for the
panel's round (``legal_review.outcomes.outcome_of``)."""

from __future__ import annotations

from django import template

from sanxiang.legal_review.models import ReviewRound
from sanxiang.legal_review.outcomes import Outcome, outcome_of

register = template.Library()


@register.simple_tag
def review_outcome(row: ReviewRound) -> Outcome | None:
    return outcome_of(row)
