"""The hard gate (处罚法 Art. 58 ¶1: 未经法制审核或者审核未通过的，不得作出决定), registered as a
``cases.hooks`` guard: the decision of a major case needs the latest review round passed for exactly
the draft being decided, and — by the policy ``legal_review.discussion_for_major`` (Art. 57 ¶2) —
the heads' collective discussion of that same draft."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sanxiang.cases.penalties import Penalty
from sanxiang.cases.procedures.base import Context, Refusal
from sanxiang.core import policy
from sanxiang.legal_review import citations, queries, rules
from sanxiang.legal_review.draft import digest, draft_of

DECISION_ACTS = frozenset({"decide"})


def major_decision_guard(ctx: Context) -> Refusal | None:
    if ctx.transition.act not in DECISION_ACTS:
        return None
    case = ctx.case
    # An agency without a saved catalogue is held to the default one (queries.rules_of: the law's
    # minimum of Art. 58 plus the digest's C-11 defaults): a decision after a hearing is major by law.
    penalty: Penalty | None = ctx.data.get("penalty")
    if penalty is None or ctx.preview:
        penalty = case.penalty("notified") if not case.penalty("notified").empty else case.penalty("proposed")
    major = queries.is_major(case) or bool(
        rules.classify(queries.rules_of(case.agency), queries.facts_of(case, penalty))
    )
    if not major:
        return None
    draft_hash = digest(draft_of(case, penalty))
    latest = queries.latest_round(case)
    if latest is None or not latest.passed:
        return Refusal(
            "legal_review_required",
            _("A major decision needs a passed legal review first (the latest round: %(state)s).")
            % {"state": _("none") if latest is None else (latest.get_opinion_display() or _("open"))},
            citations.ART_58,
        )
    # In preview the decided penalty is not known yet (it may be lighter than the notice, Art. 45):
    # the hash is judged on the act itself.
    if latest.draft_hash != draft_hash and not ctx.preview:
        return Refusal(
            "legal_review_stale",
            _(
                "The draft changed after its legal review (penalty, amount, legal basis or parties); submit it for a new round."
            ),
            citations.ART_58,
        )
    if policy.value("legal_review.discussion_for_major", case.agency.policy_scopes()):
        discussion = queries.latest_discussion(case)
        if discussion is None or (discussion.draft_hash != draft_hash and not ctx.preview):
            return Refusal(
                "collective_discussion_required",
                _("A major case is decided after the heads' collective discussion of the reviewed draft."),
                citations.ART_57_2,
            )
    return None
